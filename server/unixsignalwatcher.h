#pragma once

#include <QObject>

class QSocketNotifier;

namespace feltnotat::server {

// Turns SIGTERM and SIGINT into a Qt signal on the event loop (self-pipe), so that shutdown runs
// as ordinary code instead of inside a signal handler. One instance per process.
class UnixSignalWatcher final : public QObject
{
    Q_OBJECT

public:
    explicit UnixSignalWatcher(QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

Q_SIGNALS:
    void terminationRequested(int signalNumber);

private:
    static void handler(int signalNumber);
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace feltnotat::server
