#include "result.h"

namespace feltnotat {

QString errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::None:
        return QStringLiteral("none");
    case ErrorCode::Invalid:
        return QStringLiteral("invalid");
    case ErrorCode::NotFound:
        return QStringLiteral("not_found");
    case ErrorCode::Conflict:
        return QStringLiteral("conflict");
    case ErrorCode::Forbidden:
        return QStringLiteral("forbidden");
    case ErrorCode::Unauthorized:
        return QStringLiteral("unauthorized");
    case ErrorCode::TooLarge:
        return QStringLiteral("too_large");
    case ErrorCode::Database:
        return QStringLiteral("database");
    case ErrorCode::Network:
        return QStringLiteral("network");
    case ErrorCode::Protocol:
        return QStringLiteral("protocol");
    case ErrorCode::Internal:
        return QStringLiteral("internal");
    case ErrorCode::Locked:
        return QStringLiteral("locked");
    case ErrorCode::Tampered:
        return QStringLiteral("tampered");
    }
    return QStringLiteral("internal");
}

} // namespace feltnotat
