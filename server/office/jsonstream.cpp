#include "jsonstream.h"

#include <zlib.h>

namespace feltnotat::server {

GunzipStream::GunzipStream()
    : m_zs(std::make_unique<z_stream_s>())
{
    *m_zs = {};
    inflateInit2(m_zs.get(), 16 + MAX_WBITS); // gzip header and trailer
}

GunzipStream::~GunzipStream()
{
    inflateEnd(m_zs.get());
}

void GunzipStream::push(QByteArrayView compressed)
{
    m_pending.remove(0, m_used);
    m_used = 0;
    m_pending.append(compressed);
}

Result<QByteArray> GunzipStream::pull(qsizetype maxBytes)
{
    QByteArray out(maxBytes, Qt::Uninitialized);
    qsizetype produced = 0;
    while (produced < maxBytes && m_used < m_pending.size()) {
        if (m_complete) {
            // Another member follows the one that ended.
            if (inflateReset(m_zs.get()) != Z_OK)
                return makeError(ErrorCode::Protocol, QStringLiteral("gzip: cannot read the next member"));
            m_complete = false;
        }
        m_zs->next_in = reinterpret_cast<Bytef *>(m_pending.data() + m_used);
        m_zs->avail_in = uInt(m_pending.size() - m_used);
        m_zs->next_out = reinterpret_cast<Bytef *>(out.data() + produced);
        m_zs->avail_out = uInt(maxBytes - produced);
        const int rc = inflate(m_zs.get(), Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
            return makeError(ErrorCode::Protocol, QStringLiteral("the gzip data is damaged"));
        m_used = m_pending.size() - qsizetype(m_zs->avail_in);
        produced = maxBytes - qsizetype(m_zs->avail_out);
        if (rc == Z_STREAM_END)
            m_complete = true;
        else if (rc == Z_BUF_ERROR)
            break; // nothing more without more input
    }
    out.truncate(produced);
    return out;
}

Status JsonArrayStream::fail(const char *what) const
{
    return makeError(
        ErrorCode::Protocol, QStringLiteral("%1 (at byte %2)").arg(QString::fromLatin1(what)).arg(m_offset));
}

Status JsonArrayStream::feed(QByteArrayView text, const Element &element)
{
    const char *p = text.data();
    const char *const end = p + text.size();
    while (p < end) {
        const char c = *p;
        switch (m_state) {
        case State::Start:
            if (m_offset == 0 && end - p >= 3 && QByteArrayView(p, 3) == "\xEF\xBB\xBF") {
                p += 3; // a UTF-8 byte order mark
                m_offset += 3;
                continue;
            }
            if (c == '[')
                m_state = State::BeforeElement;
            else if (!QChar::isSpace(uchar(c)))
                return fail("the file is not a JSON array");
            break;
        case State::BeforeElement:
        case State::AfterElement:
            if (c == ']') {
                m_state = State::Done;
            } else if (c == ',') {
                if (m_state == State::BeforeElement)
                    return fail("a comma without an element before it");
                m_state = State::BeforeElement;
            } else if (!QChar::isSpace(uchar(c))) {
                if (m_state == State::AfterElement)
                    return fail("a comma is missing between two elements");
                m_state = State::InElement;
                m_element.clear();
                m_depth = 0;
                continue; // the element's first byte is read in InElement
            }
            break;
        case State::InElement: {
            // Copy up to the end of the element (or of this piece) in one go.
            const char *start = p;
            bool done = false;
            for (; p < end; ++p) {
                const char b = *p;
                if (m_inString) {
                    if (m_escaped)
                        m_escaped = false;
                    else if (b == '\\')
                        m_escaped = true;
                    else if (b == '"')
                        m_inString = false;
                    continue;
                }
                if (b == '"') {
                    m_inString = true;
                } else if (b == '{' || b == '[') {
                    ++m_depth;
                } else if (m_depth == 0 && (b == ',' || b == ']' || QChar::isSpace(uchar(b)))) {
                    done = true; // a scalar element ends here
                    break;
                } else if (b == '}' || b == ']') {
                    if (--m_depth < 0)
                        return fail("a bracket closes what was not opened");
                    if (m_depth == 0) {
                        ++p;
                        done = true;
                        break;
                    }
                }
            }
            m_element.append(start, p - start);
            m_offset += p - start;
            if (m_element.size() > m_maxElementBytes)
                return fail("an element is larger than the limit");
            if (done) {
                m_state = State::AfterElement;
                ++m_elements;
                if (Status s = element(m_element); !s)
                    return s;
                m_element.clear();
            }
            continue;
        }
        case State::Done:
            if (!QChar::isSpace(uchar(c)))
                return fail("text after the end of the array");
            break;
        }
        ++p;
        ++m_offset;
    }
    return Status::success();
}

Status JsonArrayStream::finish() const
{
    if (m_state != State::Done)
        return fail("the file ends before its array does");
    return Status::success();
}

} // namespace feltnotat::server
