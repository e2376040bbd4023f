// feltnotat-bench-core import: feltnotat-cli import of generated JSON Lines.
#include "app/cli/cli.h"
#include "benchutil.h"
#include "corebench.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

using namespace feltnotat;

namespace feltnotat::bench {

int benchImport(const Args &args, const QString &dir)
{
    const qint64 n = args.integer(QStringLiteral("records"), 50000);
    // The file an operator would give: four rows a group, the encounter and task naming the others by ref.
    const QString path = QDir(dir).filePath(QStringLiteral("import.jsonl"));
    {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return fail(QStringLiteral("import"), f.errorString());
        for (qint64 i = 0; i < n; ++i) {
            const qint64 g = i / 4;
            QJsonObject row;
            switch (i % 4) {
            case 0:
                row = {{QStringLiteral("entity"), QStringLiteral("participant")},
                    {QStringLiteral("ref"), QStringLiteral("p%1").arg(g)},
                    {QStringLiteral("fields"),
                        QJsonObject {{QStringLiteral("name"), QStringLiteral("Deltaker %1 Importsen").arg(g)},
                            {QStringLiteral("referral_date"), QStringLiteral("2026-01-15")}}}};
                break;
            case 1:
                row = {{QStringLiteral("entity"), QStringLiteral("employer")},
                    {QStringLiteral("ref"), QStringLiteral("e%1").arg(g)},
                    {QStringLiteral("fields"),
                        QJsonObject {{QStringLiteral("name"), QStringLiteral("Fjordbakeriet %1").arg(g)},
                            {QStringLiteral("city"), QStringLiteral("Ørsta")}}}};
                break;
            case 2:
                row = {{QStringLiteral("entity"), QStringLiteral("encounter")},
                    {QStringLiteral("fields"),
                        QJsonObject {{QStringLiteral("participant_id"), QStringLiteral("@p%1").arg(g)},
                            {QStringLiteral("employer_id"), QStringLiteral("@e%1").arg(g)},
                            {QStringLiteral("kind"), QStringLiteral("job_development")},
                            {QStringLiteral("starts_at"), QStringLiteral("2026-03-02T09:00:00Z")},
                            {QStringLiteral("note"), syntheticNote(quint32(g))}}}};
                break;
            default:
                row = {{QStringLiteral("entity"), QStringLiteral("task")},
                    {QStringLiteral("fields"),
                        QJsonObject {{QStringLiteral("title"), QStringLiteral("Ring arbeidsgiver %1").arg(g)},
                            {QStringLiteral("participant_id"), QStringLiteral("@p%1").arg(g)}}}};
            }
            f.write(QJsonDocument(row).toJson(QJsonDocument::Compact) + '\n');
        }
    }
    QString outText;
    QString errText;
    QTextStream out(&outText);
    QTextStream err(&errText);
    Cli cli(out, err);
    // The CLI opens only encrypted stores: a synthetic PIN in an owner-only file.
    const QString pinFile = QDir(dir).filePath(QStringLiteral("import-pin"));
    {
        QFile pin(pinFile);
        if (!pin.open(QIODevice::WriteOnly) || pin.write("582047\n") != 7)
            return fail(QStringLiteral("import"), QStringLiteral("cannot write the PIN file"));
        pin.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
    const double cpuBefore = processCpuMs();
    const auto start = Timer::now();
    const int code = cli.run({QStringLiteral("feltnotat-cli"), QStringLiteral("--data"),
        QDir(dir).filePath(QStringLiteral("import-data")), QStringLiteral("--pin-file"), pinFile,
        QStringLiteral("--json"), QStringLiteral("import"), path});
    const double ms = msSince(start);
    // CPU time of the process (both threads: the writer and the background checkpointer): on a machine
    // shared with other work the wall-clock time includes waiting for a core, this does not.
    const double cpuMs = processCpuMs() - cpuBefore;
    out.flush();
    err.flush();
    if (code != 0)
        return fail(QStringLiteral("import"), QStringLiteral("exit %1: %2").arg(code).arg(errText.left(500)));
    const qint64 imported
        = QJsonDocument::fromJson(outText.toUtf8()).object().value(QStringLiteral("imported")).toInteger();
    if (imported != n)
        return fail(QStringLiteral("import"), QStringLiteral("imported %1 of %2").arg(imported).arg(n));
    report(QStringLiteral("import_jsonl"),
        {{QStringLiteral("records"), n}, {QStringLiteral("ms"), std::round(ms)},
            {QStringLiteral("records_per_s"), std::round(double(n) / (ms / 1000.0))},
            {QStringLiteral("cpu_ms"), std::round(cpuMs)},
            {QStringLiteral("records_per_cpu_s"), std::round(double(n) / (cpuMs / 1000.0))}});
    return 0;
}

} // namespace feltnotat::bench
