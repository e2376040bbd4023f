#include "formatter.h"

#include "core/validation.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace {
QTimeZone &zoneRef()
{
    static QTimeZone zone = QTimeZone::systemTimeZone();
    return zone;
}
} // namespace

Formatter::Formatter(QObject *parent)
    : QObject(parent)
{ }

QTimeZone Formatter::zone()
{
    return zoneRef();
}

void Formatter::setZone(const QTimeZone &zone)
{
    zoneRef() = zone;
}

QString Formatter::date(const QDate &date)
{
    return date.isValid() ? date.toString(QStringLiteral("dd.MM.yyyy")) : QString();
}

QString Formatter::time(const QDateTime &time)
{
    return time.isValid() ? time.toTimeZone(zone()).toString(QStringLiteral("HH:mm")) : QString();
}

QString Formatter::dateTime(const QDateTime &time)
{
    return time.isValid() ? time.toTimeZone(zone()).toString(QStringLiteral("dd.MM.yyyy HH:mm")) : QString();
}

QString Formatter::date(const QString &iso)
{
    if (iso.size() > 10) {
        if (auto t = feltnotat::validation::parseDateTime(iso))
            return date(t->toTimeZone(zone()).date());
        return {};
    }
    if (auto d = feltnotat::validation::parseDate(iso))
        return date(*d);
    return {};
}

QString Formatter::time(const QString &isoUtc)
{
    if (auto t = feltnotat::validation::parseDateTime(isoUtc))
        return time(*t);
    return {};
}

QString Formatter::dateTime(const QString &isoUtc)
{
    if (auto t = feltnotat::validation::parseDateTime(isoUtc))
        return dateTime(*t);
    return {};
}

QString Formatter::number(double value, int decimals)
{
    QString text = QString::number(std::abs(value), 'f', qMax(0, decimals));
    const qsizetype dot = text.indexOf(u'.');
    QString whole = dot < 0 ? text : text.left(dot);
    const QString fraction = dot < 0 ? QString() : text.mid(dot + 1);
    // Groups of three only from five digits on, as Norwegian style guides write 1234 but 12 345.
    if (whole.size() > 4) {
        for (qsizetype i = whole.size() - 3; i > 0; i -= 3)
            whole.insert(i, QChar(0x00A0));
    }
    QString out = value < 0 ? QStringLiteral("−") + whole : whole;
    if (!fraction.isEmpty())
        out += u',' + fraction;
    return out;
}

QString Formatter::week(const QDate &date)
{
    if (!date.isValid())
        return {};
    return QCoreApplication::translate("Format", "uke %1").arg(date.weekNumber());
}

QString Formatter::week(const QString &isoDate)
{
    if (auto d = feltnotat::validation::parseDate(isoDate.left(10)))
        return week(*d);
    return {};
}

QString Formatter::relativeDay(const QDate &day, const QDate &today)
{
    const qint64 diff = today.daysTo(day);
    if (diff == 0)
        return QCoreApplication::translate("Format", "i dag");
    if (diff == 1)
        return QCoreApplication::translate("Format", "i morgen");
    if (diff == -1)
        return QCoreApplication::translate("Format", "i går");
    return date(day);
}

QString Formatter::shortDay(const QDate &day, const QDate &today)
{
    if (!day.isValid())
        return {};
    if (qAbs(today.daysTo(day)) <= 1 || day.year() != today.year())
        return relativeDay(day, today);
    return day.toString(QStringLiteral("dd.MM."));
}

QString Formatter::orgNumber(const QString &digits)
{
    if (digits.size() != 9)
        return digits;
    return digits.left(3) + u' ' + digits.mid(3, 3) + u' ' + digits.mid(6);
}

QString Formatter::phone(const QString &stored)
{
    if (stored.size() == 11 && stored.startsWith(QStringLiteral("+47")))
        return stored.mid(3, 3) + u' ' + stored.mid(6, 2) + u' ' + stored.mid(8);
    return stored;
}

QDate Formatter::parseDate(const QString &text)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return {};
    if (auto iso = feltnotat::validation::parseDate(t))
        return *iso;
    static const QRegularExpression re(
        QStringLiteral("^(\\d{1,2})[.\\-/ ](\\d{1,2})[.\\-/ ](\\d{2}|\\d{4})$"));
    const auto m = re.match(t);
    if (!m.hasMatch())
        return {};
    int year = m.captured(3).toInt();
    if (m.captured(3).size() == 2)
        year += 2000;
    const QDate d(year, m.captured(2).toInt(), m.captured(1).toInt());
    if (!d.isValid() || year < feltnotat::validation::MinYear || year > feltnotat::validation::MaxYear)
        return {};
    return d;
}

QTime Formatter::parseTime(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^(\\d{1,2})[:.]?(\\d{2})$"));
    const auto m = re.match(text.trimmed());
    if (!m.hasMatch())
        return {};
    return QTime(m.captured(1).toInt(), m.captured(2).toInt());
}
