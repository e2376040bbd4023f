#pragma once

// The JSON reader of sync/pullparse.cpp: strict RFC 8259 over UTF-8 text, read front to back without
// building a document. Internal to the protocol code.

#include <QByteArrayView>
#include <QString>
#include <QVariant>

#include <charconv>
#include <cstring>
#include <string>

namespace feltnotat::protocol {

// Reads JSON text front to back. Every read returns false on text that is not JSON and keeps the first
// reason; after that every read fails.
class JsonReader
{
    static constexpr int MaxDepth = 32; // of values nobody reads (skipped unknown keys)

public:
    JsonReader(const char *begin, const char *end)
        : m_p(begin)
        , m_end(end)
    { }

    const QString &error() const { return m_error; }
    bool failed() const { return !m_error.isEmpty(); }

    bool fail(const char *why)
    {
        if (m_error.isEmpty())
            m_error = QString::fromLatin1(why);
        m_p = m_end;
        return false;
    }

    // Skips white space; true if the next character is `c` (not consumed).
    bool next(char c)
    {
        skipSpace();
        return m_p < m_end && *m_p == c;
    }
    // Consumes `c` if it comes next.
    bool take(char c)
    {
        if (!next(c))
            return false;
        ++m_p;
        return true;
    }
    bool expect(char c, const char *why) { return take(c) || fail(why); }
    bool atEnd()
    {
        skipSpace();
        return m_p == m_end;
    }
    const char *position() const { return m_p; }

    // The text between a string's quotes as it stands, escapes checked; `plain` when it needs no
    // decoding (no escapes, ASCII only). UTF-8 is checked too, so a string may be skipped unread.
    bool rawString(QByteArrayView &raw, bool &plain)
    {
        if (!take('"'))
            return fail("expected a string");
        const char *start = m_p;
        bool escaped = false;
        bool ascii = true;
        while (m_p < m_end && *m_p != '"') {
            const auto c = static_cast<unsigned char>(*m_p);
            if (c < 0x20)
                return fail("control character in a string");
            if (c >= 0x80)
                ascii = false;
            if (c == '\\') {
                if (m_end - m_p < 2 || m_p[1] == '\0' || !std::strchr("\"\\/bfnrtu", m_p[1]))
                    return fail("unknown escape in a string");
                if (m_p[1] == 'u') {
                    const char *digits = m_p + 2;
                    char32_t unit = 0;
                    if (!hex4(digits, m_end, unit))
                        return fail("malformed \\u escape");
                }
                escaped = true;
                m_p += 2;
                continue;
            }
            ++m_p;
        }
        if (m_p >= m_end)
            return fail("unterminated string");
        raw = QByteArrayView(start, m_p - start);
        ++m_p;
        plain = !escaped && ascii;
        if (!ascii && !validUtf8(raw))
            return fail("malformed UTF-8 in a string");
        return true;
    }

    bool string(QString &out)
    {
        QByteArrayView raw;
        bool plain = false;
        if (!rawString(raw, plain))
            return false;
        if (plain) {
            out = QString::fromLatin1(raw);
            return true;
        }
        if (!raw.contains('\\')) {
            out = QString::fromUtf8(raw); // checked above
            return true;
        }
        QByteArray bytes;
        bytes.reserve(raw.size());
        const char *stop = raw.data() + raw.size();
        for (const char *q = raw.data(); q < stop;) {
            if (*q != '\\') {
                bytes.append(*q++);
                continue;
            }
            ++q;
            switch (*q++) {
            case 'b':
                bytes.append('\b');
                break;
            case 'f':
                bytes.append('\f');
                break;
            case 'n':
                bytes.append('\n');
                break;
            case 'r':
                bytes.append('\r');
                break;
            case 't':
                bytes.append('\t');
                break;
            case 'u': {
                char32_t unit = 0;
                if (!hex4(q, stop, unit))
                    return fail("malformed \\u escape");
                if (unit >= 0xdc00 && unit <= 0xdfff)
                    return fail("unpaired surrogate in a string");
                if (unit >= 0xd800 && unit <= 0xdbff) {
                    char32_t low = 0;
                    if (stop - q < 6 || q[0] != '\\' || q[1] != 'u')
                        return fail("unpaired surrogate in a string");
                    q += 2;
                    if (!hex4(q, stop, low) || low < 0xdc00 || low > 0xdfff)
                        return fail("unpaired surrogate in a string");
                    unit = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
                }
                appendUtf8(bytes, unit);
                break;
            }
            default: // " \ / stand for themselves
                bytes.append(q[-1]);
            }
        }
        out = QString::fromUtf8(bytes);
        return true;
    }

    bool number(double &out)
    {
        skipSpace();
        const char *start = m_p;
        if (m_p < m_end && *m_p == '-')
            ++m_p;
        if (m_p < m_end && *m_p == '0')
            ++m_p;
        else if (!digits())
            return fail("malformed number");
        if (m_p < m_end && *m_p == '.') {
            ++m_p;
            if (!digits())
                return fail("malformed number");
        }
        if (m_p < m_end && (*m_p == 'e' || *m_p == 'E')) {
            ++m_p;
            if (m_p < m_end && (*m_p == '+' || *m_p == '-'))
                ++m_p;
            if (!digits())
                return fail("malformed number");
        }
        const auto [end, ec] = std::from_chars(start, m_p, out);
        if (ec != std::errc() || end != m_p)
            return fail("number out of range");
        return true;
    }

    // true, false or null (an invalid QVariant).
    bool literal(QVariant &out)
    {
        skipSpace();
        if (word("true"))
            out = QVariant(true);
        else if (word("false"))
            out = QVariant(false);
        else if (word("null"))
            out = QVariant();
        else
            return fail("unexpected character");
        return true;
    }

    // A string, number, true, false or null (not an array or object), as Schema::fromJsonScalar takes it.
    bool scalar(QVariant &out)
    {
        skipSpace();
        if (m_p >= m_end)
            return fail("unexpected end");
        if (*m_p == '"') {
            QString s;
            if (!string(s))
                return false;
            out = QVariant(s); // implicitly shared: no copy of the text
            return true;
        }
        if (*m_p == '-' || (*m_p >= '0' && *m_p <= '9')) {
            double d = 0;
            if (!number(d))
                return false;
            out = QVariant(d);
            return true;
        }
        if (*m_p == '[' || *m_p == '{')
            return fail("expected a single value");
        return literal(out);
    }

    // Reads past one value of any kind, checking its grammar.
    bool skipValue(int depth = 0)
    {
        if (depth > MaxDepth)
            return fail("nested too deeply");
        QByteArrayView raw;
        bool plain = false;
        if (next('"'))
            return rawString(raw, plain);
        if (take('{')) {
            if (take('}'))
                return true;
            do {
                if (!rawString(raw, plain) || !expect(':', "expected ':'") || !skipValue(depth + 1))
                    return false;
            } while (take(','));
            return expect('}', "expected ',' or '}'");
        }
        if (take('[')) {
            if (take(']'))
                return true;
            do {
                if (!skipValue(depth + 1))
                    return false;
            } while (take(','));
            return expect(']', "expected ',' or ']'");
        }
        QVariant ignored;
        return scalar(ignored);
    }

    // The members of an object: onMember(key) reads each value. Keys may come in any order.
    template<typename F> bool object(F onMember)
    {
        if (!expect('{', "expected an object"))
            return false;
        if (take('}'))
            return true;
        do {
            QString key;
            if (!string(key) || !expect(':', "expected ':'") || !onMember(key))
                return false;
        } while (take(','));
        return expect('}', "expected ',' or '}'");
    }

    // The elements of an array: onElement() reads each.
    template<typename F> bool array(F onElement)
    {
        if (!expect('[', "expected an array"))
            return false;
        if (take(']'))
            return true;
        do {
            if (!onElement())
                return false;
        } while (take(','));
        return expect(']', "expected ',' or ']'");
    }

private:
    void skipSpace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\n' || *m_p == '\r'))
            ++m_p;
    }
    bool digits()
    {
        const char *start = m_p;
        while (m_p < m_end && *m_p >= '0' && *m_p <= '9')
            ++m_p;
        return m_p > start;
    }
    bool word(const char *w)
    {
        const auto n = qsizetype(std::char_traits<char>::length(w));
        if (m_end - m_p < n || std::char_traits<char>::compare(m_p, w, size_t(n)) != 0)
            return false;
        m_p += n;
        return true;
    }
    static bool hex4(const char *&q, const char *stop, char32_t &out)
    {
        if (stop - q < 4)
            return false;
        out = 0;
        for (int i = 0; i < 4; ++i, ++q) {
            const char c = *q;
            const int v = c >= '0' && c <= '9' ? c - '0'
                : c >= 'a' && c <= 'f'         ? c - 'a' + 10
                : c >= 'A' && c <= 'F'         ? c - 'A' + 10
                                               : -1;
            if (v < 0)
                return false;
            out = out * 16 + char32_t(v);
        }
        return true;
    }
    static void appendUtf8(QByteArray &bytes, char32_t c)
    {
        if (c < 0x80) {
            bytes.append(char(c));
        } else if (c < 0x800) {
            bytes.append(char(0xc0 | (c >> 6)));
            bytes.append(char(0x80 | (c & 0x3f)));
        } else if (c < 0x10000) {
            bytes.append(char(0xe0 | (c >> 12)));
            bytes.append(char(0x80 | ((c >> 6) & 0x3f)));
            bytes.append(char(0x80 | (c & 0x3f)));
        } else {
            bytes.append(char(0xf0 | (c >> 18)));
            bytes.append(char(0x80 | ((c >> 12) & 0x3f)));
            bytes.append(char(0x80 | ((c >> 6) & 0x3f)));
            bytes.append(char(0x80 | (c & 0x3f)));
        }
    }
    // RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF.
    static bool validUtf8(QByteArrayView text)
    {
        const auto *s = reinterpret_cast<const unsigned char *>(text.data());
        const qsizetype n = text.size();
        for (qsizetype i = 0; i < n;) {
            const unsigned char c = s[i];
            if (c < 0x80) {
                ++i;
                continue;
            }
            int more = 0;
            unsigned char low = 0x80, high = 0xbf; // allowed range of the second byte
            if (c >= 0xc2 && c <= 0xdf) {
                more = 1;
            } else if (c >= 0xe0 && c <= 0xef) {
                more = 2;
                low = c == 0xe0 ? 0xa0 : 0x80;
                high = c == 0xed ? 0x9f : 0xbf;
            } else if (c >= 0xf0 && c <= 0xf4) {
                more = 3;
                low = c == 0xf0 ? 0x90 : 0x80;
                high = c == 0xf4 ? 0x8f : 0xbf;
            } else {
                return false;
            }
            if (n - i <= more || s[i + 1] < low || s[i + 1] > high)
                return false;
            for (int k = 2; k <= more; ++k) {
                if (s[i + k] < 0x80 || s[i + k] > 0xbf)
                    return false;
            }
            i += more + 1;
        }
        return true;
    }

    const char *m_p;
    const char *m_end;
    QString m_error;
};

} // namespace feltnotat::protocol
