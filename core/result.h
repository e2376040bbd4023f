#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace feltnotat {

// Error codes shared by every layer; the sync protocol sends their names.
enum class ErrorCode {
    None,
    Invalid, // input failed validation
    NotFound,
    Conflict, // state does not allow the operation
    Forbidden,
    Unauthorized,
    TooLarge,
    Database,
    Network,
    Protocol,
    Internal,
    Locked, // an encrypted store without its key: PIN missing or wrong, or the key is not the store's
    Tampered, // an encrypted store failed authentication: changed outside the app, or damaged
};

QString errorCodeName(ErrorCode code);

struct Error
{
    ErrorCode code = ErrorCode::Internal;
    QString message;
    QString field; // the offending field, when there is one

    QString toString() const { return field.isEmpty() ? message : field + QStringLiteral(": ") + message; }
};

// Value-or-error return type; layers never throw at each other.
template<typename T> class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_data(std::move(value))
    { }
    Result(Error error)
        : m_data(std::move(error))
    { }

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return std::get<0>(m_data); }
    T &value() & { return std::get<0>(m_data); }
    T value() && { return std::get<0>(std::move(m_data)); } // by value: safe in a range-for over a temporary
    const T *operator->() const { return &std::get<0>(m_data); }
    const T &operator*() const { return std::get<0>(m_data); }
    const Error &error() const { return std::get<1>(m_data); }
    QString errorString() const { return ok() ? QString() : error().toString(); }

private:
    std::variant<T, Error> m_data;
};

// Result without a value.
class [[nodiscard]] Status
{
public:
    Status() = default;
    Status(Error error)
        : m_error(std::move(error))
    { }
    static Status success() { return {}; }

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }
    QString errorString() const { return ok() ? QString() : m_error->toString(); }

private:
    std::optional<Error> m_error;
};

inline Error makeError(ErrorCode code, QString message, QString field = {})
{
    return Error {code, std::move(message), std::move(field)};
}

} // namespace feltnotat
