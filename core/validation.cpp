#include "validation.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QStringDecoder>

#include <algorithm>
#include <array>
#include <cstring>

namespace feltnotat::validation {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Validation", text);
}

bool allDigits(QStringView s)
{
    for (QChar c : s) {
        if (c < u'0' || c > u'9')
            return false;
    }
    return !s.isEmpty();
}

int digitAt(QStringView s, qsizetype i)
{
    return s.at(i).unicode() - u'0';
}

// MOD11 check digit for the digits before it; -1 when the computed digit is 10 (invalid).
template<size_t N> int mod11(QStringView s, const std::array<int, N> &weights)
{
    int sum = 0;
    for (size_t i = 0; i < N; ++i)
        sum += digitAt(s, qsizetype(i)) * weights[i];
    const int rest = sum % 11;
    const int check = rest == 0 ? 0 : 11 - rest;
    return check == 10 ? -1 : check;
}

} // namespace

bool isValidOrgNumber(QStringView digits)
{
    if (digits.size() != 9 || !allDigits(digits))
        return false;
    const int check = mod11(digits, std::array {3, 2, 7, 6, 5, 4, 3, 2});
    return check >= 0 && check == digitAt(digits, 8);
}

Result<QString> normalizeOrgNumber(const QString &input)
{
    QString digits = input;
    digits.remove(u' ');
    digits.remove(QChar(0x00a0));
    if (digits.size() != 9 || !allDigits(digits))
        return makeError(ErrorCode::Invalid, tr("Organisasjonsnummeret må ha 9 sifre."));
    if (!isValidOrgNumber(digits))
        return makeError(ErrorCode::Invalid, tr("Organisasjonsnummeret har feil kontrollsiffer."));
    return digits;
}

bool isValidBirthNumber(QStringView s)
{
    if (s.size() != 11 || !allDigits(s))
        return false;
    int day = digitAt(s, 0) * 10 + digitAt(s, 1);
    int month = digitAt(s, 2) * 10 + digitAt(s, 3);
    const int yy = digitAt(s, 4) * 10 + digitAt(s, 5);
    if (day > 40)
        day -= 40; // D-number
    if (month > 80)
        month -= 80; // synthetic test numbers
    else if (month > 40)
        month -= 40; // H-number
    // Leap years fall on the same two-digit years in 1900 and 2000 (except 1900 itself), so
    // accepting either century checks the day without knowing it.
    if (!QDate::isValid(2000 + yy, month, day) && !QDate::isValid(1900 + yy, month, day))
        return false;
    constexpr std::array k1w {3, 7, 6, 1, 8, 9, 4, 5, 2};
    constexpr std::array k2w {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
    int sum1 = digitAt(s, 9); // the check digit itself, with weight 1
    for (size_t i = 0; i < k1w.size(); ++i)
        sum1 += digitAt(s, qsizetype(i)) * k1w[i];
    // Classic numbers leave remainder 0; numbers issued from 2032 may leave 1, 2 or 3.
    if (sum1 % 11 > 3)
        return false;
    const int k2 = mod11(s, k2w);
    return k2 >= 0 && k2 == digitAt(s, 10);
}

namespace {

// What a character of NFKC text is to the birth-number rule: a decimal digit of any script (its value),
// a separator that does not end a run of digits, or anything else (ends it).
constexpr int Separator = -1;
constexpr int OtherCharacter = -2;

int birthNumberClass(char32_t c)
{
    if (c < 0x80) {
        if (c >= u'0' && c <= u'9')
            return int(c - u'0');
        const bool separator = c == u' ' || c == u'.' || c == u'-' || (c >= u'\t' && c <= u'\r');
        return separator ? Separator : OtherCharacter;
    }
    if (QChar::isDigit(c))
        return QChar::digitValue(c);
    if (QChar::isSpace(c) || c == 0x2212) // every space, and the minus sign
        return Separator;
    const QChar::Category category = QChar::category(c);
    // Dashes and hyphens; invisible format characters (zero-width space and joiners, soft hyphen, BOM).
    if (category == QChar::Punctuation_Dash || category == QChar::Other_Format)
        return Separator;
    return OtherCharacter;
}

} // namespace

bool containsBirthNumber(QStringView text)
{
    // Runs on every stored and every pulled text. ASCII text is its own NFKC form, so only other text is
    // normalised (full-width digits become 0-9; other scripts' digits count by their value).
    QString normalized;
    for (QChar c : text) {
        if (c.unicode() >= 0x80) {
            normalized = text.toString().normalized(QString::NormalizationForm_KC);
            text = normalized;
            break;
        }
    }
    char16_t window[11]; // the last 11 digits of the current run
    qsizetype count = 0; // length of the current run, which may pass 11
    for (qsizetype i = 0; i < text.size(); ++i) {
        char32_t c = text.at(i).unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(char16_t(c), text.at(i + 1).unicode());
            ++i;
        }
        const int kind = birthNumberClass(c);
        if (kind == Separator)
            continue;
        if (kind == OtherCharacter) {
            count = 0;
            continue;
        }
        if (count >= 11)
            std::memmove(window, window + 1, 10 * sizeof(char16_t));
        window[std::min<qsizetype>(count, 10)] = char16_t(u'0' + kind);
        ++count;
        // Every 11 digits in a row are checked, so a number inside a longer run is found too.
        if (count >= 11 && isValidBirthNumber(QStringView(window, 11)))
            return true;
    }
    return false;
}

Result<QString> normalizePhone(const QString &input)
{
    QString s;
    for (QChar c : input) {
        if (c == u' ' || c == u'-' || c == u'(' || c == u')' || c == u'.' || c == QChar(0x00a0))
            continue;
        s.append(c);
    }
    const QString invalid
        = tr("Ugyldig telefonnummer. Skriv 8 sifre, eller landskode med + for utenlandske nummer.");
    if (s.startsWith(u"00"))
        s = u'+' + s.mid(2);
    if (s.startsWith(u'+')) {
        const QString rest = s.mid(1);
        if (!allDigits(rest))
            return makeError(ErrorCode::Invalid, invalid);
        if (rest.startsWith(u"47")) {
            s = rest.mid(2);
        } else {
            if (rest.size() < 7 || rest.size() > 15 || rest.startsWith(u'0'))
                return makeError(ErrorCode::Invalid, invalid);
            return QString(u'+' + rest);
        }
    }
    if (s.size() != 8 || !allDigits(s) || s.at(0) == u'0' || s.at(0) == u'1')
        return makeError(ErrorCode::Invalid, invalid);
    return QString(QStringLiteral("+47") + s);
}

Result<QString> normalizeEmail(const QString &input)
{
    const QString s = input.trimmed();
    static const QRegularExpression shape(QStringLiteral("^[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+$"),
        QRegularExpression::UseUnicodePropertiesOption);
    if (s.size() > 254 || !shape.match(s).hasMatch() || !isCleanText(s, false))
        return makeError(ErrorCode::Invalid, tr("Ugyldig e-postadresse."));
    const qsizetype at = s.indexOf(u'@');
    return QString(s.left(at) + s.mid(at).toLower());
}

bool isCleanText(QStringView text, bool allowLineBreaks)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate()) {
            if (i + 1 >= text.size() || !text.at(i + 1).isLowSurrogate())
                return false;
            ++i;
            continue;
        }
        if (c.isLowSurrogate())
            return false;
        const char16_t u = c.unicode();
        if (u == u'\t' || (allowLineBreaks && (u == u'\n' || u == u'\r')))
            continue;
        if (u < 0x20 || (u >= 0x7f && u < 0xa0) || u == 0xfffe || u == 0xffff)
            return false;
    }
    return true;
}

Result<QString> decodeUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return makeError(ErrorCode::Invalid, tr("Teksten er ikke gyldig UTF-8."));
    return text;
}

std::optional<QDate> parseDate(const QString &text)
{
    if (text.size() != 10)
        return std::nullopt;
    // dddd-dd-dd read digit by digit (QDate::fromString took a quarter of an import's value checks); any
    // other text as QDate::fromString reads it.
    const auto digit = [&text](qsizetype i) {
        const char16_t c = text.at(i).unicode();
        return c >= u'0' && c <= u'9' ? int(c - u'0') : -1;
    };
    int parts[3] = {0, 0, 0};
    bool shaped = text.at(4) == u'-' && text.at(7) == u'-';
    for (qsizetype i = 0; shaped && i < 10; ++i) {
        if (i == 4 || i == 7)
            continue;
        const int v = digit(i);
        shaped = v >= 0;
        int &part = parts[i < 4 ? 0 : i < 7 ? 1 : 2];
        part = part * 10 + v;
    }
    const QDate d = shaped ? QDate(parts[0], parts[1], parts[2]) : QDate::fromString(text, Qt::ISODate);
    if (!d.isValid() || d.year() < MinYear || d.year() > MaxYear)
        return std::nullopt;
    return d;
}

std::optional<QDateTime> parseDateTime(const QString &text)
{
    if (text.size() < 20 || !text.endsWith(u'Z'))
        return std::nullopt;
    const QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid() || t.date().year() < MinYear || t.date().year() > MaxYear)
        return std::nullopt;
    return t.toUTC();
}

QString formatDate(const QDate &date)
{
    // yyyy-MM-dd written digit by digit for the years a record may hold (QDate::toString took 5,700
    // instructions per date); other dates as QDate::toString writes them.
    int year = 0;
    int month = 0;
    int day = 0;
    date.getDate(&year, &month, &day);
    if (!date.isValid() || year < 1000 || year > 9999)
        return date.toString(Qt::ISODate);
    QString out(10, Qt::Uninitialized);
    QChar *p = out.data();
    const auto two = [&p](int v) {
        *p++ = QLatin1Char(char('0' + v / 10));
        *p++ = QLatin1Char(char('0' + v % 10));
    };
    two(year / 100);
    two(year % 100);
    *p++ = u'-';
    two(month);
    *p++ = u'-';
    two(day);
    return out;
}

QString formatDateTime(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODate);
}

bool isCanonicalDateTime(QStringView text)
{
    static constexpr char Shape[] = "dddd-dd-ddTdd:dd:ddZ";
    if (text.size() != qsizetype(sizeof(Shape) - 1))
        return false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (Shape[i] == 'd' ? (c < u'0' || c > u'9') : c != char16_t(Shape[i]))
            return false;
    }
    const auto number = [&text](qsizetype from, qsizetype length) {
        int n = 0;
        for (qsizetype i = from; i < from + length; ++i)
            n = n * 10 + (text.at(i).unicode() - u'0');
        return n;
    };
    const int year = number(0, 4);
    return year >= MinYear && year <= MaxYear && QDate::isValid(year, number(5, 2), number(8, 2))
        && QTime::isValid(number(11, 2), number(14, 2), number(17, 2));
}

} // namespace feltnotat::validation
