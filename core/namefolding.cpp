#include "namefolding.h"

namespace feltnotat::namefolding {

namespace {

// Letters that Unicode does not decompose into an ASCII base letter.
QString spelled(QChar c)
{
    switch (c.unicode()) {
    case u'æ':
        return QStringLiteral("ae");
    case u'ø':
    case u'œ':
        return QStringLiteral("o");
    case u'ß':
        return QStringLiteral("ss");
    case u'đ':
    case u'ð':
        return QStringLiteral("d");
    case u'þ':
        return QStringLiteral("th");
    case u'ł':
        return QStringLiteral("l");
    default:
        return {};
    }
}

} // namespace

QString fold(QStringView text)
{
    const QString decomposed = text.toString().toLower().normalized(QString::NormalizationForm_KD);
    QString out;
    out.reserve(decomposed.size());
    bool separated = true;
    for (QChar c : decomposed) {
        if (c.category() == QChar::Mark_NonSpacing)
            continue; // the accent of a decomposed letter
        QString part;
        if ((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9'))
            part = c;
        else
            part = spelled(c);
        if (part.isEmpty()) {
            separated = true;
            continue;
        }
        if (separated && !out.isEmpty())
            out += u' ';
        out += part;
        separated = false;
    }
    return out;
}

QStringList words(QStringView text)
{
    QStringList out;
    for (const QString &w : fold(text).split(u' ', Qt::SkipEmptyParts)) {
        if (!out.contains(w))
            out << w;
    }
    return out;
}

QString upperBound(const QString &prefix)
{
    QString bound = prefix;
    while (!bound.isEmpty()) {
        const QChar last = bound.back();
        bound.chop(1);
        if (last == u'9')
            return bound + u'a';
        if (last != u'z')
            return bound + QChar(last.unicode() + 1);
    }
    return {};
}

bool matches(const QStringList &queryWords, const QStringList &nameWords)
{
    return std::all_of(queryWords.cbegin(), queryWords.cend(), [&nameWords](const QString &q) {
        return std::any_of(
            nameWords.cbegin(), nameWords.cend(), [&q](const QString &w) { return w.startsWith(q); });
    });
}

} // namespace feltnotat::namefolding
