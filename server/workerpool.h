#pragma once

#include <QString>

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace feltnotat::server {

// A fixed number of threads that run jobs in order of arrival, each thread with a state of its own
// (a database connection and the API objects on it), made in that thread by the factory the first
// time it runs a job. A bounded queue: post() refuses work past maxQueued, so a flood is answered at
// once instead of piling up. Used for the request handlers, the password hashing (login) and /healthz,
// each in a pool of its own so that one kind of work never holds up another.
class WorkerPool
{
public:
    // The per-thread state; jobs receive it (never null: a factory that fails still makes one,
    // which answers with the error).
    class WorkerState
    {
    public:
        virtual ~WorkerState() = default;
    };
    using Factory = std::function<std::unique_ptr<WorkerState>()>;
    using Job = std::function<void(WorkerState &)>;

    WorkerPool(QString name, int threads, int maxQueued, Factory factory);
    ~WorkerPool(); // lets running jobs finish, drops queued ones, joins the threads

    bool post(Job job);
    int threadCount() const { return int(m_threads.size()); }
    int queued() const;

private:
    void run();

    QString m_name;
    int m_maxQueued;
    Factory m_factory;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Job> m_jobs;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};

} // namespace feltnotat::server
