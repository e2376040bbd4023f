#include "compression.h"

#include <zlib.h>

namespace feltnotat::compression {

namespace {
constexpr int GzipWindowBits = 15 + 16; // 15-bit window, gzip header
constexpr int Chunk = 64 * 1024;
} // namespace

QByteArray gzip(const QByteArray &data)
{
    z_stream stream {};
    if (deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, GzipWindowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out;
    out.resize(qsizetype(deflateBound(&stream, uLong(data.size()))) + 32);
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    stream.avail_in = uInt(data.size());
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    const int rc = deflate(&stream, Z_FINISH);
    const qsizetype written = qsizetype(stream.total_out);
    deflateEnd(&stream);
    if (rc != Z_STREAM_END)
        return {};
    out.resize(written);
    return out;
}

Result<QByteArray> gunzip(const QByteArray &data, qint64 maxOutput)
{
    z_stream stream {};
    if (inflateInit2(&stream, GzipWindowBits) != Z_OK)
        return makeError(ErrorCode::Internal, QStringLiteral("cannot start decompression"));
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    stream.avail_in = uInt(data.size());
    QByteArray out;
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        const qsizetype before = out.size();
        if (before + Chunk > maxOutput + Chunk) {
            inflateEnd(&stream);
            return makeError(ErrorCode::TooLarge, QStringLiteral("decompressed body is too large"));
        }
        out.resize(before + Chunk);
        stream.next_out = reinterpret_cast<Bytef *>(out.data() + before);
        stream.avail_out = Chunk;
        rc = inflate(&stream, Z_NO_FLUSH);
        out.resize(before + (Chunk - qsizetype(stream.avail_out)));
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&stream);
            return makeError(ErrorCode::Protocol, QStringLiteral("body is not valid gzip"));
        }
        if (rc == Z_OK && stream.avail_in == 0 && stream.avail_out != 0) {
            inflateEnd(&stream);
            return makeError(ErrorCode::Protocol, QStringLiteral("gzip body is truncated"));
        }
    }
    // One gzip member and nothing after it: bytes behind the end are not part of the body the client meant.
    const bool trailing = stream.avail_in != 0;
    inflateEnd(&stream);
    if (trailing)
        return makeError(ErrorCode::Protocol, QStringLiteral("data after the end of the gzip body"));
    if (out.size() > maxOutput)
        return makeError(ErrorCode::TooLarge, QStringLiteral("decompressed body is too large"));
    return out;
}

} // namespace feltnotat::compression
