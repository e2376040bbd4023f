#include "reachability.h"

#include <QLoggingCategory>
#include <QNetworkInformation>

Q_LOGGING_CATEGORY(lcPlatform, "feltnotat.platform", QtInfoMsg)

namespace feltnotat {

namespace {

Reachability::State fromQt(QNetworkInformation::Reachability r)
{
    switch (r) {
    case QNetworkInformation::Reachability::Online:
        return Reachability::State::Online;
    case QNetworkInformation::Reachability::Disconnected:
        return Reachability::State::Offline;
    // Local/site-only networks may still reach a server on the same network.
    case QNetworkInformation::Reachability::Local:
    case QNetworkInformation::Reachability::Site:
    case QNetworkInformation::Reachability::Unknown:
        return Reachability::State::Unknown;
    }
    return Reachability::State::Unknown;
}

} // namespace

Reachability::Reachability(QObject *parent)
    : QObject(parent)
{
    if (QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability)) {
        QNetworkInformation *info = QNetworkInformation::instance();
        m_backend = true;
        m_state = fromQt(info->reachability());
        connect(info, &QNetworkInformation::reachabilityChanged, this,
            [this](QNetworkInformation::Reachability r) { setState(fromQt(r)); });
        qCInfo(lcPlatform) << "network reachability from backend" << info->backendName();
    } else {
        qCInfo(lcPlatform) << "no network information backend; relying on retries";
    }
}

Reachability::Reachability(FixedTag, State state, QObject *parent)
    : QObject(parent)
    , m_state(state)
{ }

Reachability *Reachability::fixed(State state, QObject *parent)
{
    return new Reachability(FixedTag {}, state, parent);
}

void Reachability::setState(State state)
{
    if (state == m_state)
        return;
    const bool wasOffline = m_state == State::Offline;
    m_state = state;
    Q_EMIT stateChanged(state);
    if (wasOffline && state != State::Offline)
        Q_EMIT cameOnline();
}

} // namespace feltnotat
