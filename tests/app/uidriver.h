#pragma once

// Drives the real window the way a user does: finds items by objectName (visible ones first) and
// clicks or types on them with real mouse and key events. For tests that load Main.qml.
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QPointer>
#include <QQuickItem>
#include <QQuickWindow>
#include <QStyleHints>
#include <QTest>

class UiDriver
{
public:
    explicit UiDriver(QQuickWindow *window)
        : m_window(window)
    { }

    QQuickWindow *window() const { return m_window; }

    // The first visible item with this objectName (in the scene, in popups too), or null.
    QQuickItem *find(const QString &name) const
    {
        const auto all = m_window->findChildren<QQuickItem *>(name);
        for (QQuickItem *item : all) {
            if (item->isVisible() && item->window() == m_window && shown(item))
                return item;
        }
        return findIn(m_window->contentItem(), name);
    }
    QList<QQuickItem *> findAll(const QString &name) const
    {
        QList<QQuickItem *> out;
        collect(m_window->contentItem(), name, &out);
        return out;
    }
    bool waitFor(const QString &name, int timeoutMs = 10000) const
    {
        return QTest::qWaitFor([&] { return find(name) != nullptr; }, timeoutMs);
    }
    // The page on top: in the detail pane when it has one (two panes), else in the main stack.
    QQuickItem *page() const
    {
        for (const char *name : {"detailStack", "stack"}) {
            auto *stack = m_window->findChild<QQuickItem *>(QString::fromLatin1(name));
            auto *page = stack ? stack->property("currentItem").value<QQuickItem *>() : nullptr;
            if (page)
                return page;
        }
        return nullptr;
    }
    QString currentPage() const
    {
        QQuickItem *p = page();
        return p ? p->objectName() : QString();
    }
    bool waitForPage(const QString &name, int timeoutMs = 10000) const
    {
        return QTest::qWaitFor([&] { return currentPage() == name; }, timeoutMs);
    }
    // Waits until no page transition runs and the item stands still (layouts and animations done),
    // as a user sees it before tapping.
    void settle(const QPointer<QQuickItem> &item) const
    {
        (void)QTest::qWaitFor([&] {
            // The menu fully open or fully closed, not sliding.
            if (auto *drawer = m_window->findChild<QObject *>(QStringLiteral("navDrawer"))) {
                if (drawer->property("visible").toBool() && !drawer->property("opened").toBool())
                    return false;
            }
            for (const char *name : {"detailStack", "stack"}) {
                auto *stack = m_window->findChild<QQuickItem *>(QString::fromLatin1(name));
                if (stack && stack->property("busy").toBool())
                    return false;
            }
            return true;
        });
        QPointF last(-1e9, -1e9);
        for (int i = 0; i < 100 && item; ++i) {
            QTest::qWait(20);
            if (!item)
                return;
            const QPointF now = item->mapToScene(QPointF(0, 0));
            if (now == last)
                break;
            last = now;
        }
    }
    // Clicks the item once it stands still; false when it went away meanwhile (a list reloaded).
    bool click(QQuickItem *item) const
    {
        QPointer<QQuickItem> target(item);
        if (!target)
            return false;
        settle(target);
        // Two taps in different places are not a double tap (which a button does not take as a
        // click): let the double-click interval pass since the last one, as a user's hand does.
        const int interval = QGuiApplication::styleHints()->mouseDoubleClickInterval();
        if (m_lastClick.isValid() && m_lastClick.elapsed() < interval)
            QTest::qWait(int(interval - m_lastClick.elapsed()) + 20);
        if (!target)
            return false;
        const QPointF center = target->mapToScene(QPointF(target->width() / 2, target->height() / 2));
        QTest::mouseClick(m_window, Qt::LeftButton, {}, center.toPoint());
        m_lastClick.start();
        QTest::qWait(0);
        return true;
    }
    // Clicks the visible item of that name, finding it again if a reload replaced it.
    bool click(const QString &name) const
    {
        for (int attempt = 0; attempt < 3; ++attempt) {
            if (waitFor(name) && click(find(name)))
                return true;
        }
        return false;
    }
    // Clicks the index-th visible item of that name (-1: the last), finding them again if a reload
    // replaced the list's rows meanwhile.
    bool clickAt(const QString &name, int index) const
    {
        for (int attempt = 0; attempt < 3; ++attempt) {
            if (!waitFor(name))
                return false;
            const QList<QQuickItem *> all = findAll(name);
            const int i = index < 0 ? int(all.size()) + index : index;
            if (i >= 0 && i < all.size() && click(all.at(i)))
                return true;
        }
        return false;
    }
    // Clicks into a field, selects what is there and types the text key by key.
    bool type(const QString &name, const QString &text) const
    {
        if (!click(name))
            return false;
        QTest::keyClick(m_window, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClick(m_window, Qt::Key_Backspace);
        for (const QChar c : text) // with the character as its text, so æ, ø and å type too
            QTest::sendKeyEvent(QTest::Click, m_window, Qt::Key_unknown, QString(c), Qt::NoModifier);
        return true;
    }

private:
    static bool shown(const QQuickItem *item)
    {
        for (const QQuickItem *i = item; i; i = i->parentItem()) {
            if (!i->isVisible() || i->opacity() == 0)
                return false;
        }
        return true;
    }
    static QQuickItem *findIn(QQuickItem *root, const QString &name)
    {
        QList<QQuickItem *> out;
        collect(root, name, &out);
        return out.isEmpty() ? nullptr : out.first();
    }
    static void collect(QQuickItem *root, const QString &name, QList<QQuickItem *> *out)
    {
        if (!root)
            return;
        if (root->objectName() == name && shown(root))
            out->append(root);
        for (QQuickItem *child : root->childItems())
            collect(child, name, out);
    }
    QQuickWindow *m_window;
    mutable QElapsedTimer m_lastClick;
};
