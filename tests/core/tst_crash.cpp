// Kills a writing process with SIGKILL at random moments, many times, and checks after each kill
// that the database is intact, that every write the writer reported as committed is there, and that
// every record change has its outbox entry. The store is encrypted (as the app's): after each kill,
// with WAL frames not yet copied into the database file, no file holds any of the written text.
#include "core/store.h"
#include "storecheck.h"
#include "support/leakscan.h"

#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace feltnotat;

class TestCrash : public QObject
{
    Q_OBJECT

private slots:
    void killedWriterLosesNothingCommitted();

private:
    // The last committed marker per record ("deleted" for a removed encounter).
    QHash<QString, QString> m_expected;
};

namespace {

const QHash<QString, QString> &markerField()
{
    static const QHash<QString, QString> fields {{QStringLiteral("participant"), QStringLiteral("name")},
        {QStringLiteral("employer"), QStringLiteral("name")},
        {QStringLiteral("encounter"), QStringLiteral("note")}};
    return fields;
}

// "m<run>x<n>" as (run, n), to compare the order of two commits.
std::pair<int, qint64> markerOrder(QStringView marker)
{
    const qsizetype x = marker.indexOf(u'x');
    if (!marker.startsWith(u'm') || x < 0)
        return {-1, -1};
    return {marker.mid(1, x - 1).toInt(), marker.mid(x + 1).toLongLong()};
}

} // namespace

void TestCrash::killedWriterLosesNothingCommitted()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString db = dir.filePath(QStringLiteral("crash.db"));
    const int runs = qEnvironmentVariableIntValue("FELTNOTAT_CRASH_RUNS") > 0
        ? qEnvironmentVariableIntValue("FELTNOTAT_CRASH_RUNS")
        : 40;
    QRandomGenerator rng(20261123);
    qint64 totalCommits = 0;
    int killsWithWal = 0;
    const auto key = SecretKey::random();
    const QString keyHex = QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(key->data()), SecretKey::Size).toHex());
    StoreOptions options;
    options.key = key;
    // The writer's fixed texts (crashwriter.cpp), in every record it writes.
    const QStringList texts {QStringLiteral("Deltaker Ødegård "), QStringLiteral("Bedrift på Ørsta "),
        QStringLiteral("Samtale om arbeidstrening, ")};

    for (int run = 0; run < runs; ++run) {
        QProcess writer;
        writer.setProcessChannelMode(QProcess::SeparateChannels);
        writer.start(QStringLiteral(FELTNOTAT_CRASHWRITER),
            {db, QString::number(run), QString::number(rng.generate()), keyHex});
        QVERIFY2(writer.waitForStarted(10'000), qPrintable(writer.errorString()));
        // Let it write for a random while: one run in five from the start (possibly before its first
        // commit), the others after its first commit, so kills land mid-stream even on a slow machine
        // or under a sanitizer.
        if (run % 5 != 0)
            writer.waitForReadyRead(30'000);
        QTest::qWait(int(rng.bounded(5, 250)));
        ::kill(pid_t(writer.processId()), SIGKILL);
        QVERIFY(writer.waitForFinished(10'000));
        QVERIFY2(writer.exitStatus() == QProcess::CrashExit || writer.exitCode() == 0,
            qPrintable(QString::fromUtf8(writer.readAllStandardError())));

        // Only complete lines count: the last one may have been cut by the kill.
        const QList<QByteArray> lines = writer.readAllStandardOutput().split('\n');
        for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
            const QList<QByteArray> parts = lines.at(i).split(' ');
            QCOMPARE(parts.size(), 4);
            m_expected.insert(
                QString::fromUtf8(parts.at(1) + '/' + parts.at(2)), QString::fromUtf8(parts.at(3)));
            ++totalCommits;
        }

        if (QFileInfo(db + QStringLiteral("-wal")).size() > 136)
            ++killsWithWal;
        const QStringList leaks = leakscan::findMarkers(dir.path(), texts);
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(u", ")));

        auto opened = Store::open(db, options);
        QVERIFY2(opened, qPrintable(opened.errorString()));
        Store &store = *opened.value();
        const QString problem = storecheck::checkAll(store);
        QVERIFY2(problem.isEmpty(), qPrintable(QStringLiteral("run %1: %2").arg(run).arg(problem)));

        const storecheck::Rows rows = storecheck::tableRows(store);
        for (auto it = m_expected.cbegin(); it != m_expected.cend(); ++it) {
            const QString entity = it.key().section(u'/', 0, 0);
            const auto row = rows.constFind(it.key());
            if (row != rows.cend() && row->values.value(QStringLiteral("deleted")).toBool()
                && entity == u"encounter")
                continue; // deleted, reported or not: a deletion is never followed by another write
            if (it.value() == u"deleted") {
                QVERIFY2(row != rows.cend() && row->values.value(QStringLiteral("deleted")).toBool(),
                    qPrintable(QStringLiteral("run %1: deletion of %2 lost").arg(run).arg(it.key())));
                continue;
            }
            QVERIFY2(
                row != rows.cend(), qPrintable(QStringLiteral("run %1: %2 lost").arg(run).arg(it.key())));
            // The writer may have committed a newer value and been killed before it reported it.
            const QString text = row->values.value(markerField().value(entity)).toString();
            const QString found = text.section(u' ', -1);
            QVERIFY2(markerOrder(found) >= markerOrder(it.value()) && markerOrder(found).first >= 0,
                qPrintable(QStringLiteral("run %1: %2 holds %3, committed %4")
                               .arg(run)
                               .arg(it.key(), text.right(12), it.value())));
        }
    }
    // The kills must have landed mid-stream, not only before the first write.
    QVERIFY2(totalCommits > runs * 4 / 5,
        qPrintable(QStringLiteral("only %1 commits in %2 runs").arg(totalCommits).arg(runs)));
    QVERIFY2(
        killsWithWal > runs / 2, qPrintable(QStringLiteral("a WAL after only %1 kills").arg(killsWithWal)));
    qInfo("%lld commits over %d kills, %d with a WAL left behind", totalCommits, runs, killsWithWal);
}

QTEST_GUILESS_MAIN(TestCrash)
#include "tst_crash.moc"
