#include "boundtext.h"

#include <QStringEncoder>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

namespace feltnotat {

namespace {
// Room for the text of a typical row; longer values get a chunk of their own size.
constexpr qsizetype ChunkBytes = 8192 - 64;

// UTF-8 of `text` at `out`; returns the end. At most 3 bytes per UTF-16 unit.
char *writeUtf8(char *out, QStringView text)
{
    QStringEncoder encoder(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
    return encoder.appendToBuffer(out, text);
}
} // namespace

BoundText::BoundText(BoundText &&other) noexcept
    : m_head(std::exchange(other.m_head, nullptr))
    , m_used(std::exchange(other.m_used, 0))
{ }

BoundText::~BoundText()
{
    while (m_head) {
        Chunk *previous = m_head->previous;
        std::free(m_head);
        m_head = previous;
    }
}

char *BoundText::room(qsizetype bytes)
{
    if (!m_head || m_used + bytes > m_head->size) {
        const qsizetype size = std::max(bytes, ChunkBytes);
        auto *chunk = static_cast<Chunk *>(std::malloc(sizeof(Chunk) + size_t(size)));
        if (!chunk)
            throw std::bad_alloc();
        *chunk = Chunk {m_head, size};
        m_head = chunk;
        m_used = 0;
    }
    return data() + m_used;
}

QByteArrayView BoundText::append(QStringView text)
{
    return appendJoined(&text, 1, '\n');
}

QByteArrayView BoundText::appendJoined(const QStringView *parts, qsizetype count, char separator)
{
    qsizetype units = count;
    for (qsizetype i = 0; i < count; ++i)
        units += parts[i].size();
    char *start = room(3 * units);
    char *p = start;
    for (qsizetype i = 0; i < count; ++i) {
        if (i > 0)
            *p++ = separator;
        p = writeUtf8(p, parts[i]);
    }
    m_used = p - data();
    return QByteArrayView(start, p - start);
}

QByteArrayView BoundText::appendUtf8(QByteArrayView utf8)
{
    char *start = room(utf8.size());
    if (!utf8.isEmpty())
        std::memcpy(start, utf8.data(), size_t(utf8.size()));
    m_used += utf8.size();
    return QByteArrayView(start, utf8.size());
}

} // namespace feltnotat
