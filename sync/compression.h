#pragma once

#include "core/result.h"

#include <QByteArray>

namespace feltnotat::compression {

// gzip (RFC 1952) for HTTP bodies.
QByteArray gzip(const QByteArray &data);
// Refuses output larger than maxOutput, so a small "zip bomb" cannot exhaust memory.
Result<QByteArray> gunzip(const QByteArray &data, qint64 maxOutput);

} // namespace feltnotat::compression
