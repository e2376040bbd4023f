#pragma once

#include "appcontext.h"
#include "uidriver.h"

#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSize>
#include <QTest>

#include <memory>

// The app as main.cpp starts it: an AppContext over the options' data folder, qrc:/Feltnotat/Main.qml
// in a QQmlApplicationEngine, the window at `size` and active, and a UiDriver over it. The steps a
// user takes in every such test (logging in, opening a page from the menu) are here once.
struct RealWindow
{
    std::unique_ptr<AppContext> app;
    std::unique_ptr<QQmlApplicationEngine> engine;
    std::unique_ptr<UiDriver> ui;

    RealWindow() = default;
    RealWindow(const RealWindow &) = delete;
    RealWindow &operator=(const RealWindow &) = delete;
    ~RealWindow()
    {
        ui.reset();
        engine.reset();
        app.reset();
    }

    bool start(const AppContext::Options &options, QSize size)
    {
        app = std::make_unique<AppContext>(options);
        if (!app->open())
            return false;
        AppContext::setInstance(app.get());
        engine = std::make_unique<QQmlApplicationEngine>();
        engine->load(QUrl(QStringLiteral("qrc:/Feltnotat/Main.qml")));
        if (engine->rootObjects().isEmpty())
            return false;
        auto *window = qobject_cast<QQuickWindow *>(engine->rootObjects().first());
        if (!window)
            return false;
        window->resize(size);
        window->requestActivate();
        if (!QTest::qWaitForWindowActive(window))
            return false;
        ui = std::make_unique<UiDriver>(window);
        return true;
    }

    // Logs in from the login page as a user types it: the server's address without a scheme.
    bool logIn(quint16 port, const QString &login, const QString &password, int timeoutMs = 30000) const
    {
        return ui->waitForPage(QStringLiteral("loginPage"))
            && ui->type(QStringLiteral("loginServerInput"), QStringLiteral("127.0.0.1:%1").arg(port))
            && ui->type(QStringLiteral("loginUserInput"), login)
            && ui->type(QStringLiteral("loginPasswordInput"), password)
            && ui->click(QStringLiteral("loginButton"))
            && ui->waitForPage(QStringLiteral("todayPage"), timeoutMs);
    }

    // Through the menu to a top page ("participants", "settings", …), as a user taps it.
    bool openFromMenu(const QString &nav, const QString &page) const
    {
        return ui->click(QStringLiteral("menuButton")) && ui->click(QStringLiteral("nav-") + nav)
            && ui->waitForPage(page);
    }

    // The text of the item named `name`; empty when there is none.
    QString text(const QString &name) const
    {
        QQuickItem *item = ui->find(name);
        return item ? item->property("text").toString() : QString();
    }
};
