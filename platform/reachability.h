#pragma once

#include <QObject>

namespace feltnotat {

// Tells the sync engine when the network comes and goes. Uses QNetworkInformation when a backend
// loads; otherwise it reports "unknown", which the engine treats as "maybe online" and relies on
// its retry timer (a safe fallback: it never blocks syncing).
class Reachability : public QObject
{
    Q_OBJECT

public:
    enum class State { Unknown, Online, Offline };
    Q_ENUM(State)

    explicit Reachability(QObject *parent = nullptr);
    // A reachability that never changes on its own; for tests and headless use.
    static Reachability *fixed(State state, QObject *parent = nullptr);

    State state() const { return m_state; }
    bool mayBeOnline() const { return m_state != State::Offline; }
    bool hasBackend() const { return m_backend; }
    void setState(State state); // for tests and for platforms that learn it elsewhere

Q_SIGNALS:
    void stateChanged(feltnotat::Reachability::State state);
    void cameOnline();

private:
    struct FixedTag
    {
    };
    Reachability(FixedTag, State state, QObject *parent);
    State m_state = State::Unknown;
    bool m_backend = false;
};

} // namespace feltnotat
