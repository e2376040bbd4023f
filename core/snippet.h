#pragma once

#include <QString>
#include <QStringList>

namespace feltnotat {

// The words of free search text, lower-cased: what the user typed, split where FTS5's unicode61 tokenizer
// splits (every character that is not a letter or digit), composed (NFC) the way stored text is.
QStringList searchWords(const QString &text);

// A short extract for a search hit, the way FTS5's snippet() shows one, computed here from the stored text
// so that it is paid only for the hits that are shown: the window of at most `maxWords` words, in the
// first column where it is best, holding the most distinct search words and then the most matches.
// Words that start with a search word (case-insensitive) are wrapped in [ and ]; "…" marks a cut end.
// Columns are tried in order, so a title beats a body with as good a window.
QString snippetFor(const QStringList &columns, const QStringList &words, int maxWords = 12);

} // namespace feltnotat
