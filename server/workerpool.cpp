#include "workerpool.h"

#include <pthread.h>

namespace feltnotat::server {

WorkerPool::WorkerPool(QString name, int threads, int maxQueued, Factory factory)
    : m_name(std::move(name))
    , m_maxQueued(maxQueued)
    , m_factory(std::move(factory))
{
    for (int i = 0; i < std::max(1, threads); ++i)
        m_threads.emplace_back([this] { run(); });
}

WorkerPool::~WorkerPool()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_jobs.clear();
    }
    m_wake.notify_all();
    for (std::thread &t : m_threads)
        t.join();
}

bool WorkerPool::post(Job job)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping || int(m_jobs.size()) >= m_maxQueued)
            return false;
        m_jobs.push_back(std::move(job));
    }
    m_wake.notify_one();
    return true;
}

int WorkerPool::queued() const
{
    std::lock_guard lock(m_mutex);
    return int(m_jobs.size());
}

void WorkerPool::run()
{
    // The name shows in top -H and in debuggers (15 characters at most).
    pthread_setname_np(pthread_self(), m_name.left(15).toLatin1().constData());
    std::unique_ptr<WorkerState> state;
    for (;;) {
        Job job;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_jobs.empty(); });
            if (m_stopping)
                break;
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
        }
        if (!state)
            state = m_factory();
        job(*state);
    }
    state.reset(); // the database connection closes in the thread that opened it
}

} // namespace feltnotat::server
