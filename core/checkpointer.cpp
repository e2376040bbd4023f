#include "checkpointer.h"

#include "logging.h"

#include <sqlite3.h>

namespace feltnotat {

Checkpointer::Checkpointer(QString path, const char *vfs)
    : m_path(std::move(path))
    , m_vfs(vfs)
    , m_thread([this] { run(); })
{ }

Checkpointer::~Checkpointer()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_idle.notify_all();
    m_thread.join();
}

void Checkpointer::request()
{
    {
        std::lock_guard lock(m_mutex);
        m_pending = true;
    }
    m_wake.notify_one();
}

void Checkpointer::waitIdle()
{
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [this] { return m_stop || (!m_pending && !m_running); });
}

bool Checkpointer::openConnection()
{
    if (m_db)
        return true;
    // Never creates the file: it is the writer's. No busy timeout: a PASSIVE checkpoint that finds
    // the checkpoint lock taken just tries again at the next request.
    if (sqlite3_open_v2(
            m_path.toUtf8().constData(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, m_vfs)
        != SQLITE_OK) {
        sqlite3_close_v2(m_db);
        m_db = nullptr;
        return false;
    }
    // The connection learns that the file is in WAL mode from its header, read on the first access.
    sqlite3_exec(m_db, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr);
    return true;
}

void Checkpointer::run()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stop || m_pending; });
        if (m_stop)
            break;
        m_pending = false;
        m_running = true;
        lock.unlock();
        if (openConnection()) {
            const int rc
                = sqlite3_wal_checkpoint_v2(m_db, "main", SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
            if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
                qCWarning(lcCore) << "background checkpoint failed:" << sqlite3_errstr(rc);
            ++m_completed;
        }
        lock.lock();
        m_running = false;
        m_idle.notify_all();
    }
    lock.unlock();
    sqlite3_close_v2(m_db);
    m_db = nullptr;
}

} // namespace feltnotat
