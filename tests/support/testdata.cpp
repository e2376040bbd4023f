#include "testdata.h"

#include "core/validation.h"

#include <QTimeZone>

namespace testdata {

QDateTime fixedNow()
{
    return QDateTime(QDate(2026, 11, 23), QTime(10, 0), QTimeZone("Europe/Oslo"));
}

TestStore::TestStore(const QString &user, const QString &team)
{
    reopen();
    if (store)
        (void)store->setIdentity({user, team, QStringLiteral("Test User")});
}

bool TestStore::reopen()
{
    store.reset();
    feltnotat::StoreOptions options;
    options.clock = &clock;
    auto opened = feltnotat::Store::open(path(), options);
    if (!opened)
        return false;
    store = std::move(opened).value();
    return true;
}

QVariantHash participant(const QString &name)
{
    return {{QStringLiteral("name"), name}, {QStringLiteral("stage"), QStringLiteral("job_search")}};
}

QVariantHash employer(const QString &name, const QString &orgNumber)
{
    return {{QStringLiteral("name"), name}, {QStringLiteral("org_number"), orgNumber}};
}

QVariantHash encounter(const QString &participantId, const QDateTime &startsAt, const QString &note)
{
    return {{QStringLiteral("participant_id"), participantId},
            {QStringLiteral("starts_at"), feltnotat::validation::formatDateTime(startsAt)},
            {QStringLiteral("note"), note},
            {QStringLiteral("kind"), QStringLiteral("participant_follow_up")}};
}

} // namespace testdata
