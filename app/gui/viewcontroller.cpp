#include "viewcontroller.h"

#include "appcontext.h"

ViewController::ViewController(QObject *parent)
    : QObject(parent)
{ }

void ViewController::setApp(AppContext *app)
{
    if (app == m_app)
        return;
    for (const auto &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    m_app = app;
    if (app) {
        m_connections = app->onChanges(this, [this](const QStringList &entities, bool newSession) {
            if (m_complete && (newSession || interestedIn(entities)))
                refresh();
        });
    }
    Q_EMIT appChanged();
    if (m_complete)
        refresh();
}

void ViewController::componentComplete()
{
    refresh();
}

void ViewController::refresh()
{
    m_complete = true;
    if (store())
        reload();
}

feltnotat::Store *ViewController::store() const
{
    return m_app ? m_app->store() : nullptr;
}

bool ViewController::interestedIn(const QStringList &) const
{
    return true;
}
