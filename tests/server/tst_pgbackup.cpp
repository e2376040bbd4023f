// PostgreSQL backup and restore as docs/server.md tells the operator (issue 17 item 6): pg_dump of a
// live test server, pg_restore into an empty database, a server started on the restored one. The
// records, the devices' and office systems' feed cursors, the office tables (API clients, the lead
// role, the employer register) and the report columns survive; a device syncs on; a cursor handed out
// after the backup is told to start again (reset) instead of silently missing changes.
#include "apiclient.h"
#include "support/serverprocess.h"
#include "sync/compression.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace testapi;
using testserver::ServerProcess;

namespace {

const QString Password = QStringLiteral("testpassord-backup");

QJsonObject participant(const Device &d, const QString &name, qint64 wall)
{
    const QString c = clock(wall, d.deviceId);
    return {{QStringLiteral("name"), change(name, c)}, {QStringLiteral("team"), change(d.teamId, c)},
        {QStringLiteral("deleted"), change(false, c)}};
}

// Runs a PostgreSQL client program; its output on failure.
QString run(const QString &program, const QStringList &args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return program + QStringLiteral(" failed: ") + QString::fromUtf8(p.readAll()) + p.errorString();
    return {};
}

} // namespace

class TestPgBackup : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void dumpAndRestoreKeepEverythingAndDevicesSyncOn()
    {
        FELTNOTAT_PG_DATABASE_OR_SKIP(original);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ServerProcess::Options options;
        options.database = original;
        auto server = std::make_unique<ServerProcess>(options);
        QVERIFY2(server->start(), qPrintable(server->errorString()));
        const QString team = server->createTeam(QStringLiteral("Team Backup"));
        QVERIFY(!server->createUser(team, QStringLiteral("bodil"), Password).isEmpty());
        QCOMPARE(server->admin({QStringLiteral("grant-lead"), QStringLiteral("bodil")}).exitCode, 0);
        auto created = server->admin(
            {QStringLiteral("create-api-client"), QStringLiteral("Arkiv"), QStringLiteral("--team"), team});
        QCOMPARE(created.exitCode, 0);
        const QByteArray unitFile = R"([{"organisasjonsnummer": "123456785", "navn": "Backup Bakeri AS",
            "organisasjonsform": {"kode": "AS", "beskrivelse": "Aksjeselskap"},
            "forretningsadresse": {"adresse": ["Kaia 1"], "postnummer": "6150", "poststed": "ØRSTA"}}])";
        QFile units(dir.filePath(QStringLiteral("enheter.json.gz")));
        QVERIFY(units.open(QIODevice::WriteOnly));
        units.write(feltnotat::compression::gzip(unitFile));
        units.close();
        QCOMPARE(server->admin({QStringLiteral("import-enhetsregisteret"), units.fileName()}).exitCode, 0);

        ApiClient api(server->url());
        const Device device = api.loginDevice(QStringLiteral("bodil"), Password);
        QVERIFY(!device.token.isEmpty());
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const Reply first = api.push(device,
            {mutation(1, QStringLiteral("participant"), newId(),
                participant(device, QStringLiteral("Før Backup"), now))});
        QCOMPARE(first.status, 200);
        QVERIFY2(first.json().value(QStringLiteral("rejected")).toArray().isEmpty(), first.body.constData());
        const PullState before = pullAll(api, device);
        QVERIFY2(before.lastStatus == 200 && before.records.size() == 1,
            qPrintable(QStringLiteral("pull status %1, %2 records, %3 batches, reset %4; server log: %5")
                           .arg(before.lastStatus)
                           .arg(before.records.size())
                           .arg(before.batches)
                           .arg(before.reset)
                           .arg(QString::fromUtf8(server->log().right(3000)))));

        // The backup, while the server runs.
        const QString dump = dir.filePath(QStringLiteral("feltnotat.dump"));
        const QString dumped = run(QStringLiteral("pg_dump"),
            {QStringLiteral("--format=custom"), QStringLiteral("--file=") + dump,
                QStringLiteral("--dbname=") + original});
        QVERIFY2(dumped.isEmpty(), qPrintable(dumped));
        // A change after the backup: the restore loses it, and the cursor that includes it must reset.
        QCOMPARE(api.push(device,
                        {mutation(2, QStringLiteral("participant"), newId(),
                            participant(device, QStringLiteral("Etter Backup"), now + 1))})
                     .status,
            200);
        const PullState after = pullAll(api, device, before.cursor);
        QCOMPARE(after.records.size(), 1);
        QCOMPARE(server->stop(), 0);

        // The restore, into an empty database, as an operator does after losing the old one.
        FELTNOTAT_PG_DATABASE_OR_SKIP(restored);
        const QString restoredOk = run(QStringLiteral("pg_restore"),
            {QStringLiteral("--no-owner"), QStringLiteral("--exit-on-error"),
                QStringLiteral("--dbname=") + restored, dump});
        QVERIFY2(restoredOk.isEmpty(), qPrintable(restoredOk));
        options.database = restored;
        server = std::make_unique<ServerProcess>(options);
        QVERIFY2(server->start(), qPrintable(server->errorString()));
        api.setServer(server->url());

        // The device's token and cursor from before the backup still work: nothing missing, nothing new.
        Reply pulled = api.pull(device, before.cursor);
        QCOMPARE(pulled.status, 200);
        QCOMPARE(pulled.json().value(QStringLiteral("reset")).toBool(), false);
        QVERIFY(pulled.json().value(QStringLiteral("changes")).toArray().isEmpty());
        // The cursor from after the backup is ahead of the restored feed: start again, not skip.
        pulled = api.pull(device, after.cursor);
        QCOMPARE(pulled.status, 200);
        QCOMPARE(pulled.json().value(QStringLiteral("reset")).toBool(), true);
        // The device syncs on: its next push (its own counter goes on past what the restored server knows).
        const Reply pushed = api.push(device,
            {mutation(3, QStringLiteral("participant"), newId(),
                participant(device, QStringLiteral("Etter Gjenoppretting"), now + 2))});
        QCOMPARE(pushed.status, 200);
        QVERIFY(pushed.json().value(QStringLiteral("rejected")).toArray().isEmpty());
        const PullState fresh = pullAll(api, device);
        QStringList names;
        for (const QJsonObject &fields : fresh.records)
            names << fieldValue(fields, QStringLiteral("name")).toString();
        names.sort();
        QCOMPARE(names, (QStringList {QStringLiteral("Etter Gjenoppretting"), QStringLiteral("Før Backup")}));

        // The office tables: the API client signs in and its OData count reads the report columns; the
        // employer register answers; the lead is still a lead.
        const QList<QByteArray> lines = created.out.split('\n');
        const QByteArray id = lines.value(0).mid(QByteArrayLiteral("client_id: ").size()).trimmed();
        const QByteArray secret = lines.value(1).mid(QByteArrayLiteral("client_secret: ").size()).trimmed();
        const Reply count = api.request("GET", QStringLiteral("/odata/Participants/$count"), {},
            {{"Authorization", QByteArray("Basic " + QByteArray(id + ':' + secret).toBase64())}}, false);
        QCOMPARE(count.status, 200);
        QCOMPARE(count.body, QByteArray("2"));
        const Reply found = api.get(QStringLiteral("/v1/register/search?q=backup"), device.token);
        QCOMPARE(found.json().value(QStringLiteral("units")).toArray().size(), 1);
        QVERIFY(server->admin({QStringLiteral("list-leads")}).out.contains("bodil"));
    }
};

QTEST_GUILESS_MAIN(TestPgBackup)
#include "tst_pgbackup.moc"
