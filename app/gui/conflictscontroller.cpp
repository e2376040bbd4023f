#include "conflictscontroller.h"

#include "appcontext.h"
#include "core/conflicts.h"
#include "core/deletionconflicts.h"
#include "core/hlc.h"
#include "core/store.h"
#include "core/validation.h"
#include "formatter.h"
#include "recordtext.h"
#include "vocabulary.h"

using namespace feltnotat;

ConflictsController::ConflictsController(QObject *parent)
    : ViewController(parent)
    , m_conflicts(new VariantListModel(
          {QStringLiteral("conflictId"), QStringLiteral("title"), QStringLiteral("field"),
              QStringLiteral("current"), QStringLiteral("other"), QStringLiteral("otherRaw"),
              QStringLiteral("currentLabel"), QStringLiteral("otherLabel")},
          this))
    , m_deletions(new VariantListModel(
          {QStringLiteral("conflictId"), QStringLiteral("title"), QStringLiteral("message"),
              QStringLiteral("details"), QStringLiteral("along"), QStringLiteral("restorable"),
              QStringLiteral("live")},
          this))
{ }

namespace {

// A long note as one short line.
QString shortText(const QString &text)
{
    const QString line = text.simplified();
    return line.size() > 80 ? line.left(79) + QChar(0x2026) : line;
}

} // namespace

// "2 besøk, 1 oppgave": what went with a participant, counted by kind.
QString ConflictsController::alongSummary(const DeletionConflict &d)
{
    const int visits = d.childCount(u"encounter");
    const int tasks = d.childCount(u"task");
    const int employments = d.childCount(u"employment");
    QStringList parts;
    if (visits > 0)
        parts << tr("%n besøk", "", visits);
    if (tasks > 0)
        parts << tr("%n oppgaver", "", tasks);
    if (employments > 0)
        parts << tr("%n arbeidsforhold", "", employments);
    return parts.join(QStringLiteral(", "));
}

// One line a person reads for a record that went with the participant: a visit by its time and
// what was written, a task by its title and due date, an employment by its title and start.
QString ConflictsController::alongLine(const DeletionConflict::Child &child)
{
    const QVariantHash &v = child.values;
    auto shown = [&](const char *field) {
        return recordtext::displayValue(
            child.entity, QString::fromLatin1(field), v.value(QString::fromLatin1(field)));
    };
    QString line;
    if (child.entity == u"encounter") {
        line = tr("Besøk %1").arg(shown("starts_at"));
        QString text = v.value(QStringLiteral("outcome")).toString();
        if (text.isEmpty())
            text = v.value(QStringLiteral("note")).toString();
        if (!text.isEmpty())
            line += QStringLiteral(": ") + shortText(text);
    } else if (child.entity == u"task") {
        line = tr("Oppgave: %1").arg(shortText(v.value(QStringLiteral("title")).toString()));
        if (const QString due = shown("due_date"); !due.isEmpty())
            line += tr(", frist %1").arg(due);
    } else {
        QString what = v.value(QStringLiteral("title")).toString();
        if (what.isEmpty())
            what = recordtext::nameOf(
                *store(), QStringLiteral("employer"), v.value(QStringLiteral("employer_id")).toString());
        line = what.isEmpty() ? vocabulary::entityLabel(child.entity)
                              : tr("Arbeidsforhold: %1").arg(shortText(what));
        if (const QString start = shown("start_date"); !start.isEmpty())
            line += tr(", fra %1").arg(start);
    }
    return line;
}

QList<QVariantMap> ConflictsController::deletionRows()
{
    Store &s = *store();
    QList<QVariantMap> rows;
    for (const DeletionConflict &conflict : DeletionConflicts(s).open()) {
        const bool lost = conflict.kind == DeletionConflict::Kind::LostEdit;
        // The record's name from the user's version (the deleted record keeps none), or from the
        // record itself when a colleague restored it.
        QString name;
        for (const QString &field : {QStringLiteral("name"), QStringLiteral("title")}) {
            if (name.isEmpty())
                name = conflict.snapshot.value(field).toString();
        }
        if (name.isEmpty() && conflict.snapshot.contains(QStringLiteral("starts_at")))
            name = recordtext::displayValue(conflict.entity, QStringLiteral("starts_at"),
                conflict.snapshot.value(QStringLiteral("starts_at")));
        if (name.isEmpty() && !lost)
            name = recordtext::nameOf(s, conflict.entity, conflict.recordId);
        const QString label = vocabulary::entityLabel(conflict.entity);
        const QString title = name.isEmpty() ? label : QStringLiteral("%1 · %2").arg(label, name);
        const QString who = conflict.by.isEmpty() ? tr("En kollega") : app()->whoseText(conflict.by);
        const QString when
            = conflict.happenedAt.isEmpty() ? QString() : Formatter::dateTime(conflict.happenedAt);
        // Restored since (by the one who deleted it, or by someone else): the record is there again, with
        // other content than the user's. His version is then a choice against what stands, not a delete.
        const bool liveNow = lost && s.get(conflict.entity, conflict.recordId).has_value();
        const QString along = lost ? alongSummary(conflict) : QString();
        QString message;
        if (liveNow)
            message = tr("Slettet%1 mens du redigerte, og senere gjenopprettet med annet innhold enn ditt. "
                         "Din versjon er tatt vare på her: bruk den, eller behold det som står der nå.")
                          .arg(when.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(when));
        else if (!along.isEmpty())
            message = tr(
                "Slettet av %1 mens du redigerte%2. Med deltakeren: %3. Endringen din ble ikke lagret hos "
                "de andre, men den er tatt vare på her: gjenopprett deltakeren med din versjon og det "
                "som gikk med den, eller godta slettingen.")
                          .arg(who, when.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(when), along);
        else if (lost)
            message = tr("Slettet av %1 mens du redigerte%2. Endringen din ble ikke lagret hos de andre, men "
                         "den er tatt vare på her: gjenopprett oppføringen med din versjon, eller godta "
                         "slettingen.")
                          .arg(who, when.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(when));
        else
            message = tr("Gjenopprettet av %1%2. Du hadde slettet denne.")
                          .arg(who, when.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(when));
        QStringList details;
        if (const EntitySpec *spec = Schema::instance().entity(conflict.entity)) {
            for (const FieldSpec &f : spec->fields) {
                if (conflict.snapshot.contains(f.name) && f.type != FieldType::Ref)
                    details << QStringLiteral("%1: %2").arg(vocabulary::fieldLabel(conflict.entity, f.name),
                        recordtext::displayValue(conflict.entity, f.name, conflict.snapshot.value(f.name)));
            }
        }
        QStringList alongLines;
        for (const auto &child : conflict.childrenInOrder())
            alongLines << alongLine(child.second);
        rows << QVariantMap {{QStringLiteral("conflictId"), conflict.id}, {QStringLiteral("title"), title},
            {QStringLiteral("message"), message}, {QStringLiteral("details"), details.join(u'\n')},
            {QStringLiteral("along"), alongLines.join(u'\n')}, {QStringLiteral("restorable"), lost},
            {QStringLiteral("live"), liveNow}};
    }
    return rows;
}

void ConflictsController::reload()
{
    Store &s = *store();
    QList<QVariantMap> rows;
    for (const Record &c : Conflicts(s).open()) {
        const QString entity = c.text(QStringLiteral("entity"));
        const QString recordId = c.text(QStringLiteral("record_id"));
        const QString field = c.text(QStringLiteral("field"));
        const EntitySpec *spec = Schema::instance().entity(entity);
        const FieldSpec *f = spec ? spec->field(field) : nullptr;
        if (!f)
            continue;
        const auto record = s.get(entity, recordId);
        const auto lost = Schema::fromJson(*f, Conflicts::decodeValue(c.text(QStringLiteral("lost_value"))));
        const QVariant other = lost ? lost.value() : QVariant();
        QString name = recordtext::nameOf(s, entity, recordId);
        if (name.isEmpty())
            name = vocabulary::entityLabel(entity);
        // Who wrote each value and when, from the clocks the server kept: the other value was
        // written by lost_by; the one in force now by the other side.
        auto when = [](const QString &clock) {
            const auto hlc = Hlc::parse(clock);
            return hlc ? Formatter::dateTime(QDateTime::fromMSecsSinceEpoch(hlc->wallMs, Qt::UTC))
                       : QString();
        };
        const bool otherIsMine = !c.text(QStringLiteral("lost_by")).isEmpty()
            && c.text(QStringLiteral("lost_by")) == app()->userId();
        const QString currentWho = otherIsMine ? tr("En kollega") : tr("Du eller en kollega");
        const QString otherWho = c.text(QStringLiteral("lost_by")).isEmpty() ? tr("Den andre endringen")
            : otherIsMine                                                    ? tr("Din endring")
                                                                             : tr("En kollegas endring");
        const QString currentWhen = when(c.text(QStringLiteral("kept_clock")));
        const QString otherWhen = when(c.text(QStringLiteral("lost_clock")));
        rows << QVariantMap {{QStringLiteral("conflictId"), c.id}, {QStringLiteral("title"), name},
            {QStringLiteral("currentLabel"),
                currentWhen.isEmpty() ? tr("Gjelder nå")
                                      : tr("Gjelder nå · %1, %2").arg(currentWho, currentWhen)},
            {QStringLiteral("otherLabel"),
                otherWhen.isEmpty() ? otherWho : QString(otherWho + QStringLiteral(" · ") + otherWhen)},
            {QStringLiteral("field"), vocabulary::fieldLabel(entity, field)},
            {QStringLiteral("current"),
                record ? recordtext::displayValue(entity, field, record->value(field)) : QString()},
            {QStringLiteral("other"), recordtext::displayValue(entity, field, other)},
            {QStringLiteral("otherRaw"),
                f->type == FieldType::Date ? Formatter::date(other.toString()) : other.toString()}};
    }
    m_conflicts->setRows(std::move(rows));
    m_deletions->setRows(deletionRows());
}

bool ConflictsController::restoreDeleted(const QString &conflictId)
{
    return store() && settle(DeletionConflicts(*store()).restore(conflictId));
}

bool ConflictsController::acceptDeleted(const QString &conflictId)
{
    return store() && settle(DeletionConflicts(*store()).accept(conflictId));
}

bool ConflictsController::settle(const Status &s)
{
    m_error = s.ok() ? QString() : s.errorString();
    Q_EMIT errorChanged();
    refresh(); // accepting writes no record, so no change signal reloads the page
    return s.ok();
}

bool ConflictsController::keepCurrent(const QString &conflictId)
{
    return finish(conflictId, int(Conflicts::Choice::KeepCurrent), {});
}

bool ConflictsController::takeOther(const QString &conflictId)
{
    return finish(conflictId, int(Conflicts::Choice::TakeLost), {});
}

bool ConflictsController::useValue(const QString &conflictId, const QString &text)
{
    if (!store())
        return false;
    const auto c = store()->get(QStringLiteral("conflict"), conflictId);
    const EntitySpec *spec = c ? Schema::instance().entity(c->text(QStringLiteral("entity"))) : nullptr;
    const FieldSpec *f = spec ? spec->field(c->text(QStringLiteral("field"))) : nullptr;
    if (!f)
        return finish(conflictId, int(Conflicts::Choice::Custom), text);
    QVariant value = text;
    if (f->type == FieldType::Date && !text.trimmed().isEmpty()) {
        const QDate date = Formatter::parseDate(text);
        if (!date.isValid()) {
            m_error = tr("Skriv datoen som dd.mm.åååå.");
            Q_EMIT errorChanged();
            return false;
        }
        value = validation::formatDate(date);
    }
    const auto normalized = Schema::normalize(*f, value);
    if (!normalized) {
        m_error = normalized.error().message;
        Q_EMIT errorChanged();
        return false;
    }
    return finish(conflictId, int(Conflicts::Choice::Custom), normalized.value());
}

bool ConflictsController::finish(const QString &conflictId, int choice, const QVariant &value)
{
    if (!store())
        return false;
    const Status s = Conflicts(*store()).resolve(conflictId, Conflicts::Choice(choice), value);
    m_error = s.ok() ? QString() : s.errorString();
    Q_EMIT errorChanged();
    return s.ok();
}
