// feltnotat-bench-core search: SearchIndex::search over generated notes and compound employer names.
#include "benchutil.h"
#include "core/remoteapplier.h"
#include "core/store.h"
#include "corebench.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QUuid>

using namespace feltnotat;

namespace feltnotat::bench {

// The search benchmark's data: n encounter notes and `employers` employers with compound names.
int loadSearchData(Store &store, qint64 n, qint64 employers, double *loadMs)
{
    QVariantHash values;
    const QString participant = firstParticipant(store, &values);
    if (participant.isEmpty())
        return fail(QStringLiteral("search"), QStringLiteral("no participant"));
    // Loaded as pulled records (one applier batch per 5,000), the way a device gets them.
    const QString team = QUuid::createUuid().toString(QUuid::WithoutBraces);
    HlcClock hlc(SystemClock::instance(), QStringLiteral("srv0123456789abcdef"));
    RemoteApplier applier(store);
    const auto loadStart = Timer::now();
    QList<Record> batch;
    for (qint64 i = 0; i < n; ++i) {
        DemoRecord d {
            QStringLiteral("encounter"), QUuid::createUuid().toString(QUuid::WithoutBraces), values};
        d.values.insert(QStringLiteral("note"), syntheticNote(quint32(i) + 1000000));
        batch << pulledRecord(d, team, QStringLiteral("bench"), hlc.now().toString());
        if (batch.size() == 5000 || i == n - 1) {
            if (Status s = applier.apply(batch, {}, {}); !s)
                return fail(QStringLiteral("search load"), s.errorString());
            batch.clear();
        }
    }
    // Employers named as Norwegian firms are: a place and a trade in one word ("Fjordbakeriet",
    // "Sveisebakken").
    static const char *const Places[]
        = {"Fjord", "Berg", "Dal", "Vik", "Nord", "Sjø", "Øy", "Lia", "Å", "Strand"};
    static const char *const Trades[] = {"bakeriet", "bakken", "sveis", "verkstedet", "kroa", "hagen",
        "snekkeriet", "vask", "hotellet", "kafeen", "trykkeriet", "transport"};
    for (qint64 i = 0; i < employers; ++i) {
        const QString name = QString::fromUtf8(Places[i % std::size(Places)])
            + QString::fromUtf8(Trades[(i / std::size(Places)) % std::size(Trades)])
            + QStringLiteral(" %1 AS").arg(i);
        DemoRecord d {QStringLiteral("employer"), QUuid::createUuid().toString(QUuid::WithoutBraces),
            {{QStringLiteral("name"), name}}};
        batch << pulledRecord(d, team, QStringLiteral("bench"), hlc.now().toString());
        if (batch.size() == 5000 || i == employers - 1) {
            if (Status s = applier.apply(batch, {}, {}); !s)
                return fail(QStringLiteral("search load"), s.errorString());
            batch.clear();
        }
    }
    *loadMs = msSince(loadStart);
    return 0;
}

// The queries of the search benchmark: words, two words, places, a reference, words inside compound
// names (bakeri, bakken, trykkeri) and one that matches nothing.
QStringList searchQueries()
{
    return {QStringLiteral("bakeri"), QStringLiteral("bakken"), QStringLiteral("trykkeri"),
        QStringLiteral("prøvedag"), QStringLiteral("truckfører"), QStringLiteral("sveis"),
        QStringLiteral("Ørsta"), QStringLiteral("daglig leder"), QStringLiteral("lønnstilskudd Bodø"),
        QStringLiteral("hotell"), QStringLiteral("oppvask kantine"), QStringLiteral("ferie"),
        QStringLiteral("Ref 4711"), QStringLiteral("sertifikat Tromsø"), QStringLiteral("kunde"),
        QStringLiteral("språkkurs skolen"), QStringLiteral("møtte"), QStringLiteral("xylofon")};
}

int benchSearch(const Args &args, const QString &dir)
{
    const qint64 n = args.integer(QStringLiteral("notes"), 100000);
    const int rounds = int(args.integer(QStringLiteral("rounds"), 20));
    const qint64 employers = args.integer(QStringLiteral("employers"), 20000);
    const QString path = QDir(dir).filePath(QStringLiteral("search.db"));
    const bool reuse = args.flag(QStringLiteral("reuse")) && QFile::exists(path);
    auto store = openStore(path);
    if (!store)
        return 1;
    double loadMs = 0;
    if (!reuse) {
        if (const int rc = loadSearchData(*store, n, employers, &loadMs); rc != 0)
            return rc;
    }
    QStringList queries = searchQueries();
    if (const QString only = args.value(QStringLiteral("queries")); !only.isEmpty())
        queries = only.split(u';', Qt::SkipEmptyParts);
    QList<double> all;
    QJsonObject perQuery;
    QString slowest;
    double slowestMedian = -1;
    for (const QString &q : queries) {
        QList<double> samples;
        qsizetype hits = 0;
        for (int r = 0; r < rounds; ++r) {
            const auto t = Timer::now();
            auto result = store->searchIndex().search(q, 50);
            samples << msSince(t);
            if (!result)
                return fail(QStringLiteral("search"), result.errorString());
            hits = result->size();
        }
        all << samples;
        if (stats(samples).median > slowestMedian) {
            slowestMedian = stats(samples).median;
            slowest = q;
        }
        perQuery.insert(q,
            QJsonObject {{QStringLiteral("median_ms"), std::round(stats(samples).median * 1000) / 1000},
                {QStringLiteral("hits"), hits}});
    }
    QJsonObject o = statsJson(stats(all));
    o.insert(QStringLiteral("notes"), n);
    o.insert(QStringLiteral("employers"), employers);
    o.insert(QStringLiteral("slowest_query"), slowest);
    o.insert(QStringLiteral("slowest_median_ms"), std::round(slowestMedian * 1000) / 1000);
    o.insert(QStringLiteral("load_ms"), std::round(loadMs));
    o.insert(QStringLiteral("queries"), perQuery);
    report(QStringLiteral("search_notes"), o);
    return 0;
}

} // namespace feltnotat::bench
