#pragma once

#include <QByteArray>
#include <QString>

namespace feltnotat::server::csv {

// One CSV field (RFC 4180) in UTF-8. Text that a spreadsheet would run as a formula (starting with
// =, +, -, @, tab or CR) gets a leading ' when `guardFormula` (numbers are written as they are).
// Quoted when it holds the separator, a quote, a line break or a '.
inline QByteArray field(QString text, bool guardFormula, QChar separator = u',')
{
    if (guardFormula && !text.isEmpty() && QStringLiteral("=+-@\t\r").contains(text.front()))
        text.prepend(u'\'');
    if (text.contains(separator) || text.contains(u'"') || text.contains(u'\n') || text.contains(u'\r')
        || text.contains(u'\''))
        text = u'"' + text.replace(u'"', QStringLiteral("\"\"")) + u'"';
    return text.toUtf8();
}

} // namespace feltnotat::server::csv
