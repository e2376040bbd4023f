#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QByteArrayView>

#include <functional>
#include <memory>

struct z_stream_s;

namespace feltnotat::server {

// gzip as a stream: bytes in, bytes out, without ever holding the whole file (several gzip members
// one after another are read as one, as gzip(1) does).
class GunzipStream
{
public:
    GunzipStream();
    ~GunzipStream();
    GunzipStream(const GunzipStream &) = delete;
    GunzipStream &operator=(const GunzipStream &) = delete;

    // More compressed input, which may end anywhere.
    void push(QByteArrayView compressed);
    // Up to about maxBytes of plain bytes from what was pushed; empty when it needs more input.
    Result<QByteArray> pull(qsizetype maxBytes = 256 * 1024);
    // Whether the input so far ends where a member ends (check at the end of the input).
    bool isComplete() const { return m_complete && m_pending.size() == m_used; }

private:
    std::unique_ptr<z_stream_s> m_zs;
    QByteArray m_pending; // compressed input not yet inflated, from m_used on
    qsizetype m_used = 0;
    bool m_complete = false;
};

// The elements of a top-level JSON array read as a stream: feed() takes the text in pieces of any
// size and hands each complete element's text to the callback, so a file of a million entries is
// read with the memory of one. Strings and escapes are respected; what an element holds is the
// callback's business (it parses the element itself). Refuses an element larger than
// maxElementBytes and anything that is not an array.
class JsonArrayStream
{
public:
    using Element = std::function<Status(QByteArrayView)>;

    explicit JsonArrayStream(qsizetype maxElementBytes = 4 * 1024 * 1024)
        : m_maxElementBytes(maxElementBytes)
    { }

    Status feed(QByteArrayView text, const Element &element);
    // Fails unless the array was closed.
    Status finish() const;
    qint64 elements() const { return m_elements; }

private:
    enum class State { Start, BeforeElement, AfterElement, InElement, Done };

    Status fail(const char *what) const;

    qsizetype m_maxElementBytes;
    State m_state = State::Start;
    QByteArray m_element;
    int m_depth = 0;
    bool m_inString = false;
    bool m_escaped = false;
    qint64 m_offset = 0; // bytes consumed, for error messages
    qint64 m_elements = 0;
};

} // namespace feltnotat::server
