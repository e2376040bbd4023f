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

    // Visits the pages of the engine's first window; saves PNGs when outputDir is not empty.
    // Returns the number of pages that could not be shown or saved.
    static int visitPages(QQmlApplicationEngine &engine, const QString &outputDir);
};
