// Helper for tst_crash: writes to a store as fast as it can until it is killed. After every commit it
// prints "committed <entity> <id> <marker>" and flushes, so the test knows what must have survived.
// Usage: crashwriter <database> <run> <seed> <key in hex> (the store is encrypted with that key)
#include "core/store.h"
#include "core/storequeries.h"

#include <QCoreApplication>
#include <QRandomGenerator>

#include <cstdio>

using namespace feltnotat;

namespace {

void report(const QString &entity, const QString &id, const QString &marker)
{
    const QByteArray line = QStringLiteral("committed %1 %2 %3\n").arg(entity, id, marker).toUtf8();
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fflush(stdout);
}

[[noreturn]] void fail(const QString &what)
{
    std::fprintf(stderr, "crashwriter: %s\n", what.toUtf8().constData());
    std::exit(1);
}

// A valid organisation number (MOD11) from eight random digits.
QString orgNumber(QRandomGenerator &rng)
{
    for (;;) {
        const QString head = QStringLiteral("9%1").arg(rng.bounded(10'000'000), 7, 10, QLatin1Char('0'));
        int sum = 0;
        const int weights[] = {3, 2, 7, 6, 5, 4, 3, 2};
        for (int i = 0; i < 8; ++i)
            sum += (head.at(i).unicode() - u'0') * weights[i];
        const int check = (11 - sum % 11) % 11;
        if (check != 10)
            return head + QChar(u'0' + check);
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() != 5)
        fail(QStringLiteral("usage: crashwriter <database> <run> <seed> <key>"));
    const QString &run = args.at(2);
    QRandomGenerator rng(args.at(3).toUInt());
    const QByteArray key = QByteArray::fromHex(args.at(4).toLatin1());

    StoreOptions options;
    options.key = SecretKey::fromBytes(
        reinterpret_cast<const unsigned char *>(key.constData()), std::size_t(key.size()));
    if (!options.key)
        fail(QStringLiteral("the key must be 32 bytes in hex"));
    auto opened = Store::open(args.at(1), options);
    if (!opened)
        fail(opened.errorString());
    Store &store = *opened.value();
    if (store.identity().isLocal()) {
        if (Status s = store.setIdentity({QStringLiteral("crash-user"), QStringLiteral("team-c"), {}}); !s)
            fail(s.errorString());
    }

    StoreQueries queries(store);
    QHash<QString, QStringList> ids;
    for (const QString &entity :
        {QStringLiteral("participant"), QStringLiteral("employer"), QStringLiteral("encounter")}) {
        for (const Record &r : queries.select(entity))
            ids[entity] << r.id;
    }
    const QHash<QString, QString> field {{QStringLiteral("participant"), QStringLiteral("name")},
        {QStringLiteral("employer"), QStringLiteral("name")},
        {QStringLiteral("encounter"), QStringLiteral("note")}};
    const QHash<QString, QString> prefix {
        {QStringLiteral("participant"), QStringLiteral("Deltaker Ødegård ")},
        {QStringLiteral("employer"), QStringLiteral("Bedrift på Ørsta ")},
        {QStringLiteral("encounter"), QStringLiteral("Samtale om arbeidstrening, ")}};

    for (qint64 n = 0;; ++n) {
        const QString marker = QStringLiteral("m%1x%2").arg(run).arg(n);
        const int dice = int(rng.bounded(100));
        QString entity = dice < 40 ? QStringLiteral("participant")
            : dice < 55            ? QStringLiteral("employer")
                                   : QStringLiteral("encounter");
        if (entity == u"encounter" && ids.value(QStringLiteral("participant")).isEmpty())
            entity = QStringLiteral("participant");
        QStringList &list = ids[entity];
        const QString text = prefix.value(entity) + marker;
        // Mostly updates once there are some records, so the database stays small.
        const bool create = list.size() < 20 || (list.size() < 150 && rng.bounded(100) < 20);
        if (create) {
            QVariantHash values {{field.value(entity), text}};
            if (entity == u"employer")
                values.insert(QStringLiteral("org_number"), orgNumber(rng));
            if (entity == u"encounter") {
                const QStringList &people = ids.value(QStringLiteral("participant"));
                values.insert(
                    QStringLiteral("participant_id"), people.at(int(rng.bounded(int(people.size())))));
                values.insert(QStringLiteral("starts_at"), QStringLiteral("2026-11-23T09:00:00Z"));
            }
            auto r = store.create(entity, values);
            if (!r)
                fail(r.errorString());
            list << r->id;
            report(entity, r->id, marker);
        } else if (entity == u"encounter" && rng.bounded(100) < 5) {
            const QString id = list.takeAt(int(rng.bounded(int(list.size()))));
            if (Status s = store.remove(entity, id); !s)
                fail(s.errorString());
            report(entity, id, QStringLiteral("deleted"));
        } else {
            const QString id = list.at(int(rng.bounded(int(list.size()))));
            auto r = store.update(entity, id, {{field.value(entity), text}});
            if (!r)
                fail(r.errorString());
            report(entity, id, marker);
        }
    }
}
