// feltnotat-bench-core: the store and data every mode shares; the save and appdata modes.
#include "benchutil.h"
#include "core/remoteapplier.h"
#include "core/secretkey.h"
#include "core/store.h"
#include "corebench.h"

#include <QDir>
#include <QJsonObject>

#include <cstdio>
#include <ctime>

using namespace feltnotat;

namespace feltnotat::bench {

int fail(const QString &what, const QString &why)
{
    std::fprintf(stderr, "feltnotat-bench-core: %s: %s\n", qPrintable(what), qPrintable(why));
    return 1;
}

// CPU time of the calling thread (the store's writer or a search), nanosecond resolution.
double threadCpuMs()
{
    timespec t {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1000.0 + double(t.tv_nsec) / 1e6;
}

std::unique_ptr<Store> openStore(const QString &path, Crypto crypto)
{
    StoreOptions options;
    if (crypto == Crypto::Encrypted)
        options.key = SecretKey::random();
    auto store = Store::open(path, options);
    if (!store) {
        std::fprintf(stderr, "cannot open store: %s\n", qPrintable(store.errorString()));
        return nullptr;
    }
    return std::move(store).value();
}

// A participant for encounters to refer to, and the values of one demo encounter.
QString firstParticipant(Store &store, QVariantHash *encounterValues)
{
    const QList<DemoRecord> demo
        = demoData(QDate::currentDate(), QTimeZone::systemTimeZone(), QStringLiteral("local"));
    QString participant;
    for (const DemoRecord &r : demo) {
        if (r.entity == u"participant" && participant.isEmpty()) {
            auto created = store.create(r.entity, r.values);
            if (!created)
                return {};
            participant = created->id;
        }
        if (r.entity == u"encounter" && encounterValues->isEmpty()) {
            *encounterValues = r.values;
            encounterValues->remove(QStringLiteral("employer_id"));
            encounterValues->insert(QStringLiteral("employer_contact"), false);
        }
    }
    encounterValues->insert(QStringLiteral("participant_id"), participant);
    return participant;
}

int benchSave(const Args &args, const QString &dir)
{
    const qint64 n = args.integer(QStringLiteral("n"), 5000);
    auto store = openStore(QDir(dir).filePath(QStringLiteral("save.db")));
    if (!store)
        return 1;
    QVariantHash values;
    if (firstParticipant(*store, &values).isEmpty())
        return fail(QStringLiteral("save"), QStringLiteral("no participant"));
    QList<double> samples;
    samples.reserve(n);
    const auto start = Timer::now();
    for (qint64 i = 0; i < n; ++i) {
        values.insert(QStringLiteral("note"), syntheticNote(quint32(i)));
        const auto t = Timer::now();
        auto created = store->create(QStringLiteral("encounter"), values);
        samples << msSince(t);
        if (!created)
            return fail(QStringLiteral("save"), created.errorString());
    }
    const double totalMs = msSince(start);
    QJsonObject o = statsJson(stats(samples));
    o.insert(QStringLiteral("saves_per_s"), std::round(n / (totalMs / 1000.0)));
    o.insert(QStringLiteral("total_ms"), std::round(totalMs));
    report(QStringLiteral("save_encounter"), o);
    return 0;
}

int makeAppData(const Args &args)
{
    const QString dir = args.value(QStringLiteral("dir"));
    if (dir.isEmpty())
        return fail(QStringLiteral("appdata"), QStringLiteral("--dir is required"));
    QDir().mkpath(dir);
    auto store = openStore(QDir(dir).filePath(QStringLiteral("feltnotat.db")));
    if (!store)
        return 1;
    int scale = 0;
    const QList<Record> records = pulledRecords(args.integer(QStringLiteral("records"), 100000), &scale);
    RemoteApplier applier(*store);
    for (qsizetype i = 0; i < records.size(); i += 5000) {
        if (Status s = applier.apply(records.mid(i, 5000), {}, {}); !s)
            return fail(QStringLiteral("appdata"), s.errorString());
    }
    report(QStringLiteral("appdata"),
        {{QStringLiteral("records"), records.size()}, {QStringLiteral("scale"), scale}});
    return 0;
}

} // namespace feltnotat::bench
