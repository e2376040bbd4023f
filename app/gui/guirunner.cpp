#include "guirunner.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QImage>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QRegularExpression>
#include <QTextOption>
#include <QTextStream>

#include <algorithm>
#include <atomic>

namespace {

// Where a long compound may break ("arbeidsgiver\u00ADkontakter"), drawn as a hyphen there.
constexpr QChar SoftHyphen(0x00AD);
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
bool isTextItem(const QQuickItem *item)
{
    return item->inherits("QQuickText") || item->inherits("QQuickTextInput")
        || item->inherits("QQuickTextEdit");
}

// Whether a reader sees the item at all: visible, not fully transparent, and not inside a list that
// runs sideways (a tab bar, a swipe view: their items lie past the edge on purpose). A page's
// Flickable does not count: a form wider than the window is what this looks for.
bool shownInPlace(const QQuickItem *item)
{
    for (const QQuickItem *i = item; i; i = i->parentItem()) {
        if (!i->isVisible() || i->opacity() <= 0.0)
            return false;
        if (i != item && i->inherits("QQuickListView")
            && i->property("orientation").toInt() == Qt::Horizontal)
            return false;
    }
    return true;
}

// How far right a reader can see: the window's edge, or that of the nearest clipping item around
// the item if it ends sooner (a page's Flickable cuts what sticks out).
qreal visibleRight(const QQuickItem *item, qreal windowWidth)
{
    qreal right = windowWidth;
    for (const QQuickItem *i = item->parentItem(); i; i = i->parentItem()) {
        if (i->clip())
            right = std::min(right, i->mapToScene(QPointF(i->width(), 0)).x());
    }
    return right;
}

// The right edge of the text itself (not of its box), in window coordinates, by its alignment.
qreal textRight(const QQuickItem *item)
{
    const qreal shown = std::min(item->property("contentWidth").toReal(), item->width());
    const int align = item->property("horizontalAlignment").toInt();
    const qreal offset = align & Qt::AlignRight ? item->width() - shown
        : align & Qt::AlignHCenter              ? (item->width() - shown) / 2
                                                : 0.0;
    return item->mapToScene(QPointF(offset + shown, 0)).x();
}

// The outermost item around `item` that is wider than the item it sits in: usually a layout that
// could not shrink because one of its parts (a label that does not wrap) would not.
QString widenedBy(const QQuickItem *item)
{
    const QQuickItem *widest = nullptr;
    for (const QQuickItem *i = item; i && i->parentItem(); i = i->parentItem()) {
        if (i->width() > i->parentItem()->width() + 1.0)
            widest = i;
    }
    if (!widest)
        return {};
    QString type = QString::fromLatin1(widest->metaObject()->className());
    type.truncate(type.indexOf(QStringLiteral("_QMLTYPE_")) >= 0 ? type.indexOf(QStringLiteral("_QMLTYPE_"))
                                                                 : type.size());
    return QStringLiteral(" (%1%2 is %3 px wide in %4 px)")
        .arg(type,
            widest->objectName().isEmpty() ? QString() : QStringLiteral(" \"%1\"").arg(widest->objectName()))
        .arg(qRound(widest->width()))
        .arg(qRound(widest->parentItem()->width()));
}

QString quoted(const QQuickItem *item)
{
    const QString text = item->property("text").toString().simplified();
    return u'"' + (text.size() > 40 ? text.left(39) + u'…' : text) + u'"';
}

void collectLayoutProblems(const QQuickItem *item, qreal windowWidth, QStringList *problems)
{
    const auto children = item->childItems();
    for (const QQuickItem *child : children)
        collectLayoutProblems(child, windowWidth, problems);
    if (!isTextItem(item) || item->property("text").toString().trimmed().isEmpty() || !shownInPlace(item))
        return;
    const qreal left = item->mapToScene(QPointF(0, 0)).x();
    const qreal limit = visibleRight(item, windowWidth);
    const qreal right = textRight(item);
    if (left < limit && right > limit + 1.0) {
        problems->append(QStringLiteral("%1 is cut at %2 px, it needs %3 px%4")
                             .arg(quoted(item))
                             .arg(qRound(limit))
                             .arg(qRound(right))
                             .arg(widenedBy(item)));
        return;
    }
    // A text wider than its box: a label that neither wraps nor elides draws over its neighbours,
    // and a field the reader cannot scroll (a combo box's value) shows only its beginning.
    const qreal contentWidth = item->property("contentWidth").toReal();
    // (A combo box's value is a text field that is switched off, not read-only.)
    const bool readOnlyField
        = item->inherits("QQuickTextInput") && (item->property("readOnly").toBool() || !item->isEnabled());
    const bool plainLabel = item->inherits("QQuickText") && item->property("elide").toInt() == Qt::ElideNone
        && item->property("wrapMode").toInt() == 0;
    if ((readOnlyField || plainLabel) && contentWidth > item->width() + 1.0) {
        problems->append(QStringLiteral("%1 needs %2 px in a box of %3 px")
                             .arg(quoted(item))
                             .arg(qRound(contentWidth))
                             .arg(qRound(item->width())));
        return;
    }
    // A label that wraps at word boundaries only runs out of its box with a word longer than a line
    // (Norwegian compounds: "arbeidsgiverkontakter"). A soft hyphen is a place to break; the part
    // before it is drawn with a hyphen.
    if (item->inherits("QQuickText") && item->property("wrapMode").toInt() == QTextOption::WordWrap) {
        const QFontMetricsF metrics(item->property("font").value<QFont>());
        const QStringList words = item->property("text").toString().split(
            QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
        const qreal padding
            = item->property("leftPadding").toReal() + item->property("rightPadding").toReal();
        for (const QString &word : words) {
            const QStringList parts = word.split(SoftHyphen);
            for (qsizetype i = 0; i < parts.size(); ++i) {
                const QString shown = i + 1 < parts.size() ? parts.at(i) + u'-' : parts.at(i);
                const qreal needed = metrics.horizontalAdvance(shown) + padding;
                if (needed > item->width() + 1.0) {
                    problems->append(QStringLiteral("the word \"%1\" needs %2 px in a box of %3 px")
                                         .arg(shown)
                                         .arg(qRound(needed))
                                         .arg(qRound(item->width())));
                    return;
                }
            }
        }
    }
}
} // namespace

QStringList GuiRunner::layoutProblems(QQuickWindow *window)
{
    QStringList problems;
    collectLayoutProblems(window->contentItem(), window->width(), &problems);
    return problems;
}

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
        const QStringList problems = layoutProblems(window);
        for (const QString &problem : problems)
            err << "feltnotat: page " << page << ": " << problem << '\n';
        failures += problems.isEmpty() ? 0 : 1;
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
