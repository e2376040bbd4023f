#pragma once

#include "result.h"

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QString>

#include <optional>

namespace feltnotat::validation {

// Norwegian organisation number: 9 digits, MOD11 with weights 3,2,7,6,5,4,3,2.
bool isValidOrgNumber(QStringView digits);
// Strips spaces; returns the 9-digit form or an error explaining what is wrong.
Result<QString> normalizeOrgNumber(const QString &input);

// Norwegian fødselsnummer / D-number / H-number: 11 digits, a real date, two MOD11 check digits.
bool isValidBirthNumber(QStringView digits);
// True when the text contains a valid birth number however it is written: the text is read in Unicode
// NFKC form, digits of any script count, separators between digits are ignored (white space, dots,
// dashes, zero-width and other invisible format characters), and every 11 digits in a row are checked,
// so a number inside a longer run of digits is found too. Phone and e-mail fields are checked as well.
bool containsBirthNumber(QStringView text);

// Phone numbers: Norwegian 8-digit numbers become +47XXXXXXXX; other countries must be given with +.
Result<QString> normalizePhone(const QString &input);
Result<QString> normalizeEmail(const QString &input);

// Well-formed text: valid UTF-16 (no lone surrogates), no control characters except tab and line breaks.
bool isCleanText(QStringView text, bool allowLineBreaks);
// Decodes UTF-8 strictly; malformed input is an error, never replacement characters.
Result<QString> decodeUtf8(const QByteArray &bytes);

// ISO dates (yyyy-MM-dd) and UTC times (yyyy-MM-ddTHH:mm:ss[.zzz]Z) within sane years.
std::optional<QDate> parseDate(const QString &text);
std::optional<QDateTime> parseDateTime(const QString &text);
QString formatDate(const QDate &date);
QString formatDateTime(const QDateTime &time);
// True when text is already what formatDateTime() writes ("2026-11-23T09:05:00Z") for a valid time in
// range: such text needs no QDateTime round trip (pulled records carry thousands of them).
bool isCanonicalDateTime(QStringView text);

constexpr int MinYear = 1900;
constexpr int MaxYear = 2100;

} // namespace feltnotat::validation
