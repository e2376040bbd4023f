#pragma once

#include <QString>
#include <QStringList>

namespace feltnotat::namefolding {

// Search keys for names of employers in the employer register (Enhetsregisteret), the same on the
// server and on the phone: lower case, letters without accents (é → e, ü → u), Norwegian letters
// spelt in ASCII (æ → ae, ø → o, å → a), anything but a-z and 0-9 separating words. Keys made of
// a-z and 0-9 sort the same under every collation, so a prefix is a range query on any database.

// "Bakeri & Konditori Ørsta AS" → "bakeri konditori orsta as"
QString fold(QStringView text);
// The distinct words of fold(text), in order of first appearance.
QStringList words(QStringView text);
// The first key after every key that starts with `prefix` (a folded word): "bak" → "bal",
// "baz" → "bb". Empty when there is none ("zz").
QString upperBound(const QString &prefix);
// Whether every word of `query` is the start of some word of `name` (both plain text).
bool matches(const QStringList &queryWords, const QStringList &nameWords);

} // namespace feltnotat::namefolding
