// feltnotat: the Qt Quick app. Wiring only; the views are the Feltnotat QML module.
#include "app/common/pinsource.h"
#include "appcontext.h"
#include "guirunner.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFont>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQmlExtensionPlugin>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextStream>

#include <cmath>

Q_IMPORT_QML_PLUGIN(FeltnotatPlugin)

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("Feltnotat"));
    QGuiApplication::setOrganizationName(QStringLiteral("Feltnotat"));
    QGuiApplication::setApplicationVersion(QStringLiteral(FELTNOTAT_VERSION));
    QQuickStyle::setStyle(QStringLiteral("Material"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Feltnotat: notes and follow-up in the field."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dataOption(QStringLiteral("data"),
        QStringLiteral("Data folder (default: the app data folder)."), QStringLiteral("DIR"));
    const QCommandLineOption demoOption(QStringLiteral("demo"),
        QStringLiteral("Fill an empty store with synthetic demo data and work offline."));
    const QCommandLineOption shotOption(QStringLiteral("screenshot"),
        QStringLiteral("Render every main page at 360x640 into DIR as PNG and exit."), QStringLiteral("DIR"));
    const QCommandLineOption selfTestOption(QStringLiteral("self-test"),
        QStringLiteral("Load the UI, visit every page, exit 0 only without QML warnings."));
    const QCommandLineOption langOption(
        QStringLiteral("lang"), QStringLiteral("UI language: nb or en."), QStringLiteral("LANG"));
    const QCommandLineOption sizeOption(QStringLiteral("size"),
        QStringLiteral("Window size for --screenshot and --self-test (default 360x640)."),
        QStringLiteral("WxH"));
    const QCommandLineOption fontScaleOption(QStringLiteral("font-scale"),
        QStringLiteral("Scale the application font, as a large-text setting does (e.g. 1.5)."),
        QStringLiteral("FACTOR"));
    const QCommandLineOption pinOption(QStringLiteral("pin-file"),
        QStringLiteral("Unlock the encrypted store at start with the PIN in FILE (first line; owner-only). "
                       "Without it the app starts on its lock screen."),
        QStringLiteral("FILE"));
    parser.addOptions({dataOption, demoOption, shotOption, selfTestOption, langOption, sizeOption,
        fontScaleOption, pinOption});
    parser.process(app);

    // Every text size in the UI follows the application font (qml/Theme.qml). At least Material's
    // 14 px body text; larger when the platform's text-size setting (or --font-scale) says so.
    QFont font = QGuiApplication::font();
    const double px = font.pixelSize() > 0 ? font.pixelSize() : font.pointSizeF() * 4.0 / 3.0;
    const double scale = parser.isSet(fontScaleOption) ? parser.value(fontScaleOption).toDouble() : 1.0;
    if (scale < 0.5 || scale > 4.0) {
        QTextStream(stderr) << "feltnotat: --font-scale must be between 0.5 and 4\n";
        return 2;
    }
    font.setPixelSize(int(std::lround(std::max(px, 14.0) * scale)));
    QGuiApplication::setFont(font);
    QSize windowSize(360, 640);
    if (parser.isSet(sizeOption)) {
        const QStringList wh = parser.value(sizeOption).split(u'x');
        windowSize = wh.size() == 2 ? QSize(wh[0].toInt(), wh[1].toInt()) : QSize();
        if (windowSize.width() < 200 || windowSize.height() < 200) {
            QTextStream(stderr) << "feltnotat: --size must be WIDTHxHEIGHT, e.g. 1280x800\n";
            return 2;
        }
    }

    const bool selfTest = parser.isSet(selfTestOption);
    const QString shotDir = parser.value(shotOption);
    const bool unattended = selfTest || !shotDir.isEmpty();
    if (unattended)
        GuiRunner::installWarningCounter();

    // The self-test without --data runs against a throw-away store with demo data.
    QTemporaryDir scratch;
    QString dataDir = parser.value(dataOption);
    bool demo = parser.isSet(demoOption);
    if (dataDir.isEmpty() && selfTest) {
        dataDir = scratch.path();
        demo = true;
    }
    if (dataDir.isEmpty())
        dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QTextStream err(stderr);
    if (!QDir().mkpath(dataDir)) {
        err << "feltnotat: cannot create the data folder " << dataDir << '\n';
        return 1;
    }

    AppContext::Options options;
    options.dataDir = dataDir;
    options.watchNetwork = !unattended;
    options.autoSync = !unattended;
    options.offlineDemo = demo;
    // The app lock: a PIN chosen at the first start, asked for at every start, after idle time and
    // in the background. The unattended runs (--self-test, --screenshot) use a plain throw-away store
    // unless --pin-file is given.
    options.appLock = !unattended;
    if (parser.isSet(pinOption)) {
        auto pin = feltnotat::pinsource::fromFile(parser.value(pinOption));
        if (!pin) {
            err << "feltnotat: " << pin.errorString() << '\n';
            return 2;
        }
        options.pin = pin.value();
    }
    AppContext context(options);
    if (const auto opened = context.open(); !opened) {
        err << "feltnotat: cannot open the data folder: " << opened.errorString() << '\n';
        return 1;
    }
    if (demo && !context.isLocked()) { // a locked demo gets its data when unlocked
        if (const auto loaded = context.loadDemoData(); !loaded) {
            err << "feltnotat: demo data: " << loaded.errorString() << '\n';
            return 1;
        }
    }
    if (parser.isSet(langOption))
        context.setLanguage(parser.value(langOption));
    AppContext::setInstance(&context);

    QQmlApplicationEngine engine;
    engine.load(QUrl(QStringLiteral("qrc:/Feltnotat/Main.qml")));
    if (engine.rootObjects().isEmpty()) {
        err << "feltnotat: the user interface did not load\n";
        return 1;
    }
    if (!unattended)
        return QGuiApplication::exec();

    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().first());
    window->resize(windowSize);
    const int failures = GuiRunner::visitPages(engine, shotDir);
    const int warnings = GuiRunner::warningCount();
    if (selfTest) {
        QTextStream out(stdout);
        out << "feltnotat self-test: " << GuiRunner::pages().size() << " pages, " << failures << " failed, "
            << warnings << " warnings\n";
    }
    return failures == 0 && (!selfTest || warnings == 0) ? 0 : 1;
}
