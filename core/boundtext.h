#pragma once

#include <QStringView>

namespace feltnotat {

// Keeps the UTF-8 text bound to one statement until the statement is reset, so that SQLite need not
// copy it (SQLITE_STATIC). Text is written into chunks of a few kilobytes: one allocation for the
// values of a whole row instead of one per value, and no intermediate QByteArray.
class BoundText
{
public:
    BoundText() = default;
    BoundText(BoundText &&other) noexcept;
    BoundText &operator=(BoundText &&) = delete;
    BoundText(const BoundText &) = delete;
    ~BoundText();

    // Converts `text` to UTF-8 into the buffer; the bytes stay where they are until destruction.
    QByteArrayView append(QStringView text);
    // The parts joined by `separator` (which must be ASCII) as one UTF-8 text.
    QByteArrayView appendJoined(const QStringView *parts, qsizetype count, char separator);
    // Bytes that are UTF-8 already.
    QByteArrayView appendUtf8(QByteArrayView utf8);

private:
    struct Chunk
    {
        Chunk *previous;
        qsizetype size;
    };
    char *room(qsizetype bytes);
    char *data() const { return reinterpret_cast<char *>(m_head + 1); }

    Chunk *m_head = nullptr;
    qsizetype m_used = 0;
};

} // namespace feltnotat
