#pragma once

#include <QString>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

struct sqlite3;

namespace feltnotat {

// Copies the write-ahead log of one database file into the file itself, on a connection and a thread
// of its own, so that a commit never waits for a checkpoint. A checkpoint of 16 MB of WAL took 65 to
// 85 ms here, every few pulled batches (docs/benchmarks.md). PASSIVE checkpoints only: they never
// block the writer, and the writer restarts the WAL once a checkpoint has caught up with it.
class Checkpointer
{
public:
    // vfs: the SQLite VFS the writer uses (null for the default); the encrypted store's finds its key by
    // path.
    explicit Checkpointer(QString path, const char *vfs = nullptr);
    ~Checkpointer(); // lets a running checkpoint finish, then closes its connection
    Checkpointer(const Checkpointer &) = delete;
    Checkpointer &operator=(const Checkpointer &) = delete;

    // Asks for a checkpoint soon; never blocks. Requests made while one runs are merged into one.
    void request();
    // How many checkpoints have run (tests).
    int completed() const { return m_completed.load(); }
    // Waits until no checkpoint is asked for or running (tests, benchmarks).
    void waitIdle();

private:
    void run();
    bool openConnection();

    const QString m_path;
    const char *m_vfs;
    sqlite3 *m_db = nullptr; // used only on m_thread
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_idle;
    bool m_pending = false;
    bool m_running = false;
    bool m_stop = false;
    std::atomic<int> m_completed {0};
    std::thread m_thread;
};

} // namespace feltnotat
