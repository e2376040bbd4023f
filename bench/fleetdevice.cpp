#include "fleetdevice.h"

#include "benchutil.h"
#include "core/validation.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QUuid>

namespace feltnotat::bench::fleet {

QByteArray Device::pushBody(int changes, qint64 simulatedMs)
{
    QJsonArray mutations;
    const QString now = validation::formatDateTime(QDateTime::currentDateTimeUtc());
    const auto add = [&](const QString &entity, const QString &id, const QJsonObject &fields) {
        mutations.append(QJsonObject {{QStringLiteral("seq"), ++seq}, {QStringLiteral("entity"), entity},
            {QStringLiteral("id"), id}, {QStringLiteral("fields"), fields}});
    };
    const auto set = [&](QJsonObject &fields, const QString &name, const QJsonValue &value,
                         const QString &clock, const QString &base = {}) {
        QJsonArray change {value, clock};
        if (!base.isEmpty())
            change.append(base);
        fields.insert(name, change);
    };
    const auto created = [&](QJsonObject &fields, const QString &c) {
        set(fields, QStringLiteral("team"), teamId, c);
        set(fields, QStringLiteral("deleted"), false, c);
        set(fields, QStringLiteral("created_at"), now, c);
        set(fields, QStringLiteral("updated_at"), now, c);
        set(fields, QStringLiteral("created_by"), userId, c);
        set(fields, QStringLiteral("updated_by"), userId, c);
    };
    {
        const QString c = hlc.now().toString();
        QJsonObject f;
        set(f, QStringLiteral("name"), QStringLiteral("Flåte Deltaker %1-%2").arg(index).arg(seq + 1), c);
        set(f, QStringLiteral("stage"), QStringLiteral("engagement"), c);
        created(f, c);
        participant = QUuid::createUuid().toString(QUuid::WithoutBraces);
        add(QStringLiteral("participant"), participant, f);
    }
    const QDateTime meeting = QDateTime(QDate::currentDate().addDays(-1), QTime(0, 0), Qt::UTC)
                                  .addMSecs(DayStartMs + simulatedMs);
    for (int i = 1; i < changes; ++i) {
        const QString c = hlc.now().toString();
        const quint32 noteSeed = quint32(index) * 1000u + quint32(seq);
        QJsonObject f;
        if (i % 2 == 1 || encounters.empty()) {
            OwnEncounter e {QUuid::createUuid().toString(QUuid::WithoutBraces), c, c, c};
            set(f, QStringLiteral("participant_id"), participant, c);
            set(f, QStringLiteral("starts_at"), validation::formatDateTime(meeting.addSecs(-60 * i)), c);
            set(f, QStringLiteral("duration_minutes"), 45, c);
            set(f, QStringLiteral("kind"), QStringLiteral("participant_follow_up"), c);
            set(f, QStringLiteral("channel"), QStringLiteral("workplace"), c);
            set(f, QStringLiteral("status"), QStringLiteral("completed"), c);
            set(f, QStringLiteral("note"), syntheticNote(noteSeed), c);
            created(f, c);
            add(QStringLiteral("encounter"), e.id, f);
            encounters.push_back(e);
        } else {
            // An edit of one of the device's own encounters: a new note, with the clocks it replaces.
            OwnEncounter &e = encounters[size_t(QRandomGenerator::global()->bounded(int(encounters.size())))];
            set(f, QStringLiteral("note"), syntheticNote(noteSeed), c, e.noteClock);
            set(f, QStringLiteral("updated_at"), now, c, e.updatedAtClock);
            set(f, QStringLiteral("updated_by"), userId, c, e.updatedByClock);
            e.noteClock = e.updatedAtClock = e.updatedByClock = c;
            add(QStringLiteral("encounter"), e.id, f);
        }
    }
    return QJsonDocument(
        QJsonObject {{QStringLiteral("device_id"), deviceId}, {QStringLiteral("mutations"), mutations}})
        .toJson(QJsonDocument::Compact);
}

} // namespace feltnotat::bench::fleet
