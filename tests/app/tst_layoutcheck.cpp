// GuiRunner::layoutProblems, the self-test's reader, on small windows built for each rule: it must
// find what a reader cannot read whole and let pass what wraps, elides or fits.
#include "../../app/gui/guirunner.h"

#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickWindow>
#include <QTest>

#include <memory>

class TestLayoutCheck : public QObject
{
    Q_OBJECT

    // The problems in a 200 px wide window holding `body` (QML items inside a Window).
    static QStringList problemsOf(const QByteArray &body)
    {
        QQmlEngine engine;
        QQmlComponent component(&engine);
        component.setData(
            "import QtQuick\nimport QtQuick.Controls\nWindow {\n width: 200; height: 200\n" + body + "\n}\n",
            QUrl());
        std::unique_ptr<QObject> root(component.create());
        auto *window = qobject_cast<QQuickWindow *>(root.get());
        if (!window) {
            qWarning() << component.errors();
            return {QStringLiteral("no window")};
        }
        window->show();
        if (!QTest::qWaitForWindowExposed(window))
            return {QStringLiteral("window not shown")};
        return GuiRunner::layoutProblems(window);
    }

private slots:
    void labelThatNeitherWrapsNorElidesIsFoundWiderThanItsBox()
    {
        // Inside the window, so the window's edge does not catch it: only its own box does.
        const QStringList problems = problemsOf("Label { width: 60; text: \"Mandag 07.12.2026 uke 50\" }");
        QCOMPARE(problems.size(), 1);
        QVERIFY2(
            problems.first().contains(QStringLiteral("in a box of 60 px")), qPrintable(problems.first()));
    }

    void elidedOrWrappedLabelPasses()
    {
        QCOMPARE(
            problemsOf("Label { width: 60; elide: Text.ElideRight; text: \"Mandag 07.12.2026 uke 50\" }"),
            QStringList());
        QCOMPARE(
            problemsOf("Label { width: 100; wrapMode: Text.WordWrap; text: \"Mandag 07.12.2026 uke 50\" }"),
            QStringList());
    }

    void wordLongerThanAWrappingLabelsLineIsFound()
    {
        const QStringList problems
            = problemsOf("Label { width: 40; wrapMode: Text.WordWrap; text: \"arbeidsgiverkontakter\" }");
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems.first().contains(QStringLiteral("the word \"arbeidsgiverkontakter\"")),
            qPrintable(problems.first()));
    }

    void softHyphenIsAPlaceToBreakMeasuredWithItsHyphen()
    {
        QCOMPARE(problemsOf("Label { id: l; width: m.advanceWidth + 2; wrapMode: Text.WordWrap;"
                            " text: \"arbeidsgiver\\u00ADkontakter\";"
                            " TextMetrics { id: m; font: l.font; text: \"arbeidsgiver-\" } }"),
            QStringList());
        // Two pixels too narrow for the part and its hyphen.
        const QStringList problems
            = problemsOf("Label { id: l; width: m.advanceWidth - 2;"
                         " wrapMode: Text.WordWrap; text: \"arbeidsgiver\\u00ADkontakter\";"
                         " TextMetrics { id: m; font: l.font; text: \"arbeidsgiver-\" } }");
        QCOMPARE(problems.size(), 1);
        QVERIFY2(
            problems.first().contains(QStringLiteral("\"arbeidsgiver-\"")), qPrintable(problems.first()));
    }

    void textPastTheWindowsEdgeIsFound()
    {
        const QStringList problems
            = problemsOf("Label { x: 150; width: 300; text: \"Registrer arbeidsforhold\" }");
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems.first().contains(QStringLiteral("is cut at 200 px")), qPrintable(problems.first()));
    }
};

QTEST_MAIN(TestLayoutCheck)
#include "tst_layoutcheck.moc"
