#include "viewcontroller.h"

#include "appcontext.h"

ViewController::ViewController(QObject *parent)
    : QObject(parent)
{
    if (AppContext *a = AppContext::instance()) {
        connect(a, &AppContext::dataChanged, this, [this](const QStringList &entities) {
            if (m_complete && interestedIn(entities))
                refresh();
        });
        connect(a, &AppContext::sessionChanged, this, [this] {
            if (m_complete)
                refresh();
        });
    }
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

AppContext *ViewController::app() const
{
    return AppContext::instance();
}

feltnotat::Store *ViewController::store() const
{
    AppContext *a = app();
    return a ? a->store() : nullptr;
}

bool ViewController::interestedIn(const QStringList &) const
{
    return true;
}
