#include "core/snippet.h"

#include <QTest>

using namespace feltnotat;

// The extract shown under a search hit: which words are marked, which window is chosen, where it is cut.
class TestSnippet : public QObject
{
    Q_OBJECT

private slots:
    void wordsAreLowerCasedAndSplitLikeTheIndex()
    {
        QCOMPARE(searchWords(QStringLiteral("  Ørsta, \"ÅSGÅRD\"* or-NOT ")),
            (QStringList {QStringLiteral("ørsta"), QStringLiteral("åsgård"), QStringLiteral("or"),
                QStringLiteral("not")}));
        QVERIFY(searchWords(QStringLiteral("*** \" ()")).isEmpty());
        // A decomposed å (a + combining ring) is composed, as stored text is.
        QCOMPARE(searchWords(QStringLiteral("A\u030Asgard")), QStringList {QStringLiteral("\u00E5sgard")});
    }

    void marksEveryWordThatStartsWithASearchWord()
    {
        const QString s
            = snippetFor({QString(), QStringLiteral("Kunden i Ørsta ringte; kundeservice svarte.")},
                {QStringLiteral("kunde"), QStringLiteral("ørsta")});
        QCOMPARE(s, QStringLiteral("[Kunden] i [Ørsta] ringte; [kundeservice] svarte."));
    }

    void keepsNorwegianLettersDistinct()
    {
        // "ost" must not mark "Øst": the index keeps diacritics, so the snippet does too.
        QCOMPARE(snippetFor({QStringLiteral("Østby Ost")}, {QStringLiteral("ost")}),
            QStringLiteral("Østby [Ost]"));
    }

    void cutsALongTextAroundTheBestWindow()
    {
        QStringList words;
        for (int i = 0; i < 40; ++i)
            words << QStringLiteral("ord%1").arg(i);
        words[30] = QStringLiteral("truck");
        words[31] = QStringLiteral("sertifikat");
        const QString s
            = snippetFor({words.join(u' ')}, {QStringLiteral("truck"), QStringLiteral("sertifikat")});
        QVERIFY2(s.startsWith(u'…') && s.endsWith(u'…'), qPrintable(s));
        QVERIFY2(s.contains(QStringLiteral("[truck] [sertifikat]")), qPrintable(s));
        QCOMPARE(s.count(u' ') + 1, 12); // twelve words in the window
        // Near the end of the text the window ends there, without a trailing "…".
        const QString tail = snippetFor({words.join(u' ') + u'.'}, {QStringLiteral("ord39")});
        QVERIFY2(tail.startsWith(u'…') && tail.endsWith(QStringLiteral("[ord39].")), qPrintable(tail));
    }

    void prefersTheWindowWithMoreDistinctWords()
    {
        const QString body = QStringLiteral("truck truck truck truck a b c d e f g h i j k l m n o p "
                                            "truck sertifikat slutt");
        const QString s
            = snippetFor({QString(), body}, {QStringLiteral("truck"), QStringLiteral("sertifikat")}, 6);
        QVERIFY2(s.contains(QStringLiteral("[truck] [sertifikat]")), qPrintable(s));
    }

    void titleWinsATieAndNoMatchShowsTheStart()
    {
        QCOMPARE(snippetFor({QStringLiteral("Lindholm AS"), QStringLiteral("Lindholm kantine")},
                     {QStringLiteral("lindholm")}),
            QStringLiteral("[Lindholm] AS"));
        QCOMPARE(snippetFor({QString(), QStringLiteral("Ingen treff her")}, {QStringLiteral("xyz")}),
            QStringLiteral("Ingen treff her"));
        QCOMPARE(snippetFor({QString(), QString()}, {QStringLiteral("xyz")}), QString());
    }
};

QTEST_GUILESS_MAIN(TestSnippet)
#include "tst_snippet.moc"
