#include "core/namefolding.h"

#include <QTest>

using namespace feltnotat;

// Search keys of employer names (core/namefolding.h): the server's register and the phone's cache
// of look-ups both rely on them.
class TestNameFolding : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void foldsCaseAccentsAndNorwegianLetters()
    {
        QCOMPARE(
            namefolding::fold(u"Bakeri & Konditori ØRSTA AS"), QStringLiteral("bakeri konditori orsta as"));
        QCOMPARE(namefolding::fold(u"Kafé Brødskiva, Ålesund"), QStringLiteral("kafe brodskiva alesund"));
        QCOMPARE(namefolding::fold(u"Sæbø Müller-Straße 7"), QStringLiteral("saebo muller strasse 7"));
        QCOMPARE(namefolding::fold(u"  --  "), QString());
        QCOMPARE(namefolding::words(u"Rør og Rør AS"),
            (QStringList {QStringLiteral("ror"), QStringLiteral("og"), QStringLiteral("as")}));
    }

    void upperBoundIsTheFirstKeyAfterThePrefix()
    {
        QCOMPARE(namefolding::upperBound(QStringLiteral("bak")), QStringLiteral("bal"));
        QCOMPARE(namefolding::upperBound(QStringLiteral("baz")), QStringLiteral("bb"));
        QCOMPARE(namefolding::upperBound(QStringLiteral("a9")), QStringLiteral("aa"));
        QCOMPARE(namefolding::upperBound(QStringLiteral("zz")), QString());
        // Every key starting with the prefix lies in [prefix, bound).
        for (const QString &prefix : {QStringLiteral("baz"), QStringLiteral("a9"), QStringLiteral("k")}) {
            const QString bound = namefolding::upperBound(prefix);
            for (const QString &tail : {QString(), QStringLiteral("0"), QStringLiteral("zzz9")}) {
                QVERIFY(prefix + tail >= prefix);
                QVERIFY2(prefix + tail < bound, qPrintable(prefix + tail));
            }
        }
    }

    void everyQueryWordStartsANameWord()
    {
        const QStringList name = namefolding::words(u"Fjordbakeriet avd. Ørsta sentrum");
        QVERIFY(namefolding::matches(namefolding::words(u"ørsta fjord"), name));
        QVERIFY(!namefolding::matches(namefolding::words(u"bakeriet"), name));
    }
};

QTEST_GUILESS_MAIN(TestNameFolding)
#include "tst_namefolding.moc"
