// Going back and leaving pages in the real window (Main.qml loaded as main.cpp loads it, demo
// data, signed in): the system Back key and closing the window go back one page instead of
// closing the app, and leaving a form with unsaved edits asks first, with keeping them the
// default. December review: no QML handled Back, and the back arrow dropped edits silently.
#include "core/store.h"
#include "guifixture.h"
#include "uidriver.h"

#include <QQmlApplicationEngine>
#include <QQmlExtensionPlugin>
#include <QQuickStyle>
#include <QStandardPaths>
#include <QTest>

Q_IMPORT_QML_PLUGIN(FeltnotatPlugin)

class TestNavigation : public QObject
{
    Q_OBJECT

private:
    GuiFixture f;
    std::unique_ptr<QQmlApplicationEngine> engine;
    QQuickWindow *window = nullptr;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QQuickStyle::setStyle(QStringLiteral("Material"));
        QVERIFY(f.open());
        engine = std::make_unique<QQmlApplicationEngine>();
        engine->load(QUrl(QStringLiteral("qrc:/Feltnotat/Main.qml")));
        QVERIFY(!engine->rootObjects().isEmpty());
        window = qobject_cast<QQuickWindow *>(engine->rootObjects().first());
        window->resize(400, 900);
        QVERIFY(QTest::qWaitForWindowExposed(window));
    }

    void backKeyGoesBackOnePage()
    {
        UiDriver ui(window);
        QVERIFY(ui.waitForPage(QStringLiteral("todayPage")));
        QVERIFY(ui.click(QStringLiteral("menuButton")));
        QVERIFY(ui.click(QStringLiteral("nav-participants")));
        QVERIFY(ui.waitForPage(QStringLiteral("participantListPage")));
        QVERIFY(ui.click(QStringLiteral("recordRow")));
        QVERIFY(ui.waitForPage(QStringLiteral("participantPage")));
        QTest::keyClick(window, Qt::Key_Back);
        QVERIFY(ui.waitForPage(QStringLiteral("participantListPage")));
        QTest::keyClick(window, Qt::Key_Back); // a top page other than "I dag": to "I dag"
        QVERIFY(ui.waitForPage(QStringLiteral("todayPage")));
        QVERIFY(window->isVisible());
    }

    void closingTheWindowGoesBackFirst()
    {
        UiDriver ui(window);
        QQuickItem *visit = nullptr;
        for (QQuickItem *row : ui.findAll(QStringLiteral("todayRow"))) {
            if (!visit && row->property("entity").toString() == u"encounter")
                visit = row;
        }
        QVERIFY(ui.click(visit));
        QVERIFY(ui.waitForPage(QStringLiteral("encounterPage")));
        window->close();
        QVERIFY(ui.waitForPage(QStringLiteral("todayPage")));
        QVERIFY(window->isVisible());
    }

    void leavingAnEditedFormAsks()
    {
        UiDriver ui(window);
        QVERIFY(ui.click(QStringLiteral("menuButton")));
        QVERIFY(ui.click(QStringLiteral("nav-participants")));
        QVERIFY(ui.waitForPage(QStringLiteral("participantListPage")));
        QVERIFY(ui.click(QStringLiteral("recordRow")));
        QVERIFY(ui.waitForPage(QStringLiteral("participantPage")));
        const QString id = ui.page()->property("recordId").toString();
        const QString name
            = f.app->store()->get(QStringLiteral("participant"), id)->text(QStringLiteral("name"));
        QVERIFY(!name.isEmpty());
        QVERIFY(ui.click(QStringLiteral("editButton")));
        QVERIFY(ui.waitForPage(QStringLiteral("recordEditPage")));
        QVERIFY(ui.type(QStringLiteral("edit-name-input"), QStringLiteral("Nesten Lagret Navn")));

        // Back key: asks; the default keeps the edits.
        QTest::keyClick(window, Qt::Key_Back);
        QVERIFY(ui.waitFor(QStringLiteral("leaveDialogCancel")));
        QTRY_VERIFY(ui.find(QStringLiteral("leaveDialogCancel"))->hasActiveFocus());
        QVERIFY(ui.click(QStringLiteral("leaveDialogCancel")));
        QTRY_VERIFY(!ui.find(QStringLiteral("leaveDialogCancel")));
        QCOMPARE(ui.currentPage(), QStringLiteral("recordEditPage"));

        // The back arrow asks too; closing the window as well. Discarding goes back one page.
        QVERIFY(ui.click(QStringLiteral("menuButton")));
        QVERIFY(ui.waitFor(QStringLiteral("leaveDialogConfirm")));
        QVERIFY(ui.click(QStringLiteral("leaveDialogCancel")));
        QTRY_VERIFY(!ui.find(QStringLiteral("leaveDialogCancel")));
        window->close();
        QVERIFY(window->isVisible());
        QVERIFY(ui.waitFor(QStringLiteral("leaveDialogConfirm")));
        QVERIFY(ui.click(QStringLiteral("leaveDialogConfirm")));
        QVERIFY(ui.waitForPage(QStringLiteral("participantPage")));
        QCOMPARE(f.app->store()->get(QStringLiteral("participant"), id)->text(QStringLiteral("name")), name);
    }
};

QTEST_MAIN(TestNavigation)
#include "tst_navigation.moc"
