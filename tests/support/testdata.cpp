#include "testdata.h"

#include "core/validation.h"

#include <QTimeZone>

namespace testdata {

QDateTime fixedNow()
{
    return QDateTime(QDate(2026, 11, 23), QTime(10, 0), QTimeZone("Europe/Oslo"));
}

namespace {
std::shared_ptr<const feltnotat::SecretKey> &currentKey()
{
    static std::shared_ptr<const feltnotat::SecretKey> key = feltnotat::SecretKey::random();
    return key;
}
} // namespace

std::shared_ptr<const feltnotat::SecretKey> storeKey()
{
    return currentKey();
}

void setStoreKey(std::shared_ptr<const feltnotat::SecretKey> key)
{
    currentKey() = std::move(key);
}

feltnotat::StoreOptions storeOptions(const feltnotat::Clock *clock)
{
    feltnotat::StoreOptions options;
    options.clock = clock;
    options.key = storeKey();
    return options;
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
    auto opened = feltnotat::Store::open(path(), storeOptions(&clock));
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
        {QStringLiteral("note"), note}, {QStringLiteral("kind"), QStringLiteral("participant_follow_up")}};
}

namespace {

int digit(const QString &s, int i)
{
    return s.at(i).unicode() - u'0';
}

// MOD11 check digit for the first weights.size() digits of s; -1 when it would be 10.
int mod11(const QString &s, std::initializer_list<int> weights)
{
    int sum = 0;
    int i = 0;
    for (int w : weights)
        sum += digit(s, i++) * w;
    const int check = (11 - sum % 11) % 11;
    return check == 10 ? -1 : check;
}

} // namespace

QString syntheticBirthNumber(const QDate &birthDate, int individual)
{
    QString n = QStringLiteral("%1%2%3%4")
                    .arg(birthDate.day(), 2, 10, QLatin1Char('0'))
                    .arg(birthDate.month() + 80, 2, 10, QLatin1Char('0'))
                    .arg(birthDate.year() % 100, 2, 10, QLatin1Char('0'))
                    .arg(individual, 3, 10, QLatin1Char('0'));
    const int k1 = mod11(n, {3, 7, 6, 1, 8, 9, 4, 5, 2});
    if (k1 < 0)
        return {};
    n += QChar(u'0' + k1);
    const int k2 = mod11(n, {5, 4, 3, 2, 7, 6, 5, 4, 3, 2});
    if (k2 < 0)
        return {};
    return n + QChar(u'0' + k2);
}

QString firstSyntheticBirthNumber(const QDate &birthDate, int from)
{
    for (int i = from; i < 1000; ++i) {
        const QString n = syntheticBirthNumber(birthDate, i);
        if (!n.isEmpty())
            return n;
    }
    return {};
}

QString orgNumberFrom(const QString &eightDigits)
{
    const int check = mod11(eightDigits, {3, 2, 7, 6, 5, 4, 3, 2});
    return check < 0 ? QString() : eightDigits + QChar(u'0' + check);
}

} // namespace testdata
