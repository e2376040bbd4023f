// Record commands of feltnotat-cli: add, edit, delete, show, list, search, today, export.
#include "cli.h"
#include "core/encounters.h"
#include "core/storequeries.h"

#include <QJsonArray>
#include <QJsonObject>

namespace feltnotat {

namespace {

QString titleOf(const Record &r)
{
    for (const char *f : {"name", "title", "outcome", "starts_at"}) {
        const QString v = r.text(QString::fromLatin1(f));
        if (!v.isEmpty())
            return v;
    }
    return QString();
}

} // namespace

int Cli::add(QStringList &args)
{
    if (args.isEmpty())
        return usage(say(QStringLiteral("bruk: add TYPE felt=verdi …"),
            QStringLiteral("usage: add ENTITY field=value …")));
    const QString entity = args.takeFirst();
    auto values = parseAssignments(entity, args);
    if (!values)
        return fail(values.error());
    if (entity == u"encounter") {
        // As the app's capture does: a next step becomes a task, in the same transaction.
        const QVariantHash &v = values.value();
        const NextStep next {v.value(QStringLiteral("next_step")).toString(),
            QDate::fromString(v.value(QStringLiteral("next_step_due")).toString(), Qt::ISODate), {}};
        auto logged = Encounters(m_session->store()).log(v, next);
        if (!logged)
            return fail(logged.error());
        QJsonObject json = logged->encounter.toJson();
        if (logged->task)
            json.insert(QStringLiteral("next_step_task"), logged->task->id);
        print(json, logged->encounter.id);
        return Ok;
    }
    auto created = m_session->store().create(entity, values.value());
    if (!created)
        return fail(created.error());
    print(created->toJson(), created->id);
    return Ok;
}

int Cli::edit(QStringList &args)
{
    if (args.size() < 3)
        return usage(say(QStringLiteral("bruk: edit TYPE ID felt=verdi …"),
            QStringLiteral("usage: edit ENTITY ID field=value …")));
    const QString entity = args.takeFirst();
    const QString id = args.takeFirst();
    auto values = parseAssignments(entity, args);
    if (!values)
        return fail(values.error());
    auto updated = m_session->store().update(entity, id, values.value());
    if (!updated)
        return fail(updated.error());
    print(updated->toJson(), describe(updated.value()));
    return Ok;
}

int Cli::remove(QStringList &args)
{
    if (args.size() != 2)
        return usage(say(QStringLiteral("bruk: delete TYPE ID"), QStringLiteral("usage: delete ENTITY ID")));
    if (Status s = m_session->store().remove(args.at(0), args.at(1)); !s)
        return fail(s.error());
    print(QJsonObject {{QStringLiteral("deleted"), args.at(1)}},
        say(QStringLiteral("slettet "), QStringLiteral("deleted ")) + args.at(1));
    return Ok;
}

int Cli::show(QStringList &args)
{
    if (args.size() != 2)
        return usage(say(QStringLiteral("bruk: show TYPE ID"), QStringLiteral("usage: show ENTITY ID")));
    auto record = m_session->store().get(args.at(0), args.at(1));
    if (!record)
        return fail(makeError(ErrorCode::NotFound,
            say(QStringLiteral("fant ikke oppføringen"), QStringLiteral("no such record"))));
    print(record->toJson(), describe(*record));
    return Ok;
}

int Cli::list(QStringList &args)
{
    QString limitText = QStringLiteral("100");
    const bool explicitLimit = option(QStringLiteral("limit"), &limitText);
    const bool all = option(QStringLiteral("all"));
    bool ok = false;
    const int limit = limitText.toInt(&ok);
    if (args.size() != 1 || !ok || limit <= 0 || (all && explicitLimit))
        return usage(say(QStringLiteral("bruk: list TYPE [--limit N | --all]"),
            QStringLiteral("usage: list ENTITY [--limit N | --all]")));
    if (!Schema::instance().entity(args.at(0)))
        return fail(makeError(ErrorCode::Invalid,
            say(QStringLiteral("ukjent posttype: "), QStringLiteral("unknown record type: ")) + args.at(0)));
    // One more than asked for tells whether the list was cut.
    QList<Record> records
        = StoreQueries(m_session->store())
              .select(args.at(0), {}, {}, QStringLiteral("updated_at DESC"), all ? -1 : limit + 1);
    const bool cut = !all && records.size() > limit;
    if (cut)
        records.resize(limit);
    QJsonArray json;
    QString text;
    for (const Record &r : records) {
        json.append(r.toJson());
        text += r.id + QStringLiteral("  ") + titleOf(r) + u'\n';
    }
    // The JSON stays an array of records; the note goes to standard error in both modes.
    if (cut)
        m_err << "feltnotat-cli: "
              << say(QStringLiteral("viser de første %1 oppføringene; det finnes flere (--all viser alle, "
                                    "--limit N flere)"),
                     QStringLiteral(
                         "showing the first %1 records; there are more (--all shows all, --limit N more)"))
                     .arg(limit)
              << Qt::endl;
    print(json, text.isEmpty() ? say(QStringLiteral("(ingen)"), QStringLiteral("(none)")) : text);
    return Ok;
}

int Cli::search(QStringList &args)
{
    if (args.isEmpty())
        return usage(say(QStringLiteral("bruk: search TEKST"), QStringLiteral("usage: search TEXT")));
    auto hits = m_session->store().searchIndex().search(args.join(u' '), 50);
    if (!hits)
        return fail(hits.error());
    QJsonArray json;
    QString text;
    for (const SearchHit &h : hits.value()) {
        json.append(QJsonObject {{QStringLiteral("entity"), h.entity}, {QStringLiteral("id"), h.id},
            {QStringLiteral("title"), h.title}, {QStringLiteral("snippet"), h.snippet}});
        text += QStringLiteral("%1 %2  %3\n")
                    .arg(h.entity, -11)
                    .arg(h.id, h.title.isEmpty() ? h.snippet : h.title);
    }
    print(json, text.isEmpty() ? say(QStringLiteral("(ingen treff)"), QStringLiteral("(no matches)")) : text);
    return Ok;
}

int Cli::today(QStringList &args)
{
    if (!args.isEmpty())
        return usage(
            say(QStringLiteral("today tar ingen argumenter"), QStringLiteral("today takes no arguments")));
    StoreQueries queries(m_session->store());
    const QDate day = m_session->store().clock().now().toLocalTime().date();
    const QList<QPair<QString, QList<Record>>> sections {
        {QStringLiteral("encounters_today"), queries.encountersOn(day)},
        {QStringLiteral("overdue_encounters"), queries.overdueEncounters(day)},
        {QStringLiteral("tasks_today"), queries.tasksDueOn(day)},
        {QStringLiteral("overdue_tasks"), queries.overdueTasks(day)},
    };
    QJsonObject json;
    QString text;
    for (const auto &[name, records] : sections) {
        QJsonArray list;
        text += name + QStringLiteral(":\n");
        for (const Record &r : records) {
            list.append(r.toJson());
            text += QStringLiteral("  ") + r.id + QStringLiteral("  ") + titleOf(r) + u'\n';
        }
        json.insert(name, list);
    }
    print(json, text);
    return Ok;
}

int Cli::exportAll(QStringList &args)
{
    if (!args.isEmpty())
        return usage(
            say(QStringLiteral("export tar ingen argumenter"), QStringLiteral("export takes no arguments")));
    QJsonObject json;
    StoreQueries queries(m_session->store());
    for (const EntitySpec &spec : Schema::instance().entities()) {
        QJsonArray list;
        for (const Record &r : queries.select(spec.name, {}, {}, QStringLiteral("id")))
            list.append(r.toJson());
        json.insert(spec.table, list);
    }
    const bool wasJson = m_json;
    m_json = true;
    print(json, {});
    m_json = wasJson;
    return Ok;
}

} // namespace feltnotat
