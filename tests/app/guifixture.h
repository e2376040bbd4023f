#pragma once

#include "appcontext.h"
#include "core/clock.h"
#include "formatter.h"

#include <QTemporaryDir>
#include <QTimeZone>

#include <memory>

// A running AppContext over a throw-away data folder with the synthetic demo data set, a fixed
// clock (Monday 23 November 2026, 10:00 in Oslo) and no network, for controller and QML tests.
struct GuiFixture
{
    QTemporaryDir dir;
    feltnotat::ManualClock clock {QDateTime(QDate(2026, 11, 23), QTime(10, 0), QTimeZone("Europe/Oslo"))};
    std::unique_ptr<AppContext> app;

    bool open(bool demoData = true)
    {
        Formatter::setZone(QTimeZone("Europe/Oslo"));
        AppContext::Options options;
        options.dataDir = dir.path();
        options.clock = &clock;
        options.watchNetwork = false;
        options.autoSync = false;
        options.offlineDemo = true;
        app = std::make_unique<AppContext>(options);
        if (!app->open())
            return false;
        AppContext::setInstance(app.get());
        return !demoData || app->loadDemoData().ok();
    }
};
