#include "guirunner.h"

#include <QDir>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QImage>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QTextStream>

#include <atomic>

namespace {
std::atomic<int> s_warnings {0};
QtMessageHandler s_previous = nullptr;

void countingHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtWarningMsg || type == QtCriticalMsg || type == QtFatalMsg)
        ++s_warnings;
    if (s_previous)
        s_previous(type, context, message);
}

// Lets bindings, layouts and the scene graph settle, then waits for one rendered frame.
void settle(QQuickWindow *window)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 250)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    window->requestUpdate();
    QCoreApplication::processEvents();
}
} // namespace

QStringList GuiRunner::pages()
{
    return {QStringLiteral("today"), QStringLiteral("capture"), QStringLiteral("participants"),
        QStringLiteral("participant"), QStringLiteral("participantEdit"), QStringLiteral("employmentAdd"),
        QStringLiteral("employers"), QStringLiteral("employer"), QStringLiteral("employerAdd"),
        QStringLiteral("contactAdd"), QStringLiteral("encounter"), QStringLiteral("task"),
        QStringLiteral("search"), QStringLiteral("tasks"), QStringLiteral("conflicts"),
        QStringLiteral("deadLetters"), QStringLiteral("week"), QStringLiteral("settings"),
        QStringLiteral("login")};
}

void GuiRunner::installWarningCounter()
{
    s_warnings = 0;
    s_previous = qInstallMessageHandler(countingHandler);
}

int GuiRunner::warningCount()
{
    return s_warnings;
}

int GuiRunner::visitPages(QQmlApplicationEngine &engine, const QString &outputDir)
{
    QTextStream err(stderr);
    auto *window = engine.rootObjects().isEmpty()
        ? nullptr
        : qobject_cast<QQuickWindow *>(engine.rootObjects().first());
    if (!window) {
        err << "feltnotat: the main window did not load\n";
        return 1;
    }
    if (!outputDir.isEmpty() && !QDir().mkpath(outputDir)) {
        err << "feltnotat: cannot create " << outputDir << '\n';
        return 1;
    }
    int failures = 0;
    int n = 0;
    for (const QString &page : pages()) {
        ++n;
        QVariant shown;
        if (!QMetaObject::invokeMethod(
                window, "showPage", Q_RETURN_ARG(QVariant, shown), Q_ARG(QVariant, page))
            || !shown.toBool()) {
            err << "feltnotat: page " << page << " could not be shown\n";
            ++failures;
            continue;
        }
        settle(window);
        if (outputDir.isEmpty())
            continue;
        const QImage image = window->grabWindow();
        const QString file
            = QDir(outputDir).filePath(QStringLiteral("%1-%2.png").arg(n, 2, 10, QChar(u'0')).arg(page));
        if (image.isNull() || !image.save(file)) {
            err << "feltnotat: could not save " << file << '\n';
            ++failures;
        }
    }
    QMetaObject::invokeMethod(window, "showPage", Q_ARG(QVariant, QStringLiteral("today")));
    settle(window);
    return failures;
}
