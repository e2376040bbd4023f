#pragma once

#include <QObject>
#include <QStringList>

class QQmlApplicationEngine;
class QQuickWindow;

// Drives the loaded UI without a user: visits every main page, optionally saving each as a PNG at
// phone size (--screenshot), and counts QML warnings so --self-test can fail on any of them.
class GuiRunner : public QObject
{
    Q_OBJECT

public:
    // The pages Main.qml's showPage() knows, in the order they are visited.
    static QStringList pages();

    // Starts counting warnings and errors from the moment of the call (installs a message handler).
    static void installWarningCounter();
    static int warningCount();

    // Text a reader cannot read whole on the window as it stands: past the window's right edge, or
    // wider than its box where it neither wraps nor elides. One line each, empty when none.
    static QStringList layoutProblems(QQuickWindow *window);

    // Visits the pages of the engine's first window; saves PNGs when outputDir is not empty.
    // Returns the number of pages that could not be shown or saved, or show text a reader cannot
    // read whole (layoutProblems()).
    static int visitPages(QQmlApplicationEngine &engine, const QString &outputDir);
};
