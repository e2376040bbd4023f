#include "snippet.h"

#include <QList>

namespace feltnotat {

namespace {

struct Token
{
    qsizetype begin;
    qsizetype end;
    int word; // index of the search word it starts with, or -1
};

QList<Token> tokenize(const QString &text, const QStringList &words)
{
    QList<Token> tokens;
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        while (i < n && !text.at(i).isLetterOrNumber())
            ++i;
        const qsizetype begin = i;
        while (i < n && text.at(i).isLetterOrNumber())
            ++i;
        if (begin == i)
            break;
        const QString token = text.mid(begin, i - begin).toLower();
        int match = -1;
        for (int w = 0; w < words.size() && match < 0; ++w) {
            if (token.startsWith(words.at(w)))
                match = w;
        }
        tokens.append({begin, i, match});
    }
    return tokens;
}

struct Window
{
    int column = -1;
    qsizetype first = 0; // token index
    qsizetype count = 0;
    int score = -1;
};

// Distinct search words count most, then the number of matched tokens.
int windowScore(const QList<Token> &tokens, qsizetype first, qsizetype count)
{
    quint64 seen = 0;
    int distinct = 0;
    int matches = 0;
    for (qsizetype t = first; t < first + count; ++t) {
        const int w = tokens.at(t).word;
        if (w < 0)
            continue;
        ++matches;
        const quint64 bit = quint64(1) << (w % 64);
        if (!(seen & bit)) {
            seen |= bit;
            ++distinct;
        }
    }
    return distinct * 1000 + matches;
}

} // namespace

QStringList searchWords(const QString &text)
{
    QStringList words;
    QString word;
    for (QChar c : text.normalized(QString::NormalizationForm_C)) {
        if (c.isLetterOrNumber()) {
            word += c;
        } else if (!word.isEmpty()) {
            words << word.toLower();
            word.clear();
        }
    }
    if (!word.isEmpty())
        words << word.toLower();
    return words;
}

QString snippetFor(const QStringList &columns, const QStringList &words, int maxWords)
{
    maxWords = qMax(1, maxWords);
    QList<QList<Token>> tokenized;
    Window best;
    for (int c = 0; c < columns.size(); ++c) {
        tokenized.append(tokenize(columns.at(c), words));
        const QList<Token> &tokens = tokenized.last();
        const qsizetype count = qMin<qsizetype>(maxWords, tokens.size());
        for (qsizetype t = 0; t < tokens.size(); ++t) {
            if (tokens.at(t).word < 0)
                continue;
            // A window that starts a little before the match, so the words leading up to it show.
            const qsizetype first = qBound<qsizetype>(0, t - maxWords / 4, tokens.size() - count);
            const int score = windowScore(tokens, first, count);
            if (score > best.score)
                best = {c, first, count, score};
        }
        if (best.column < 0 && !tokens.isEmpty())
            best = {c, 0, count, 0}; // no match anywhere yet: the start of the first column with words
    }
    if (best.column < 0)
        return {};
    const QString &text = columns.at(best.column);
    const QList<Token> &tokens = tokenized.at(best.column);
    const qsizetype last = best.first + best.count - 1;
    const bool cutStart = best.first > 0;
    const bool cutEnd = last < tokens.size() - 1;
    QString out;
    if (cutStart)
        out += u'…';
    qsizetype pos = cutStart ? tokens.at(best.first).begin : 0;
    for (qsizetype t = best.first; t <= last; ++t) {
        const Token &token = tokens.at(t);
        out += QStringView(text).mid(pos, token.begin - pos);
        const QStringView word = QStringView(text).mid(token.begin, token.end - token.begin);
        if (token.word >= 0)
            out += u'[' + word.toString() + u']';
        else
            out += word;
        pos = token.end;
    }
    if (cutEnd)
        out += u'…';
    else
        out += QStringView(text).mid(pos);
    return out;
}

} // namespace feltnotat
