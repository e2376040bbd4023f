#include "core/database.h"
#include "core/searchindex.h"
#include "core/store.h"
#include "storecheck.h"
#include "support/testdata.h"

#include <QStandardPaths>
#include <QTest>

using namespace feltnotat;
using namespace testdata;

// Search as a user of the app sees it: Norwegian names, prefixes, ranking, and a query box that
// accepts anything.
class TestSearchIndex : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestStore> m_t;
    QHash<QString, QString> m_ids; // label → record id

    Store &store() { return *m_t->store; }

    QString create(const QString &label, const QString &entity, const QVariantHash &values)
    {
        auto r = store().create(entity, values);
        if (!r) {
            qWarning() << "create failed:" << r.errorString();
            return {};
        }
        m_ids.insert(label, r->id);
        return r->id;
    }

    // Labels of the hits, best first.
    QStringList search(const QString &text, const QString &filter = {}, int limit = 50)
    {
        auto hits = store().searchIndex().search(text, limit, filter);
        if (!hits) {
            qWarning() << "search failed:" << hits.errorString();
            return {QStringLiteral("<error>")};
        }
        QStringList labels;
        for (const SearchHit &h : hits.value())
            labels << m_ids.key(h.id, h.id);
        return labels;
    }

    static QStringList sorted(QStringList l)
    {
        l.sort();
        return l;
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_ids.clear();
        m_t = std::make_unique<TestStore>();
        QVERIFY(m_t->store);
        create(QStringLiteral("soberg"), QStringLiteral("participant"),
            participant(QStringLiteral("Kari Søberg")));
        create(QStringLiteral("asgard"), QStringLiteral("participant"),
            participant(QStringLiteral("Jon Åsgård")));
        create(QStringLiteral("nordmann"), QStringLiteral("participant"),
            participant(QStringLiteral("Ola Nordmann")));
        create(QStringLiteral("orsta"), QStringLiteral("employer"),
            employer(QStringLiteral("Ørsta Trevare AS")));
        create(QStringLiteral("laerdal"), QStringLiteral("employer"),
            employer(QStringLiteral("Lærdal Kro"), OrgNumberB));
        QCOMPARE(m_ids.size(), 5);
    }

    void cleanup() { m_t.reset(); }

    void norwegianLetters_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("expected");
        QTest::newRow("Søberg") << QStringLiteral("Søberg") << QStringLiteral("soberg");
        QTest::newRow("søb") << QStringLiteral("søb") << QStringLiteral("soberg");
        QTest::newRow("SØBERG") << QStringLiteral("SØBERG") << QStringLiteral("soberg");
        QTest::newRow("sØbErG") << QStringLiteral("sØbErG") << QStringLiteral("soberg");
        QTest::newRow("Ørsta") << QStringLiteral("Ørsta") << QStringLiteral("orsta");
        QTest::newRow("ørs") << QStringLiteral("ørs") << QStringLiteral("orsta");
        QTest::newRow("ØRSTA") << QStringLiteral("ØRSTA") << QStringLiteral("orsta");
        QTest::newRow("Åsgård") << QStringLiteral("Åsgård") << QStringLiteral("asgard");
        QTest::newRow("åsg") << QStringLiteral("åsg") << QStringLiteral("asgard");
        QTest::newRow("ÅSGÅRD") << QStringLiteral("ÅSGÅRD") << QStringLiteral("asgard");
        QTest::newRow("lærdal") << QStringLiteral("lærdal") << QStringLiteral("laerdal");
        QTest::newRow("LÆR") << QStringLiteral("LÆR") << QStringLiteral("laerdal");
        QTest::newRow("first name") << QStringLiteral("kari") << QStringLiteral("soberg");
    }
    void norwegianLetters()
    {
        QFETCH(QString, query);
        QFETCH(QString, expected);
        QCOMPARE(search(query), QStringList {expected});
    }

    // å, ø and æ are letters of their own in Norwegian: "asgard" is a different word from "Åsgård".
    void noFoldingToLatinLetters_data()
    {
        QTest::addColumn<QString>("query");
        for (const char *q : {"asgard", "asg", "soberg", "orsta", "laerdal", "lardal", "ardal"})
            QTest::newRow(q) << QString::fromLatin1(q);
    }
    void noFoldingToLatinLetters()
    {
        QFETCH(QString, query);
        QCOMPARE(search(query), QStringList());
    }

    void latinLookalikeIsADifferentWord()
    {
        create(QStringLiteral("asgard-latin"), QStringLiteral("employer"),
            employer(QStringLiteral("Asgard Motor AS"), orgNumberFrom(QStringLiteral("98765432"))));
        QCOMPARE(search(QStringLiteral("asgard")), QStringList {QStringLiteral("asgard-latin")});
        QCOMPARE(search(QStringLiteral("åsgård")), QStringList {QStringLiteral("asgard")});
    }

    // Text pasted in decomposed form (å as a + combining ring) is the same word for the user.
    void decomposedTextIsTheSameWord()
    {
        const QString decomposed
            = QStringLiteral("Tove Ødegård Åsheim").normalized(QString::NormalizationForm_D);
        QVERIFY(decomposed.size() > QStringLiteral("Tove Ødegård Åsheim").size());
        create(QStringLiteral("nfd"), QStringLiteral("participant"), participant(decomposed));
        QCOMPARE(search(QStringLiteral("åsheim")), QStringList {QStringLiteral("nfd")});
        QCOMPARE(search(QStringLiteral("ødegå")), QStringList {QStringLiteral("nfd")});
        QCOMPARE(search(QStringLiteral("Åsgård").normalized(QString::NormalizationForm_D)),
            QStringList {QStringLiteral("asgard")});
        QCOMPARE(search(QStringLiteral("åsg").normalized(QString::NormalizationForm_D)),
            QStringList {QStringLiteral("asgard")});
    }

    void titleHitRanksAboveBodyHit()
    {
        // The body-only records are made first, and mention the word more often.
        QVariantHash fan = participant(QStringLiteral("Siri Haugen"));
        fan.insert(
            QStringLiteral("goals_short"), QStringLiteral("Vil jobbe hos Lindholm, gjerne Lindholm på Vik"));
        create(QStringLiteral("body"), QStringLiteral("participant"), fan);
        create(QStringLiteral("note"), QStringLiteral("encounter"),
            encounter(
                m_ids.value(QStringLiteral("nordmann")), fixedNow(), QStringLiteral("Møte hos Lindholm")));
        create(QStringLiteral("title"), QStringLiteral("participant"),
            participant(QStringLiteral("Eva Lindholm")));
        const QStringList hits = search(QStringLiteral("lindholm"));
        QCOMPARE(hits.size(), 3);
        QCOMPARE(hits.first(), QStringLiteral("title"));
        QCOMPARE(sorted(hits.mid(1)), (QStringList {QStringLiteral("body"), QStringLiteral("note")}));

        auto ranked = store().searchIndex().search(QStringLiteral("lindholm"), 10);
        QVERIFY(ranked.ok());
        QVERIFY(ranked->at(0).rank < ranked->at(1).rank);
        QCOMPARE(ranked->at(0).entity, QStringLiteral("participant"));
        QCOMPARE(ranked->at(0).title, QStringLiteral("Eva Lindholm"));
        QVERIFY2(
            ranked->at(0).snippet.contains(QStringLiteral("[Lindholm]")), qPrintable(ranked->at(0).snippet));
    }

    void moreMentionsRankHigherAndTiesGoToTheLastStored()
    {
        const QString nordmann = m_ids.value(QStringLiteral("nordmann"));
        create(QStringLiteral("once-old"), QStringLiteral("encounter"),
            encounter(nordmann, fixedNow(), QStringLiteral("Snakket om truckkurs.")));
        create(QStringLiteral("twice"), QStringLiteral("encounter"),
            encounter(nordmann, fixedNow(), QStringLiteral("Truckkurs avtalt; truckkurset starter mandag.")));
        create(QStringLiteral("once-new"), QStringLiteral("encounter"),
            encounter(nordmann, fixedNow(), QStringLiteral("Spurte om truckkurs igjen.")));
        QCOMPARE(search(QStringLiteral("truck")),
            (QStringList {QStringLiteral("twice"), QStringLiteral("once-new"), QStringLiteral("once-old")}));
        auto ranked = store().searchIndex().search(QStringLiteral("truck"), 10);
        QVERIFY(ranked.ok());
        QVERIFY(ranked->at(0).rank < ranked->at(1).rank);
        QCOMPARE(ranked->at(1).rank, ranked->at(2).rank);
    }

    void aLimitKeepsTheBestOfManyMatches()
    {
        // 40 notes mention "sveis" once to three times, in no order of mentions; a limit of 7 must
        // give the seven best: most mentions first, and among equals the last stored first.
        const QString nordmann = m_ids.value(QStringLiteral("nordmann"));
        QStringList thrice;
        QStringList twice;
        for (int i = 0; i < 40; ++i) {
            const int mentions = (i * 7) % 3 + 1;
            const QString note = QStringList(mentions, QStringLiteral("Sveisekurs")).join(u' ');
            const QString label = QStringLiteral("n%1").arg(i);
            create(label, QStringLiteral("encounter"), encounter(nordmann, fixedNow(), note));
            if (mentions == 3)
                thrice.prepend(label);
            else if (mentions == 2)
                twice.prepend(label);
        }
        QCOMPARE(thrice.size(), 13);
        const QStringList best = search(QStringLiteral("sveis"), {}, 16);
        QCOMPARE(best, thrice + twice.mid(0, 3));
        QCOMPARE(search(QStringLiteral("sveis"), {}, 1), QStringList {thrice.first()});
        QCOMPARE(search(QStringLiteral("sveis"), {}, 100).size(), 40);
    }

    // Several forms of a typed prefix in one record ("truckkurs", "truckkurset") count as mentions of one
    // word, as the same form twice does: the prefix is looked up as the index words that start with it.
    void wordFormsOfAPrefixCountAsOneWord()
    {
        const QString nordmann = m_ids.value(QStringLiteral("nordmann"));
        create(QStringLiteral("two-forms"), QStringLiteral("encounter"),
            encounter(nordmann, fixedNow(), QStringLiteral("Truckkurs avtalt; truckkurset starter mandag.")));
        create(QStringLiteral("one-form-twice"), QStringLiteral("encounter"),
            encounter(nordmann, fixedNow(), QStringLiteral("Truckkurs avtalt; truckkurs i Bodø.")));
        create(QStringLiteral("once"), QStringLiteral("encounter"),
            encounter(nordmann, fixedNow(), QStringLiteral("Spurte om truckkurs.")));
        QCOMPARE(search(QStringLiteral("truck")),
            (QStringList {
                QStringLiteral("one-form-twice"), QStringLiteral("two-forms"), QStringLiteral("once")}));
        auto ranked = store().searchIndex().search(QStringLiteral("truck"), 10);
        QVERIFY(ranked.ok());
        QCOMPARE(ranked->at(0).rank, ranked->at(1).rank);
        QVERIFY(ranked->at(1).rank < ranked->at(2).rank);
        // Two typed words, each with its forms.
        QCOMPARE(search(QStringLiteral("truck mand")), QStringList {QStringLiteral("two-forms")});
    }

    // A prefix that starts more index words than are looked up one by one stays an FTS5 prefix: every
    // record is still found.
    void aPrefixOfManyWordsFindsThemAll()
    {
        const QString nordmann = m_ids.value(QStringLiteral("nordmann"));
        const int words = SearchIndex::MaxPrefixWords + 3;
        for (int i = 0; i < words; ++i)
            create(QStringLiteral("w%1").arg(i), QStringLiteral("encounter"),
                encounter(nordmann, fixedNow(), QStringLiteral("Skjema sveis%1 sendt").arg(i)));
        QCOMPARE(search(QStringLiteral("sveis"), {}, 100).size(), words);
        // "sveis1", "sveis10" … "sveis19": few enough to be looked up as words.
        QCOMPARE(search(QStringLiteral("sveis1"), {}, 100).size(), 11);
        QCOMPARE(search(QStringLiteral("skjema sveis"), {}, 100).size(), words);
        QCOMPARE(search(QStringLiteral("sveis1 skje"), {}, 100).size(), 11);
    }

    // Inside a transaction (an import, a pulled batch) a search sees what the transaction wrote: the
    // index's words include those not yet committed.
    void aTransactionFindsItsOwnWrites()
    {
        Transaction txn(store().database());
        QVERIFY(txn.ok());
        create(QStringLiteral("new"), QStringLiteral("participant"),
            participant(QStringLiteral("Ingrid Vasshaug")));
        QCOMPARE(search(QStringLiteral("vassh")), QStringList {QStringLiteral("new")});
        QVERIFY(txn.commit().ok());
        QCOMPARE(search(QStringLiteral("vasshaug ingr")), QStringList {QStringLiteral("new")});
    }

    // Words outside the Latin letters are searched as FTS5 prefixes, as before.
    void wordsOfOtherScriptsAreFound()
    {
        create(QStringLiteral("greek"), QStringLiteral("participant"),
            participant(QStringLiteral("Σοφία Παπαδοπούλου")));
        create(QStringLiteral("cyrillic"), QStringLiteral("participant"),
            participant(QStringLiteral("Ольга Иванова")));
        QCOMPARE(search(QStringLiteral("ΣΟΦ")), QStringList {QStringLiteral("greek")});
        QCOMPARE(search(QStringLiteral("ольга ив")), QStringList {QStringLiteral("cyrillic")});
    }

    // A query with more matches than SearchIndex::rankedMatches() ranks only the newest of them: the hits
    // are the best of those (more mentions first, then the newest). An older note is found by narrowing
    // the query; an older title that holds the words still comes from the title index, ranked as a word
    // inside a title is.
    void veryManyMatchesRankTheNewest()
    {
        const QString nordmann = m_ids.value(QStringLiteral("nordmann"));
        create(QStringLiteral("thrice"), QStringLiteral("encounter"),
            encounter(nordmann, fixedNow(), QStringLiteral("Lindholm, Lindholm og Lindholm på kontoret.")));
        create(QStringLiteral("title"), QStringLiteral("participant"),
            participant(QStringLiteral("Eva Lindholm")));
        for (int i = 0; i < 12; ++i) {
            const QString note = i == 9 ? QStringLiteral("Hos Lindholm; Lindholm ringer.")
                                        : QStringLiteral("Møte hos Lindholm.");
            create(QStringLiteral("n%1").arg(i), QStringLiteral("encounter"),
                encounter(nordmann, fixedNow(), note));
        }
        QCOMPARE(search(QStringLiteral("lindholm")).size(), 14);
        QCOMPARE(search(QStringLiteral("lindholm")).mid(0, 3),
            (QStringList {QStringLiteral("title"), QStringLiteral("thrice"), QStringLiteral("n9")}));

        store().searchIndex().setRankedMatches(5);
        const QStringList newest {QStringLiteral("n9"), QStringLiteral("n11"), QStringLiteral("n10"),
            QStringLiteral("n8"), QStringLiteral("n7")};
        QCOMPARE(search(QStringLiteral("lindholm"), QStringLiteral("encounter")), newest);
        QCOMPARE(search(QStringLiteral("lindholm")),
            (QStringList {QStringLiteral("n9"), QStringLiteral("title"), QStringLiteral("n11"),
                QStringLiteral("n10"), QStringLiteral("n8"), QStringLiteral("n7")}));
        QCOMPARE(search(QStringLiteral("lindholm"), {}, 2),
            (QStringList {QStringLiteral("n9"), QStringLiteral("title")}));
        QCOMPARE(search(QStringLiteral("lindholm kontoret")), QStringList {QStringLiteral("thrice")});
        QCOMPARE(search(QStringLiteral("lindholm"), QStringLiteral("participant")),
            QStringList {QStringLiteral("title")});

        store().searchIndex().setRankedMatches(SearchIndex::DefaultRankedMatches);
        QCOMPARE(search(QStringLiteral("lindholm")).mid(0, 2),
            (QStringList {QStringLiteral("title"), QStringLiteral("thrice")}));
    }

    void wordsAndTogether()
    {
        create(QStringLiteral("kari-n"), QStringLiteral("participant"),
            participant(QStringLiteral("Kari Nilsen")));
        create(QStringLiteral("ola-s"), QStringLiteral("participant"),
            participant(QStringLiteral("Ola Søberg")));
        QCOMPARE(sorted(search(QStringLiteral("kari"))),
            (QStringList {QStringLiteral("kari-n"), QStringLiteral("soberg")}));
        QCOMPARE(search(QStringLiteral("kari søberg")), QStringList {QStringLiteral("soberg")});
        QCOMPARE(search(QStringLiteral("søb  KAR")), QStringList {QStringLiteral("soberg")});
        QCOMPARE(search(QStringLiteral("Søberg, Kari")), QStringList {QStringLiteral("soberg")});
        QCOMPARE(search(QStringLiteral("kari hansen")), QStringList());
    }

    void everySearchableTypeIsFound()
    {
        const QString employerId = m_ids.value(QStringLiteral("orsta"));
        create(QStringLiteral("workplace"), QStringLiteral("workplace"),
            {{QStringLiteral("employer_id"), employerId},
                {QStringLiteral("name"), QStringLiteral("Sagbruket Hovden")}});
        create(QStringLiteral("contact"), QStringLiteral("contact"),
            {{QStringLiteral("employer_id"), employerId},
                {QStringLiteral("name"), QStringLiteral("Trine Vik")},
                {QStringLiteral("role"), QStringLiteral("Verkstedformann")}});
        create(QStringLiteral("task"), QStringLiteral("task"),
            {{QStringLiteral("title"), QStringLiteral("Send tilrettelegging")},
                {QStringLiteral("details"), QStringLiteral("Gjelder ståbord")}});
        QCOMPARE(search(QStringLiteral("hovden")), QStringList {QStringLiteral("workplace")});
        QCOMPARE(search(QStringLiteral("verkstedformann")), QStringList {QStringLiteral("contact")});
        QCOMPARE(search(QStringLiteral("ståbord")), QStringList {QStringLiteral("task")});
        QCOMPARE(
            search(QString(OrgNumberA)), QStringList {QStringLiteral("orsta")}); // org number is in the body
    }

    // Norwegian compounds: a word inside a name or title is found (the trigram index over the titles), ranked
    // below a title that has the word on its own and above a body that has it.
    void wordInsideACompoundTitle()
    {
        create(QStringLiteral("fjord"), QStringLiteral("employer"),
            {{QStringLiteral("name"), QStringLiteral("Fjordbakeriet AS")}});
        create(QStringLiteral("sveis"), QStringLiteral("workplace"),
            {{QStringLiteral("employer_id"), m_ids.value(QStringLiteral("orsta"))},
                {QStringLiteral("name"), QStringLiteral("Sveisebakken verksted")}});
        create(QStringLiteral("bakeri"), QStringLiteral("employer"),
            {{QStringLiteral("name"), QStringLiteral("Bakeri Nord")}});
        create(QStringLiteral("note"), QStringLiteral("task"),
            {{QStringLiteral("title"), QStringLiteral("Ring")},
                {QStringLiteral("details"), QStringLiteral("Spør om bakeriet har plass")}});
        QCOMPARE(search(QStringLiteral("bakeri")),
            (QStringList {QStringLiteral("bakeri"), QStringLiteral("fjord"), QStringLiteral("note")}));
        QCOMPARE(search(QStringLiteral("bakken")), QStringList {QStringLiteral("sveis")});
        QCOMPARE(search(QStringLiteral("BAKKEN verk")), QStringList {QStringLiteral("sveis")});
        QCOMPARE(search(QStringLiteral("bakeri"), QStringLiteral("workplace")), QStringList());
        QCOMPARE(search(QStringLiteral("ørsta")), QStringList {QStringLiteral("orsta")});
        QCOMPARE(search(QStringLiteral("søberg")), QStringList {QStringLiteral("soberg")});
        QCOMPARE(search(QStringLiteral("berg")), QStringList {QStringLiteral("soberg")}); // inside Søberg
        QCOMPARE(search(QStringLiteral("sberg")), QStringList()); // ø is not o
        QCOMPARE(search(QStringLiteral("akk")), QStringList {QStringLiteral("sveis")});
        QCOMPARE(search(QStringLiteral("kk")), QStringList()); // below a trigram: words only
        // An edit and a delete leave the trigram index too.
        QVERIFY(store()
                    .update(QStringLiteral("workplace"), m_ids.value(QStringLiteral("sveis")),
                        {{QStringLiteral("name"), QStringLiteral("Sagbruket")}})
                    .ok());
        QCOMPARE(search(QStringLiteral("bakken")), QStringList());
        QVERIFY(store().remove(QStringLiteral("employer"), m_ids.value(QStringLiteral("fjord"))).ok());
        QCOMPARE(search(QStringLiteral("bakeri")),
            (QStringList {QStringLiteral("bakeri"), QStringLiteral("note")}));
        QCOMPARE(storecheck::checkSearchIndex(store()), QString());
    }

    // Store::beginBulk()/endBulk() (the import): search entries are written at the end of the batch, in
    // rowid order, for exactly the creates that were stored.
    void bulkCreatesAreIndexedAtTheEnd()
    {
        Transaction txn(store().database());
        QVERIFY(txn.ok());
        store().beginBulk();
        create(QStringLiteral("bulk1"), QStringLiteral("participant"),
            participant(QStringLiteral("Per Fjellbakken")));
        QVERIFY(!store().create(QStringLiteral("participant"), {{QStringLiteral("shoe_size"), 44}}));
        create(QStringLiteral("bulk2"), QStringLiteral("employer"),
            {{QStringLiteral("name"), QStringLiteral("Fjellbakken Kro")}});
        QCOMPARE(search(QStringLiteral("fjellbakken")), QStringList()); // not yet
        QVERIFY(store().endBulk().ok());
        QVERIFY(txn.commit().ok());
        QCOMPARE(sorted(search(QStringLiteral("fjellbakken"))),
            (QStringList {QStringLiteral("bulk1"), QStringLiteral("bulk2")}));
        QCOMPARE(sorted(search(QStringLiteral("bakken"))),
            (QStringList {QStringLiteral("bulk1"), QStringLiteral("bulk2")}));
        QCOMPARE(storecheck::checkSearchIndex(store()), QString());
        // After endBulk() writes are indexed at once again.
        create(QStringLiteral("after"), QStringLiteral("participant"),
            participant(QStringLiteral("Åse Fjellbakken")));
        QCOMPARE(search(QStringLiteral("åse")), QStringList {QStringLiteral("after")});
    }

    void updateReplacesWords()
    {
        const QString id = m_ids.value(QStringLiteral("soberg"));
        QVERIFY(store()
                    .update(QStringLiteral("participant"), id,
                        {{QStringLiteral("name"), QStringLiteral("Kari Dalsbø")}})
                    .ok());
        QCOMPARE(search(QStringLiteral("søberg")), QStringList());
        QCOMPARE(search(QStringLiteral("dalsbø")), QStringList {QStringLiteral("soberg")});

        const QString enc = create(QStringLiteral("enc"), QStringLiteral("encounter"),
            encounter(id, fixedNow(), QStringLiteral("Snakket om truckførerbevis")));
        QCOMPARE(search(QStringLiteral("truckfører")), QStringList {QStringLiteral("enc")});
        QVERIFY(
            store().update(QStringLiteral("encounter"), enc, {{QStringLiteral("note"), QVariant()}}).ok());
        QCOMPARE(search(QStringLiteral("truckfører")), QStringList());
        QVERIFY(store()
                    .update(QStringLiteral("encounter"), enc,
                        {{QStringLiteral("outcome"), QStringLiteral("Jobbtilbud")}})
                    .ok());
        QCOMPARE(search(QStringLiteral("jobbtilbud")), QStringList {QStringLiteral("enc")});
        QCOMPARE(storecheck::checkSearchIndex(store()), QString());
    }

    void deletedRecordIsNotFound()
    {
        QVERIFY(store().remove(QStringLiteral("participant"), m_ids.value(QStringLiteral("asgard"))).ok());
        QCOMPARE(search(QStringLiteral("åsgård")), QStringList());
        QCOMPARE(search(QStringLiteral("jon")), QStringList());
        QVERIFY(store().remove(QStringLiteral("employer"), m_ids.value(QStringLiteral("orsta"))).ok());
        QCOMPARE(search(QStringLiteral("ørsta")), QStringList());
        QCOMPARE(storecheck::checkSearchIndex(store()), QString());
    }

    // Whatever is typed, the query never errors and operators are plain words, not FTS5 syntax.
    void queryMetacharacters_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QStringList>("expected");
        const QStringList none;
        const QStringList kari {QStringLiteral("soberg")};
        QTest::newRow("lone quote") << QStringLiteral("\"") << none;
        QTest::newRow("open quote") << QStringLiteral("\"Søberg") << kari;
        QTest::newRow("close quote") << QStringLiteral("Søberg\"") << kari;
        QTest::newRow("single quotes") << QStringLiteral("'Søberg'") << kari;
        QTest::newRow("star") << QStringLiteral("*") << none;
        QTest::newRow("prefix star") << QStringLiteral("Sø*") << kari;
        QTest::newRow("parentheses") << QStringLiteral("(Kari)") << kari;
        QTest::newRow("unbalanced") << QStringLiteral("((Kari") << kari;
        QTest::newRow("NEAR") << QStringLiteral("NEAR(Kari Søberg)") << none;
        QTest::newRow("NEAR alone") << QStringLiteral("NEAR") << none;
        QTest::newRow("AND") << QStringLiteral("Kari AND Søberg") << none;
        QTest::newRow("OR") << QStringLiteral("Kari OR Ola") << none;
        QTest::newRow("NOT") << QStringLiteral("Kari NOT Søberg") << none;
        QTest::newRow("trailing AND") << QStringLiteral("Kari AND") << none;
        QTest::newRow("column filter") << QStringLiteral("title:Kari") << none;
        QTest::newRow("caret") << QStringLiteral("^Kari") << kari;
        QTest::newRow("plus") << QStringLiteral("Kari + Søberg") << kari;
        QTest::newRow("minus") << QStringLiteral("-Søberg") << kari;
        QTest::newRow("sql comment") << QStringLiteral("Kari -- ;DROP TABLE participants") << none;
        QTest::newRow("sql injection") << QStringLiteral("'; DELETE FROM search_index; --") << none;
        QTest::newRow("braces") << QStringLiteral("{title body}: Kari") << none;
        QTest::newRow("backslash") << QStringLiteral("\\") << none;
        QTest::newRow("percent") << QStringLiteral("%_%") << none;
        QTest::newRow("nul") << QString(QChar(0)) << none;
        QTest::newRow("lone surrogate") << QString(QChar(0xd800)) + QStringLiteral("Kari") << kari;
    }
    void queryMetacharacters()
    {
        QFETCH(QString, query);
        QFETCH(QStringList, expected);
        QCOMPARE(search(query), expected);
        QCOMPARE(store().database().scalar(QStringLiteral("SELECT count(*) FROM participants")).value(), 3);
        QCOMPARE(storecheck::checkSearchIndex(store()), QString());
    }

    void entityFilter()
    {
        create(QStringLiteral("soberg-as"), QStringLiteral("employer"),
            employer(QStringLiteral("Søberg Transport AS"), orgNumberFrom(QStringLiteral("91234568"))));
        QCOMPARE(sorted(search(QStringLiteral("søberg"))),
            (QStringList {QStringLiteral("soberg"), QStringLiteral("soberg-as")}));
        QCOMPARE(search(QStringLiteral("søberg"), QStringLiteral("participant")),
            QStringList {QStringLiteral("soberg")});
        QCOMPARE(search(QStringLiteral("søberg"), QStringLiteral("employer")),
            QStringList {QStringLiteral("soberg-as")});
        QCOMPARE(search(QStringLiteral("søberg"), QStringLiteral("task")), QStringList());
        QVERIFY(!store().searchIndex().search(QStringLiteral("søberg"), 10, QStringLiteral("nonsense")).ok());
        QVERIFY(
            !store().searchIndex().search(QStringLiteral("søberg"), 10, QStringLiteral("employment")).ok());
    }

    void emptyQueryFindsNothing_data()
    {
        QTest::addColumn<QString>("query");
        QTest::newRow("empty") << QString();
        QTest::newRow("spaces") << QStringLiteral("   ");
        QTest::newRow("punctuation") << QStringLiteral("!?.,;:-");
        QTest::newRow("newline") << QStringLiteral("\n\t");
    }
    void emptyQueryFindsNothing()
    {
        QFETCH(QString, query);
        auto hits = store().searchIndex().search(query, 10);
        QVERIFY(hits.ok());
        QVERIFY(hits->isEmpty());
        QVERIFY(SearchIndex::matchExpression(query).isEmpty());
    }

    void limitIsRespected()
    {
        for (int i = 0; i < 5; ++i)
            create(QStringLiteral("berg%1").arg(i), QStringLiteral("participant"),
                participant(QStringLiteral("Berg Nummer %1").arg(i)));
        // The five, and Kari Søberg (berg inside the name) after them.
        const QStringList all = search(QStringLiteral("berg"));
        QCOMPARE(all.size(), 6);
        QCOMPARE(all.last(), QStringLiteral("soberg"));
        QCOMPARE(search(QStringLiteral("berg"), {}, 5).size(), 5);
        QVERIFY(!search(QStringLiteral("berg"), {}, 5).contains(QStringLiteral("soberg")));
        QCOMPARE(search(QStringLiteral("berg"), {}, 2).size(), 2);
        QCOMPARE(search(QStringLiteral("berg"), {}, 0).size(), 0);
    }

    void rebuildRestoresTheIndex()
    {
        QVERIFY(store().remove(QStringLiteral("participant"), m_ids.value(QStringLiteral("nordmann"))).ok());
        QVERIFY(store()
                    .database()
                    .exec(QStringLiteral("DELETE FROM search_index;"
                                         "INSERT INTO search_trigram(search_trigram) VALUES ('delete-all')"))
                    .ok());
        QCOMPARE(search(QStringLiteral("søberg")), QStringList());
        QVERIFY(store().searchIndex().rebuild().ok());
        QCOMPARE(search(QStringLiteral("søberg")), QStringList {QStringLiteral("soberg")});
        QCOMPARE(search(QStringLiteral("nordmann")), QStringList());
        QCOMPARE(storecheck::checkSearchIndex(store()), QString());
    }
};

QTEST_GUILESS_MAIN(TestSearchIndex)
#include "tst_searchindex.moc"
