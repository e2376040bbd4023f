#pragma once

#include <QObject>
#include <QQmlParserStatus>
#include <QtQml/qqmlregistration.h>

class AppContext;
namespace feltnotat {
class Store;
}

// Base of the per-view controllers: finds the running App, reloads when records change or the
// session is replaced, and loads once the QML properties are set (componentComplete). C++ tests
// call refresh() instead.
class ViewController : public QObject, public QQmlParserStatus
{
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)

public:
    explicit ViewController(QObject *parent = nullptr);

    void classBegin() override { }
    void componentComplete() override;
    Q_INVOKABLE void refresh();

protected:
    AppContext *app() const;
    feltnotat::Store *store() const;
    // Re-reads everything the view shows; only called with a store present.
    virtual void reload() = 0;
    // Whether a change to these record types concerns this view ("*" means anything).
    virtual bool interestedIn(const QStringList &entities) const;
    bool isLoaded() const { return m_complete; }

private:
    bool m_complete = false;
};
