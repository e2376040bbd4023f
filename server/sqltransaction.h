#pragma once

#include "sqlbackend.h"

namespace feltnotat::server {

// Rolls back unless committed; every server write goes through one.
class SqlTransaction
{
public:
    enum class Mode { Write, Read };

    explicit SqlTransaction(SqlBackend &db, Mode mode = Mode::Write)
        : m_db(db)
        , m_status(mode == Mode::Write ? db.begin() : db.beginRead())
        , m_open(m_status.ok())
    { }
    ~SqlTransaction()
    {
        if (m_open)
            m_db.rollback();
    }
    SqlTransaction(const SqlTransaction &) = delete;
    SqlTransaction &operator=(const SqlTransaction &) = delete;

    bool ok() const { return m_status.ok(); }
    const Status &status() const { return m_status; }
    Status commit()
    {
        if (!m_open)
            return m_status.ok() ? makeError(ErrorCode::Database, QStringLiteral("no open transaction"))
                                 : m_status;
        m_open = false;
        Status s = m_db.commit();
        if (!s)
            m_db.rollback();
        return s;
    }

private:
    SqlBackend &m_db;
    Status m_status;
    bool m_open;
};

} // namespace feltnotat::server
