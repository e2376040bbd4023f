#include "clirunner.h"
#include "core/outbox.h"
#include "core/store.h"
#include "core/storecheck.h"
#include "core/storequeries.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace feltnotat;
using clitest::Run;

// feltnotat-cli import (issue 19): JSON Lines and CSV through the real binary, offline. Every row meets the
// store's rules; refused rows are listed as "line N: reason" and every other row is stored.
class TestCliImport : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    QString data() const { return m_dir->path(); }

    QString writeFile(const QString &name, const QByteArray &content)
    {
        const QString path = QDir(m_dir->path()).filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
            return {};
        return path;
    }

    std::unique_ptr<Store> openStore() { return clitest::openStore(data()); }

    static QByteArray line(const QJsonObject &o)
    {
        return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        // The data folder exists before the import (as after login); the CLI makes it on first use.
        QCOMPARE(clitest::on(data(), {QStringLiteral("status")}).exitCode, 0);
    }

    // 50,000 records (participants, employers, encounters that name them by "@ref") with six broken rows in
    // the middle: the six are listed with their line and reason, every other row is stored, indexed for
    // search and queued for sync, and the encounter rules held.
    void fiftyThousandWithBrokenRowsInTheMiddle()
    {
        QByteArray input;
        const QStringList brokenReasons {QStringLiteral("not a JSON object"), QStringLiteral("has no field"),
            QStringLiteral("no earlier row"), QStringLiteral("unknown record type"),
            QStringLiteral("status: "), QStringLiteral("referral_date")};
        QList<qint64> brokenLines;
        qint64 lineNo = 0;
        const auto add = [&](const QByteArray &text) {
            input += text;
            ++lineNo;
        };
        const int groups = 12500; // 4 rows each
        for (int i = 0; i < groups; ++i) {
            const QString p = QStringLiteral("p%1").arg(i);
            const QString e = QStringLiteral("e%1").arg(i);
            add(line({{QStringLiteral("entity"), QStringLiteral("participant")}, {QStringLiteral("ref"), p},
                {QStringLiteral("fields"),
                    QJsonObject {{QStringLiteral("name"), QStringLiteral("Deltaker %1 Importsen").arg(i)},
                        {QStringLiteral("referral_date"), QStringLiteral("2026-01-15")}}}}));
            add(line({{QStringLiteral("entity"), QStringLiteral("employer")}, {QStringLiteral("ref"), e},
                {QStringLiteral("fields"),
                    QJsonObject {{QStringLiteral("name"), QStringLiteral("Fjordbakeriet %1").arg(i)}}}}));
            add(line({{QStringLiteral("entity"), QStringLiteral("encounter")},
                {QStringLiteral("fields"),
                    QJsonObject {{QStringLiteral("participant_id"), QString(u'@' + p)},
                        {QStringLiteral("employer_id"), QString(u'@' + e)},
                        {QStringLiteral("kind"), QStringLiteral("job_development")},
                        {QStringLiteral("starts_at"), QStringLiteral("2026-03-02T09:00:00Z")},
                        {QStringLiteral("note"), QStringLiteral("Samtale om prøvedag nummer %1").arg(i)}}}}));
            add(line({{QStringLiteral("entity"), QStringLiteral("task")},
                {QStringLiteral("fields"),
                    QJsonObject {{QStringLiteral("title"), QStringLiteral("Ring %1").arg(i)},
                        {QStringLiteral("participant_id"), QString(u'@' + p)}}}}));
            if (i == groups / 2) { // the broken rows, in the middle
                const auto broken = [&](const QByteArray &text) {
                    add(text);
                    brokenLines << lineNo;
                };
                broken("{\"entity\": \"participant\", \"fields\": {\"name\": \"Uten slutt\"\n");
                broken(line({{QStringLiteral("entity"), QStringLiteral("participant")},
                    {QStringLiteral("fields"), QJsonObject {{QStringLiteral("shoe_size"), 44}}}}));
                broken(line({{QStringLiteral("entity"), QStringLiteral("task")},
                    {QStringLiteral("fields"),
                        QJsonObject {{QStringLiteral("title"), QStringLiteral("Ring")},
                            {QStringLiteral("participant_id"), QStringLiteral("@finnesikke")}}}}));
                broken(line({{QStringLiteral("entity"), QStringLiteral("conflict")},
                    {QStringLiteral("fields"), QJsonObject {}}}));
                // A completed visit in the future: refused by the encounter rules.
                broken(line({{QStringLiteral("entity"), QStringLiteral("encounter")},
                    {QStringLiteral("fields"),
                        QJsonObject {{QStringLiteral("participant_id"), QString(u'@' + p)},
                            {QStringLiteral("kind"), QStringLiteral("participant_follow_up")},
                            {QStringLiteral("status"), QStringLiteral("completed")},
                            {QStringLiteral("starts_at"), QStringLiteral("2099-01-01T09:00:00Z")}}}}));
                broken(line({{QStringLiteral("entity"), QStringLiteral("participant")},
                    {QStringLiteral("fields"),
                        QJsonObject {{QStringLiteral("name"), QStringLiteral("Feil Dato")},
                            {QStringLiteral("referral_date"), QStringLiteral("2026-02-30")}}}}));
            }
        }
        const QString path = writeFile(QStringLiteral("import.jsonl"), input);
        QVERIFY(!path.isEmpty());

        QElapsedTimer timer;
        timer.start();
        const Run r = clitest::on(data(),
            {QStringLiteral("--json"), QStringLiteral("--lang"), QStringLiteral("en"),
                QStringLiteral("import"), path},
            {}, 600000);
        const qint64 ms = timer.elapsed();
        QCOMPARE(r.exitCode, 1); // some rows refused
        qInfo("imported 50,000 records in %lld ms (whole process)", ms);
        const QJsonObject summary = r.json().object();
        QCOMPARE(summary.value(QStringLiteral("imported")).toInt(), 50000);
        const QJsonArray refused = summary.value(QStringLiteral("refused")).toArray();
        QCOMPARE(refused.size(), brokenLines.size());
        const QStringList errLines = r.errText().split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(errLines.size(), brokenLines.size());
        for (qsizetype i = 0; i < brokenLines.size(); ++i) {
            QCOMPARE(refused.at(i).toObject().value(QStringLiteral("line")).toInteger(), brokenLines.at(i));
            const QString prefix = QStringLiteral("line %1: ").arg(brokenLines.at(i));
            QVERIFY2(errLines.at(i).startsWith(prefix), qPrintable(errLines.at(i)));
            QVERIFY2(errLines.at(i).contains(brokenReasons.at(i)), qPrintable(errLines.at(i)));
        }

        auto store = openStore();
        QVERIFY(store);
        StoreQueries q(*store);
        QCOMPARE(q.count(QStringLiteral("participant")), groups);
        QCOMPARE(q.count(QStringLiteral("employer")), groups);
        QCOMPARE(q.count(QStringLiteral("encounter")), groups);
        QCOMPARE(q.count(QStringLiteral("task")), groups);
        // The app's rules: a job development visit with an employer is an employer contact; in the past it is
        // completed. References point at the rows named by "ref".
        const QList<Record> visits = q.select(QStringLiteral("encounter"), {}, {}, QStringLiteral("rid"), 1);
        QCOMPARE(visits.size(), 1);
        QCOMPARE(visits.first().value(QStringLiteral("employer_contact")), QVariant(true));
        QCOMPARE(visits.first().text(QStringLiteral("status")), QStringLiteral("completed"));
        const auto person = store->get(
            QStringLiteral("participant"), visits.first().text(QStringLiteral("participant_id")));
        QVERIFY(person);
        QCOMPARE(person->text(QStringLiteral("name")), QStringLiteral("Deltaker 0 Importsen"));
        // Indexed for search (compounds too) and queued for sync.
        auto hits = store->searchIndex().search(QStringLiteral("bakeriet 4711"), 10);
        QVERIFY(hits);
        QCOMPARE(hits->size(), 1);
        QCOMPARE(Outbox(*store).pendingCount(), 50000);
        // Every stored record has its search entry (word and trigram index), none of the refused rows has.
        QCOMPARE(storecheck::checkSearchIndex(*store), QString());
    }

    // Rows are prepared (read, type, fields, values normalised) apart from being written (references, id,
    // rules, database): 700 rows from standard input in batches of 100, refused rows in the middle of a
    // batch, references to rows of earlier batches, a refused row whose reference name a later row then uses
    // (a refused row changes nothing), a blank line (lines keep their numbers). Every refusal is reported in
    // the order of the lines, each for the first reason the row has in the order of its checks: the row,
    // its type, its reference name, then its fields in key order (a reference to a missing row before a
    // later unknown field, an unknown field before a later reference), then its id, then its values.
    void refusalsAndReferencesAcrossBatchesFromStandardInput()
    {
        QByteArray input;
        qint64 lineNo = 0;
        QList<QPair<qint64, QString>> expected; // line, what its refusal says
        const auto add = [&](const QByteArray &text, const QString &refusal = {}) {
            input += text;
            ++lineNo;
            if (!refusal.isEmpty())
                expected.append({lineNo, refusal});
        };
        const auto person = [&](int i) {
            return line({{QStringLiteral("entity"), QStringLiteral("participant")},
                {QStringLiteral("ref"), QStringLiteral("p%1").arg(i)},
                {QStringLiteral("fields"),
                    QJsonObject {{QStringLiteral("name"), QStringLiteral("Deltaker %1 Kjedesen").arg(i)}}}});
        };
        const auto task = [&](const QString &title, const QJsonObject &more) {
            QJsonObject fields = more;
            fields.insert(QStringLiteral("title"), title);
            return line(
                {{QStringLiteral("entity"), QStringLiteral("task")}, {QStringLiteral("fields"), fields}});
        };
        for (int i = 1; i <= 300; ++i)
            add(person(i));
        add("\n"); // line 301
        // Line 302 on: tasks naming participants of the first batches.
        for (int i = 1; i <= 98; ++i)
            add(task(QStringLiteral("Oppgave %1").arg(i),
                {{QStringLiteral("participant_id"), QStringLiteral("@p%1").arg(i)}}));
        // Lines 400-406: refused rows in the middle of a batch.
        add(task(QStringLiteral("Mangler"), {{QStringLiteral("participant_id"), QStringLiteral("@p999")}}),
            QStringLiteral("participant_id: no earlier row has \"ref\": \"p999\""));
        add(line({{QStringLiteral("entity"), QStringLiteral("participant")},
                {QStringLiteral("ref"), QStringLiteral("p5")},
                {QStringLiteral("fields"),
                    QJsonObject {{QStringLiteral("name"), QStringLiteral("Dobbel")}}}}),
            QStringLiteral("reference name \"p5\" is used twice"));
        add(task(QStringLiteral("Ukjent"),
                {{QStringLiteral("participant_id"), QStringLiteral("@p2")}, {QStringLiteral("zzz"), 1}}),
            QStringLiteral("task has no field zzz"));
        add(task(QStringLiteral("Begge"),
                {{QStringLiteral("participant_id"), QStringLiteral("@nope")}, {QStringLiteral("zzz"), 1}}),
            QStringLiteral("participant_id: no earlier row has \"ref\": \"nope\""));
        add(task(QStringLiteral("Begge"),
                {{QStringLiteral("aaa"), 1}, {QStringLiteral("participant_id"), QStringLiteral("@nope")}}),
            QStringLiteral("task has no field aaa"));
        add("[1, 2]\n", QStringLiteral("not a JSON object"));
        add(line({{QStringLiteral("entity"), QStringLiteral("participant")},
                {QStringLiteral("ref"), QStringLiteral("ny")},
                {QStringLiteral("fields"), QJsonObject {{QStringLiteral("name"), 7}}}}),
            QStringLiteral("name: "));
        // Line 407: the name "ny" of the refused row is free; line 408 names the row of line 407.
        add(line({{QStringLiteral("entity"), QStringLiteral("participant")},
            {QStringLiteral("ref"), QStringLiteral("ny")},
            {QStringLiteral("fields"),
                QJsonObject {{QStringLiteral("name"), QStringLiteral("Ny Deltaker")}}}}));
        add(task(QStringLiteral("Til ny"), {{QStringLiteral("participant_id"), QStringLiteral("@ny")}}));
        // Lines 409-412: a value the store refuses comes after every reference (as the store checked the
        // values after the import had resolved them) and after the checks of the row's own id; a system
        // field.
        const QJsonObject badDate {{QStringLiteral("due_date"), QStringLiteral("2026-02-30")}};
        add(task(QStringLiteral("Dato"),
                {{QStringLiteral("due_date"), QStringLiteral("2026-02-30")},
                    {QStringLiteral("participant_id"), QStringLiteral("@nope4")}}),
            QStringLiteral("participant_id: no earlier row has \"ref\": \"nope4\""));
        add(line({{QStringLiteral("entity"), QStringLiteral("task")},
                {QStringLiteral("id"), QStringLiteral("x-1")}, {QStringLiteral("fields"), badDate}}),
            QStringLiteral("malformed record id"));
        add(task(QStringLiteral("Dato"), badDate), QStringLiteral("due_date: "));
        add(task(QStringLiteral("System"), {{QStringLiteral("deleted"), true}}), QStringLiteral("deleted: "));
        // Lines 413-700: naming rows of the first batches; one refusal at the last line.
        for (int i = 413; i < 700; ++i)
            add(task(QStringLiteral("Oppgave %1").arg(i),
                {{QStringLiteral("participant_id"), QStringLiteral("@p%1").arg(i % 300 + 1)}}));
        add(task(QStringLiteral("Sist"), {{QStringLiteral("participant_id"), QStringLiteral("@p0")}}),
            QStringLiteral("participant_id: no earlier row has \"ref\": \"p0\""));
        QCOMPARE(lineNo, 700);

        const Run r = clitest::on(data(),
            {QStringLiteral("--lang"), QStringLiteral("en"), QStringLiteral("--json"),
                QStringLiteral("import"), QStringLiteral("--batch"), QStringLiteral("100"),
                QStringLiteral("-")},
            input);
        QCOMPARE(r.exitCode, 1);
        const QStringList err = r.errText().split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(err.size(), expected.size());
        for (qsizetype i = 0; i < expected.size(); ++i) {
            const QString prefix = QStringLiteral("line %1: ").arg(expected.at(i).first);
            QVERIFY2(err.at(i).startsWith(prefix), qPrintable(err.at(i)));
            QVERIFY2(err.at(i).contains(expected.at(i).second), qPrintable(err.at(i)));
        }
        const int stored = 699 - int(expected.size()); // 700 lines, one blank
        QCOMPARE(r.json().object().value(QStringLiteral("imported")).toInt(), stored);

        auto store = openStore();
        QVERIFY(store);
        StoreQueries q(*store);
        QCOMPARE(q.count(QStringLiteral("participant")), 301);
        QCOMPARE(q.count(QStringLiteral("task")), stored - 301);
        QCOMPARE(Outbox(*store).pendingCount(), stored);
        const auto ownerOf = [&](const QString &title) {
            const QList<Record> tasks
                = q.select(QStringLiteral("task"), QStringLiteral("title = ?"), {title});
            if (tasks.size() != 1)
                return QStringLiteral("%1 tasks named %2").arg(tasks.size()).arg(title);
            const auto owner = store->get(
                QStringLiteral("participant"), tasks.first().text(QStringLiteral("participant_id")));
            return owner ? owner->text(QStringLiteral("name")) : QStringLiteral("no participant");
        };
        QCOMPARE(ownerOf(QStringLiteral("Oppgave 5")), QStringLiteral("Deltaker 5 Kjedesen"));
        QCOMPARE(ownerOf(QStringLiteral("Oppgave 98")), QStringLiteral("Deltaker 98 Kjedesen"));
        QCOMPARE(ownerOf(QStringLiteral("Til ny")), QStringLiteral("Ny Deltaker"));
        QCOMPARE(ownerOf(QStringLiteral("Oppgave 699")), QStringLiteral("Deltaker 100 Kjedesen"));
        QCOMPARE(
            q.count(QStringLiteral("participant"), QStringLiteral("name = ?"), {QStringLiteral("Dobbel")}),
            0);
        QCOMPARE(storecheck::checkSearchIndex(*store), QString());
    }

    // JSON Lines as written by hand or by other tools: spaces, escapes, keys in any order, numbers, null,
    // a name given twice, broken lines. Most lines are read by the import's own reader of plain lines, the
    // rest by QJsonDocument: either way each row gives what QJsonDocument makes of it.
    void jsonLinesAsOtherToolsWriteThem()
    {
        const QByteArray input
            = " { \"fields\" : { \"name\" : \"\\u00c5se \\\"Q\\\" \\\\ \\/ \\ud83d\\ude00 Ørsta\" } "
              ",\t\"entity\":\"participant\", "
              "\"ref\" : \"h1\" }\r\n" // 1
              "{\"entity\":\"task\",\"fields\":{\"title\":\"Linjer\",\"details\":\"en\\nto\",\"due_date\":"
              "null,"
              "\"participant_id\":\"@h1\"}}\n" // 2
              "{\"entity\":\"task\",\"fields\":{\"title\":5}}\n" // 3
              "{\"entity\":\"task\",\"fields\":{\"title\":\"Først\",\"title\":\"Sist\"}}\n" // 4
              "{\"entity\":\"task\",\"fields\":{\"title\":\"x\"}\n" // 5
              "{\"entity\":\"task\",\"fields\":{\"title\":\"x\"},\"extra\":1}\n" // 6
              "{\"entity\":\"task\",\"fields\":{\"title\":\"\xff\"}}\n" // 7
              "{}\n" // 8
              "{\"entity\":\"task\",\"fields\":{\"title\":\"N\",\"zzz\":12}}\n" // 9
              "{\"id\":\"0b1c2d3e-0000-4000-8000-00000000000a\",\"fields\":{\"title\":\"Med id\"},"
              "\"entity\":\"task\"}\n" // 10
              "{\"entity\":\"task\",\"fields\":{\"title\":\"Tall\",\"participant_id\":-0}}\n" // 11
              "{\"entity\":\"task\",\"fields\":{\"title\":\"Sann\",\"participant_id\":true}}\n"; // 12
        // What QJsonDocument makes of line 4's title (a name given twice).
        const QString twice = QJsonDocument::fromJson("{\"title\":\"Først\",\"title\":\"Sist\"}")
                                  .object()
                                  .value(QStringLiteral("title"))
                                  .toString();
        const Run r = clitest::on(data(),
            {QStringLiteral("--lang"), QStringLiteral("en"), QStringLiteral("import"), QStringLiteral("-")},
            input);
        QCOMPARE(r.exitCode, 1);
        const QStringList err = r.errText().split(u'\n', Qt::SkipEmptyParts);
        const QStringList expected {QStringLiteral("line 3: title: "),
            QStringLiteral("line 5: not a JSON object"), QStringLiteral("line 6: unknown key \"extra\""),
            QStringLiteral("line 7: not a JSON object"),
            QStringLiteral("line 8: \"fields\" must be an object"),
            QStringLiteral("line 9: task has no field zzz"), QStringLiteral("line 11: participant_id: "),
            QStringLiteral("line 12: participant_id: ")};
        QCOMPARE(err.size(), expected.size());
        for (qsizetype i = 0; i < expected.size(); ++i)
            QVERIFY2(err.at(i).startsWith(expected.at(i)), qPrintable(err.at(i)));

        auto store = openStore();
        QVERIFY(store);
        StoreQueries q(*store);
        const QList<Record> people = q.select(QStringLiteral("participant"), QString(), {});
        QCOMPARE(people.size(), 1);
        QCOMPARE(people.first().text(QStringLiteral("name")),
            QStringLiteral("Åse \"Q\" \\ / ") + QString::fromUcs4(U"\U0001F600") + QStringLiteral(" Ørsta"));
        const QList<Record> lines
            = q.select(QStringLiteral("task"), QStringLiteral("title = ?"), {QStringLiteral("Linjer")});
        QCOMPARE(lines.size(), 1);
        QCOMPARE(lines.first().text(QStringLiteral("details")), QStringLiteral("en\nto"));
        QCOMPARE(lines.first().text(QStringLiteral("participant_id")), people.first().id);
        QVERIFY(lines.first().text(QStringLiteral("due_date")).isEmpty());
        QCOMPARE(q.count(QStringLiteral("task"), QStringLiteral("title = ?"), {twice}), 1);
        QVERIFY(store->get(QStringLiteral("task"), QStringLiteral("0b1c2d3e-0000-4000-8000-00000000000a")));
        QCOMPARE(q.count(QStringLiteral("task")), 3);
    }

    // CSV of one record type: quoted cells with commas, quotes and line breaks; a refused row by its line;
    // ids and references from the columns; standard input.
    void csvFromStandardInput()
    {
        const QByteArray csv
            = "name,labour_needs,ref,id\n"
              "\"Vik Kro, avd. Sjø\",Ørsta,kro,\n"
              "\"Bakeriet \"\"Nord\"\"\",\"Bodø\n(sentrum)\",,0b1c2d3e-0000-4000-8000-000000000001\n"
              "Tomt navn,Tromsø\n"
              ",Molde,,\n"
              "Sveisebakken AS,Ålesund,,\n";
        const Run r = clitest::on(
            data(), {QStringLiteral("import"), QStringLiteral("--csv"), QStringLiteral("employer")}, csv);
        QCOMPARE(r.exitCode, 1);
        const QStringList err = r.errText().split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(err.size(), 2);
        QVERIFY2(err.at(0).startsWith(QStringLiteral("line 5: ")), qPrintable(err.at(0))); // 2 cells, not 4
        QVERIFY2(err.at(1).startsWith(QStringLiteral("line 6: name")), qPrintable(err.at(1))); // no name
        QVERIFY2(r.outText().startsWith(QStringLiteral("importerte 3 oppføringer, avviste 2")), r.describe());
        auto store = openStore();
        QVERIFY(store);
        const auto quoted
            = store->get(QStringLiteral("employer"), QStringLiteral("0b1c2d3e-0000-4000-8000-000000000001"));
        QVERIFY(quoted);
        QCOMPARE(quoted->text(QStringLiteral("name")), QStringLiteral("Bakeriet \"Nord\""));
        QCOMPARE(quoted->text(QStringLiteral("labour_needs")), QStringLiteral("Bodø\n(sentrum)"));
        QCOMPARE(StoreQueries(*store).count(QStringLiteral("employer"), QStringLiteral("name = ?"),
                     {QStringLiteral("Vik Kro, avd. Sjø")}),
            1);
    }

    void badArgumentsChangeNothing()
    {
        QCOMPARE(
            clitest::on(data(), {QStringLiteral("import"), QStringLiteral("--csv"), QStringLiteral("shoe")})
                .exitCode,
            1);
        QCOMPARE(
            clitest::on(data(), {QStringLiteral("import"), QStringLiteral("--batch"), QStringLiteral("0")})
                .exitCode,
            2);
        const Run missing
            = clitest::on(data(), {QStringLiteral("import"), QStringLiteral("/nonexistent/x.jsonl")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.errText().contains(QStringLiteral("/nonexistent/x.jsonl")), missing.describe());
        auto store = openStore();
        QVERIFY(store);
        QCOMPARE(Outbox(*store).pendingCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCliImport)
#include "tst_cli_import.moc"
