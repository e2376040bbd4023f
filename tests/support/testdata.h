#pragma once

#include "core/clock.h"
#include "core/store.h"

#include <QTemporaryDir>

#include <memory>

// Synthetic test data and a store in a temporary folder. Names and numbers are made up.
namespace testdata {

// Valid organisation numbers (MOD11) that belong to no real company we rely on.
inline const QString OrgNumberA = QStringLiteral("123456785");
inline const QString OrgNumberB = QStringLiteral("701730496");

// A fixed "now" for tests: Monday 23 November 2026, 10:00 in Oslo.
QDateTime fixedNow();

// The key test stores are encrypted with (encryptedvfs.h): one random key per test process, so every
// test runs on encrypted stores as the app does. setStoreKey(nullptr) switches to plain files.
std::shared_ptr<const feltnotat::SecretKey> storeKey();
void setStoreKey(std::shared_ptr<const feltnotat::SecretKey> key);
// StoreOptions with that key.
feltnotat::StoreOptions storeOptions(const feltnotat::Clock *clock = nullptr);

// A store in its own temporary folder with a manual clock and a signed-in test user.
struct TestStore
{
    QTemporaryDir dir;
    feltnotat::ManualClock clock {fixedNow()};
    std::unique_ptr<feltnotat::Store> store;

    explicit TestStore(
        const QString &user = QStringLiteral("user-1"), const QString &team = QStringLiteral("team-a"));
    QString path() const { return dir.filePath(QStringLiteral("store.db")); }
    bool reopen();
};

QVariantHash participant(const QString &name);
QVariantHash employer(const QString &name, const QString &orgNumber = OrgNumberA);
QVariantHash encounter(const QString &participantId, const QDateTime &startsAt, const QString &note = {});

// A synthetic fødselsnummer for the given birth date: month + 80 marks a test number that is never
// issued to a person; the two check digits follow the published MOD11 rules. individual is 0..999;
// returns an empty string when that individual number gives check digit 10 (try the next one).
QString syntheticBirthNumber(const QDate &birthDate, int individual);
// The first valid synthetic fødselsnummer for the date, trying individual numbers from `from`.
QString firstSyntheticBirthNumber(const QDate &birthDate, int from = 0);
// A valid organisation number (MOD11) starting with the eight given digits, or empty when the check
// digit would be 10.
QString orgNumberFrom(const QString &eightDigits);

} // namespace testdata
