#pragma once

#include <QObject>
#include <QPointer>
#include <QQmlParserStatus>
#include <QtQml/qqmlregistration.h>

class AppContext;
namespace feltnotat {
class Store;
}

// Base of the per-view controllers: given the running App (`app: App` in QML, setApp() in C++),
// reloads when records change or the session is replaced, and loads once the QML properties are
// set (componentComplete). C++ tests call refresh() instead.
class ViewController : public QObject, public QQmlParserStatus
{
    Q_OBJECT
    QML_ANONYMOUS
    Q_INTERFACES(QQmlParserStatus)
    Q_PROPERTY(AppContext *app READ app WRITE setApp NOTIFY appChanged)

public:
    explicit ViewController(QObject *parent = nullptr);

    void classBegin() override { }
    void componentComplete() override;
    Q_INVOKABLE void refresh();

    AppContext *app() const { return m_app; }
    void setApp(AppContext *app);

Q_SIGNALS:
    void appChanged();

protected:
    feltnotat::Store *store() const;
    // Re-reads everything the view shows; only called with a store present.
    virtual void reload() = 0;
    // Whether a change to these record types concerns this view ("*" means anything).
    virtual bool interestedIn(const QStringList &entities) const;
    bool isLoaded() const { return m_complete; }
    // Sets one of the properties that decide what the view shows (`m_entity`, `m_recordId`, …):
    // stores the new value, tells QML through `changed`, and reloads once the view is loaded. A
    // value equal to the current one changes nothing.
    template<typename T, typename Changed> void setReloading(T &member, const T &value, Changed changed)
    {
        if (value == member)
            return;
        member = value;
        changed();
        if (m_complete)
            refresh();
    }

private:
    QPointer<AppContext> m_app;
    QList<QMetaObject::Connection> m_connections;
    bool m_complete = false;
};
