#pragma once

#include "app/common/session.h"
#include "contactlock.h"
#include "lockstate.h"
#include "platform/biometricunlock.h"
#include "platform/screenprivacy.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <QTranslator>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <functional>
#include <memory>
#include <optional>

class QQmlEngine;
class QJSEngine;
#include "syncstatus.h"

// The running app as QML sees it (singleton "App"): owns the Session (store, key store, sync engine),
// tells whether the user is signed in, switches the UI language, and turns the store's change
// signals into one coalesced dataChanged() the models and controllers reload on. main.cpp and the
// test setups create it and hand it to the engine with setInstance() before loading QML.
class AppContext : public QObject
{
    Q_OBJECT
    QML_NAMED_ELEMENT(App)
    QML_SINGLETON
    Q_PROPERTY(bool signedIn READ signedIn NOTIFY signedInChanged)
    Q_PROPERTY(bool demo READ isDemo NOTIFY signedInChanged)
    Q_PROPERTY(SyncStatus *sync READ syncStatus CONSTANT)
    Q_PROPERTY(QString userName READ userName NOTIFY signedInChanged)
    Q_PROPERTY(QString userId READ userId NOTIFY signedInChanged)
    Q_PROPERTY(QString serverUrl READ serverUrl NOTIFY signedInChanged)
    Q_PROPERTY(QString prefillServer READ prefillServer NOTIFY signedInChanged)
    Q_PROPERTY(QString prefillUser READ prefillUser NOTIFY signedInChanged)
    Q_PROPERTY(QString signedOutReason READ signedOutReason NOTIFY signedInChanged)
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged)
    // The app lock (docs/architecture.md, "App lock"): while locked the store is closed, its key wiped
    // and sync stopped; the window shows only the lock screen.
    Q_PROPERTY(bool locked READ isLocked NOTIFY lockedChanged)
    Q_PROPERTY(bool lockEnabled READ lockEnabled CONSTANT)
    Q_PROPERTY(bool pinChosen READ pinChosen NOTIFY lockChanged)
    Q_PROPERTY(bool hasPlainData READ hasPlainData NOTIFY lockChanged)
    Q_PROPERTY(int pinAttemptsLeft READ pinAttemptsLeft NOTIFY lockChanged)
    Q_PROPERTY(int unsentAtLock READ unsentAtLock NOTIFY lockChanged)
    Q_PROPERTY(QString lockError READ lockError NOTIFY lockChanged)
    Q_PROPERTY(QString lockNotice READ lockNotice NOTIFY lockChanged)
    Q_PROPERTY(bool biometricReady READ biometricReady NOTIFY lockChanged)
    // Whether the platform offers biometric unlock at all (the switch in Innstillinger shows then).
    Q_PROPERTY(bool biometricAvailable READ biometricAvailable NOTIFY lockChanged)
    // The offline policy (contactlock.h): no server contact for 72 hours shows only the lock screen,
    // with the reason, until a sync gets through; the store stays open so sync can run.
    Q_PROPERTY(bool contactLocked READ contactLocked NOTIFY contactLockChanged)
    Q_PROPERTY(QString contactLockReason READ contactLockReason NOTIFY contactLockChanged)
    Q_PROPERTY(int idleLockMinutes READ idleLockMinutes WRITE setIdleLockMinutes NOTIFY idleLockChanged)
    // The longest idle time the server allows (its device policy), 0 when it sets none.
    Q_PROPERTY(int idleLockPolicy READ idleLockPolicy NOTIFY idleLockChanged)

public:
    struct Options
    {
        QString dataDir;
        feltnotat::KeyStore::Kind keyStore = feltnotat::KeyStore::Kind::Auto;
        const feltnotat::Clock *clock = nullptr; // the system clock unless a test injects one
        bool watchNetwork = true;
        bool autoSync = true; // start the sync engine when signed in
        bool offlineDemo = false; // demo data without a server: treat as signed in
        QString prefillServer;
        QString prefillUser;
        QByteArray pin; // unlocks the encrypted store at start (--pin-file)
        // The app lock: a PIN chosen at first start, the app opens locked and locks after idle time
        // and in the background. Off: a plain store unless `pin` is given (tests, --self-test).
        bool appLock = false;
        feltnotat::KdfParams kdf
            = feltnotat::KdfParams::standard(); // Argon2id cost of a new PIN (tests: cheap)
        int idleLockMs = 0; // idle time before locking; 0: the setting (idleLockMinutes, default 5)
        int maxPinAttempts = 10; // wrong PINs in a row before the local data is wiped
        // Platform hooks (platform/): FLAG_SECURE and biometric unlock. Null: the desktop no-ops.
        std::shared_ptr<feltnotat::ScreenPrivacy> screenPrivacy;
        std::shared_ptr<feltnotat::BiometricUnlock> biometric;
    };

    explicit AppContext(Options options, QObject *parent = nullptr);
    ~AppContext() override;

    feltnotat::Status open();
    // Fills an empty store with the synthetic demo data set; a store that has records is left alone.
    feltnotat::Status loadDemoData(int scale = 1);

    // The QML singleton factory: returns the instance given to setInstance() (C++ keeps ownership).
    static AppContext *create(QQmlEngine *engine, QJSEngine *);
    static void setInstance(AppContext *instance);
    static AppContext *instance();

    feltnotat::Session *session() const { return m_session.get(); }
    feltnotat::Store *store() const { return m_session ? &m_session->store() : nullptr; }
    SyncStatus *syncStatus() const { return m_syncStatus; }
    QDateTime now() const;
    QDate today() const;
    QString userId() const;

    bool signedIn() const;
    bool isDemo() const { return m_options.offlineDemo; }
    QString userName() const;
    QString serverUrl() const;
    // The server and login name for the login form: given on the command line, else the last login's.
    QString prefillServer() const;
    QString prefillUser() const;
    // Why the user has to log in again (revoked device, disabled account, expired login), as a
    // sentence for the login page; empty on a first login.
    QString signedOutReason() const;
    QString language() const { return m_language; }
    void setLanguage(const QString &language);
    void setEngine(QQmlEngine *engine);

    // Logs out (revoking the token on the server, best effort), removes the local database and
    // secrets, and opens an empty store so the login page can start again.
    feltnotat::Status logOutAndRemoveData();
    // For the settings page: logs out and removes local data; false with lastError() on failure.
    Q_INVOKABLE bool logOut();
    // Carries out the server's wipe order (device_wipe): key and files destroyed, unsent changes
    // included, then an empty store for the login page, which says why.
    feltnotat::Status carryOutWipe();
    QString lastError() const { return m_lastError; }

    bool isLocked() const { return m_locked; }
    bool lockEnabled() const { return m_options.appLock; }
    // False until the first PIN is chosen (the lock screen then asks for a new one).
    bool pinChosen() const;
    // True when a plain store of an earlier version waits to be encrypted with the new PIN.
    bool hasPlainData() const;
    int pinAttemptsLeft() const;
    // The changes not yet sent when the app last locked (the warning before a wipe).
    int unsentAtLock() const;
    bool contactLocked() const { return m_contactLock.isLocked(); }
    QString contactLockReason() const { return m_contactLock.reason(); }
    // Checks the offline policy now (it also runs after every sync and once a minute; tests).
    void checkContact() { m_contactLock.check(); }
    QString lockError() const { return m_lockError; }
    QString lockNotice() const { return m_lockNotice; }
    int idleLockMinutes() const;
    int idleLockPolicy() const;
    // Replaces the idle time of the setting (Options::idleLockMs; tests), restarting the count.
    void setIdleLockMs(int ms);
    void setIdleLockMinutes(int minutes);
    // Why `pin` cannot be chosen (core/pinpolicy.h), as a sentence; empty when it can.
    Q_INVOKABLE QString pinProblem(const QString &pin) const;
    // First start: creates the store's key with the PIN (encrypting a plain store) and unlocks.
    Q_INVOKABLE bool choosePin(const QString &pin, const QString &confirmation);
    // Opens the store with the PIN. After maxPinAttempts wrong PINs in a row the local data is wiped.
    Q_INVOKABLE bool unlock(const QString &pin);
    // Closes the store (its key is wiped) and stops sync; the window shows the lock screen.
    Q_INVOKABLE void lock();
    // Biometric unlock (platform/biometricunlock.h): ready when the platform has it and a PIN was
    // sealed with enableBiometricUnlock(). The released PIN goes through unlock() like a typed one.
    bool biometricReady() const;
    Q_INVOKABLE void unlockWithBiometrics();
    // Seals the PIN behind the platform's biometric check after checking it; why not, or empty.
    Q_INVOKABLE QString enableBiometricUnlock(const QString &pin);
    bool biometricAvailable() const { return m_options.biometric->available(); }
    // Forgets the sealed PIN: only the typed PIN unlocks again.
    Q_INVOKABLE void disableBiometricUnlock();
    // "Bytt PIN-kode": checks the current PIN (a wrong one counts towards the wipe), then wraps the
    // data key under the new one. Why it was refused, as a sentence; empty when the PIN was changed.
    Q_INVOKABLE QString changePin(const QString &current, const QString &newPin, const QString &confirmation);
    // "Fredag 14.03.2025 · uke 11" for the page headers.
    Q_INVOKABLE QString todayText() const;
    // Today plus `days` as dd.MM.yyyy, for the date shortcuts of the forms.
    Q_INVOKABLE QString dateFromToday(int days) const;
    // Whose a record is, for the team's views: "Meg", a colleague's name from the team directory,
    // or "En kollega" while the directory does not know the user.
    QString whoseText(const QString &userId) const;
    // The colleagues work can be assigned to (active members of the team directory, me included).
    QList<feltnotat::TeamDirectory::Member> assignableMembers() const;
    // The assignable members as [{value: id, label}] for a picker ("Meg (name)" first is me); `current`
    // is kept as a choice when it is someone no longer on the team.
    QVariantList assigneeChoices(const QString &current = {}) const;
    // The participant (or else employer) an encounter or task is about: {entity, id}.
    Q_INVOKABLE QVariantMap ownerOf(const QString &entity, const QString &id) const;
    // The first record of a type by name, for the screenshot tour; empty when there is none.
    Q_INVOKABLE QString firstRecordId(const QString &entity) const;
    // Calls `changed(entities, false)` with the record types that changed (local or pulled
    // writes) and `changed({}, true)` when the session was replaced; the connections end with
    // `receiver`.
    QList<QMetaObject::Connection> onChanges(
        QObject *receiver, const std::function<void(const QStringList &, bool)> &changed);
    // Deletes a record (a visit, a task) after the user confirmed; undoRemove() brings the last one
    // back: the same record (same id, its tasks still pointing at it), not a copy. Its id, or empty.
    Q_INVOKABLE bool removeRecord(const QString &entity, const QString &id);
    Q_INVOKABLE QString undoRemove();
    // The record of a type with exactly this name; empty when there is none.
    Q_INVOKABLE QString recordIdNamed(const QString &entity, const QString &name) const;

Q_SIGNALS:
    void signedInChanged();
    void languageChanged();
    // Records of these types changed (local or pulled); emitted once per event-loop turn.
    void dataChanged(const QStringList &entities);
    // The session was replaced (after log-out); anything holding query results reloads.
    void sessionChanged();
    void lockedChanged();
    void lockChanged(); // the lock screen's texts and counts
    void idleLockChanged();
    // The local data was destroyed (wrong PINs, the server's order, the offline policy, log-out):
    // whatever the window kept in memory for after the unlock goes too.
    void dataWiped();
    void contactLockChanged();

private:
    // Whether losing the focus (Qt::ApplicationInactive) locks: on phones, where it means the app
    // switcher; not on desktops, where it means another window was clicked.
    static constexpr bool lockWhenInactive()
    {
#if defined(Q_OS_ANDROID) || defined(Q_OS_IOS)
        return true;
#else
        return false;
#endif
    }

    void attachSession();
    void noteChanged(const QString &entity);
    void applyLanguage();
    feltnotat::Status openSession(const QByteArray &pin);
    void afterUnlock();
    void setLocked(bool locked);
    void wipeAfterWrongPins();
    // Destroys the key and the files of an open session (the server's order, the offline policy),
    // then opens an empty store for the login page, which says `why`.
    feltnotat::Status wipeOpenSession(const QString &why);
    QString newPinProblem(const QString &pin, const QString &confirmation) const;
    QString refusedPin();
    void restartIdleTimer();
    void applyIdleLockPolicy(); // after a sync or login: the server's minutes may have changed
    bool eventFilter(QObject *watched, QEvent *event) override;

    Options m_options;
    std::unique_ptr<feltnotat::Session> m_session;
    SyncStatus *m_syncStatus;
    QPointer<QQmlEngine> m_engine;
    QTranslator m_translator; // the app's strings (English; plural forms in Bokmål)
    QTranslator m_qtTranslator; // Qt's own strings in Bokmål (dialog buttons)
    QString m_language = QStringLiteral("nb");
    QString m_lastError;
    QString m_wipedNotice; // why the data on this device was destroyed (for the login page)
    QSet<QString> m_changed;
    struct Removed
    {
        QString entity;
        QString id;
        QVariantHash content; // the values before the delete (a deleted record keeps none)
        QHash<QString, QVariantHash> children; // a participant's: the records its delete took along
    };
    std::optional<Removed> m_removed;
    QTimer m_coalesce;
    QTimer m_idle; // locks after idle time; restarted by every key press, click and touch
    LockState m_lockState;
    ContactLock m_contactLock;
    bool m_locked = false;
    int m_idleMinutesApplied = 0;
    QString m_lockError;
    QString m_lockNotice;
};
