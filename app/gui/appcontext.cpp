#include "appcontext.h"

#include "core/conflicts.h"
#include "core/demodata.h"
#include "core/store.h"
#include "core/storequeries.h"
#include "formatter.h"
#include "guilogging.h"
#include "syncstatus.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QLocale>
#include <QQmlEngine>

using namespace feltnotat;

namespace {
// Handed over by main.cpp or a test setup before the engine first asks for the singleton.
QPointer<AppContext> s_instance;
const QString MetaLanguage = QStringLiteral("ui_language");
} // namespace

AppContext::AppContext(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_syncStatus(new SyncStatus(this))
{
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(0);
    connect(&m_coalesce, &QTimer::timeout, this, [this] {
        const QStringList entities(m_changed.begin(), m_changed.end());
        m_changed.clear();
        m_syncStatus->refresh();
        Q_EMIT dataChanged(entities);
    });
    if (!m_options.screenPrivacy)
        m_options.screenPrivacy = std::make_shared<DesktopScreenPrivacy>();
    if (!m_options.biometric)
        m_options.biometric = std::make_shared<NoBiometricUnlock>();
    // Screenshots and the app switcher's preview show nothing of the app (FLAG_SECURE on Android).
    if (m_options.appLock)
        m_options.screenPrivacy->setSecure(true);
    connect(&m_contactLock, &ContactLock::lockedChanged, this, &AppContext::contactLockChanged);
    connect(&m_contactLock, &ContactLock::wipeDue, this, [this] {
        // Not from inside the sync engine's signal: the session goes.
        QMetaObject::invokeMethod(
            this,
            [this] {
                const int days = m_session ? int(m_session->wipeAfterMs() / (24 * 3600 * 1000)) : 0;
                (void)wipeOpenSession(tr("Telefonen har ikke hatt kontakt med serveren på over %n dager, så "
                                         "dataene på den er slettet. Logg inn på nytt.",
                    "", days));
            },
            Qt::QueuedConnection);
    });
    m_idle.setSingleShot(true);
    connect(&m_idle, &QTimer::timeout, this, &AppContext::lock);
    if (m_options.appLock) {
        // Any key press, click or touch anywhere in the app counts as activity.
        QCoreApplication::instance()->installEventFilter(this);
        // Leaving the foreground (another app, the app switcher, the screen off) locks at once. On a phone
        // "inactive" is the app switcher showing the app's preview; on a desktop it is only another window
        // taking the focus, which the idle lock covers.
        connect(qGuiApp, &QGuiApplication::applicationStateChanged, this, [this](Qt::ApplicationState state) {
            if (state == Qt::ApplicationSuspended || state == Qt::ApplicationHidden
                || (state == Qt::ApplicationInactive && lockWhenInactive()))
                lock();
        });
    }
}

AppContext::~AppContext()
{
    if (m_session && m_options.appLock)
        (void)m_lockState.setUnsentChanges(int(m_session->sync().pendingCount()));
    m_syncStatus->setEngine(nullptr);
    if (s_instance == this)
        s_instance = nullptr;
}

AppContext *AppContext::create(QQmlEngine *engine, QJSEngine *)
{
    Q_ASSERT(s_instance);
    QJSEngine::setObjectOwnership(s_instance, QJSEngine::CppOwnership);
    s_instance->setEngine(engine);
    return s_instance;
}

void AppContext::setInstance(AppContext *instance)
{
    s_instance = instance;
}

AppContext *AppContext::instance()
{
    return s_instance;
}

bool AppContext::logOut()
{
    const Status s = logOutAndRemoveData();
    m_lastError = s.errorString();
    return s.ok();
}

QString AppContext::todayText() const
{
    const QDate d = today();
    QLocale locale(m_language == u"en" ? QLocale::English : QLocale::NorwegianBokmal, QLocale::Norway);
    QString day = locale.dayName(d.dayOfWeek());
    if (!day.isEmpty())
        day[0] = day[0].toUpper();
    return QString(day + u' ' + Formatter::date(d) + QStringLiteral(" · ") + Formatter::week(d));
}

QString AppContext::dateFromToday(int days) const
{
    return Formatter::date(today().addDays(days));
}

QVariantMap AppContext::ownerOf(const QString &entity, const QString &id) const
{
    if (!m_session)
        return {};
    const auto r = m_session->store().get(entity, id);
    if (!r)
        return {};
    for (const QString &owner : {QStringLiteral("participant"), QStringLiteral("employer")}) {
        const QString ownerId = r->text(owner + QStringLiteral("_id"));
        if (!ownerId.isEmpty())
            return {{QStringLiteral("entity"), owner}, {QStringLiteral("id"), ownerId}};
    }
    return {};
}

QString AppContext::firstRecordId(const QString &entity) const
{
    if (!m_session)
        return {};
    return StoreQueries(m_session->store()).firstId(entity);
}

QList<QMetaObject::Connection> AppContext::onChanges(
    QObject *receiver, const std::function<void(const QStringList &, bool)> &changed)
{
    return {connect(this, &AppContext::dataChanged, receiver,
                [changed](const QStringList &entities) { changed(entities, false); }),
        connect(this, &AppContext::sessionChanged, receiver, [changed] { changed({}, true); })};
}

bool AppContext::removeRecord(const QString &entity, const QString &id)
{
    if (!m_session)
        return false;
    Store &store = m_session->store();
    const auto before = store.get(entity, id);
    const QVariantHash content = before ? Store::contentOf(*before) : QVariantHash();
    // A participant's visits, tasks and employments go with it; the undo brings them back too.
    QHash<QString, QVariantHash> children;
    if (entity == u"participant") {
        for (const Record &child : store.childrenOf(id, false))
            children.insert(child.id, Store::contentOf(child));
    }
    const Status s = store.remove(entity, id);
    m_lastError = s.errorString();
    if (s)
        m_removed = Removed {entity, id, content, children};
    return s.ok();
}

QString AppContext::undoRemove()
{
    if (!m_session || !m_removed)
        return {};
    const auto restored = m_session->store().restore(
        m_removed->entity, m_removed->id, m_removed->content, m_removed->children);
    if (!restored) {
        m_lastError = restored.error().message;
        return {};
    }
    m_removed.reset();
    return restored->id;
}

QString AppContext::recordIdNamed(const QString &entity, const QString &name) const
{
    return m_session ? StoreQueries(m_session->store()).idByName(entity, name) : QString();
}

void AppContext::setEngine(QQmlEngine *engine)
{
    m_engine = engine;
}

Status AppContext::open()
{
    m_lockState = LockState(m_options.dataDir);
    if (m_options.appLock && m_options.pin.isEmpty()) {
        // Locked until the PIN is typed (or, on the first start, chosen): no store, no key, no sync.
        // The lock screen speaks the user's language (kept outside the store, in lock.json).
        if (!m_lockState.language().isEmpty())
            m_language = m_lockState.language();
        applyLanguage();
        if (!m_wipedNotice.isEmpty())
            m_lockNotice = m_wipedNotice;
        setLocked(true);
        Q_EMIT lockChanged();
        return Status::success();
    }
    if (Status s = openSession(m_options.pin); !s)
        return s;
    afterUnlock();
    return Status::success();
}

Status AppContext::openSession(const QByteArray &pin)
{
    Session::Options options;
    options.dataDir = m_options.dataDir;
    options.keyStore = m_options.keyStore;
    options.clock = m_options.clock;
    options.pin = pin;
    options.kdf = m_options.kdf;
    options.watchNetwork = m_options.watchNetwork;
    auto session = Session::open(options);
    if (!session && session.error().code == ErrorCode::Forbidden) {
        m_wipedNotice = session.error().message; // wiped on opening: start again with an empty folder
        Q_EMIT dataWiped();
        session = Session::open(options);
    }
    if (!session)
        return session.error();
    m_session = std::move(session).value();
    attachSession();
    const QString saved = m_session->store().meta(MetaLanguage);
    if (!saved.isEmpty())
        m_language = saved;
    if (m_options.appLock)
        (void)m_lockState.setLanguage(m_language);
    applyLanguage();
    return Status::success();
}

// Once a store is open (at start with a PIN or without the lock, or unlocked on the lock screen).
void AppContext::afterUnlock()
{
    const bool wasLocked = m_locked;
    m_lockError.clear();
    (void)m_lockState.setFailedAttempts(0);
    if (m_options.offlineDemo && wasLocked)
        (void)loadDemoData(); // a demo started locked gets its data once the store is open
    if (m_session->isLoggedIn() && m_options.autoSync)
        m_session->sync().start();
    if (wasLocked) { // before the window leaves the lock page, so the pages it opens load once
        Q_EMIT sessionChanged();
        Q_EMIT signedInChanged();
    }
    setLocked(false);
    m_idleMinutesApplied = idleLockMinutes();
    restartIdleTimer();
    Q_EMIT lockChanged();
    Q_EMIT idleLockChanged();
}

void AppContext::attachSession()
{
    Store &store = m_session->store();
    connect(&store, &Store::recordChanged, this, [this](const QString &entity) { noteChanged(entity); });
    connect(&store, &Store::remoteApplied, this, [this](const QStringList &entities) {
        for (const QString &e : entities)
            noteChanged(e);
        if (entities.isEmpty()) // a re-sync may have removed anything
            noteChanged(QStringLiteral("*"));
    });
    connect(m_session.get(), &Session::loggedInChanged, this, &AppContext::signedInChanged);
    // New names: every view that says whose something is reloads.
    connect(&m_session->team(), &TeamDirectory::changed, this, [this] {
        for (const char *entity : {"task", "encounter", "participant"})
            noteChanged(QString::fromLatin1(entity));
    });
    connect(m_session.get(), &Session::signedOut, this, [this](SyncEngine::SignOutReason reason) {
        if (reason == SyncEngine::SignOutReason::WipeOrdered) // after the sync engine's signal returns
            QMetaObject::invokeMethod(
                this, [this] { (void)carryOutWipe(); }, Qt::QueuedConnection);
    });
    m_syncStatus->setEngine(&m_session->sync());
    m_contactLock.setSession(m_session.get());
    // The server's idle-lock policy comes with logins and pulls.
    connect(&m_session->sync(), &SyncEngine::cycleFinished, this, &AppContext::applyIdleLockPolicy);
    connect(m_session.get(), &Session::loggedInChanged, this, &AppContext::applyIdleLockPolicy);
}

void AppContext::noteChanged(const QString &entity)
{
    m_changed.insert(entity);
    m_coalesce.start();
}

Status AppContext::loadDemoData(int scale)
{
    Store &store = m_session->store();
    if (StoreQueries(store).count(QStringLiteral("participant")) > 0)
        return Status::success();
    if (store.identity().isLocal()) {
        if (Status s = store.setIdentity(
                {QStringLiteral("demo-user"), QStringLiteral("demo-team"), QStringLiteral("Demo Bruker")});
            !s)
            return s;
    }
    if (Status s = feltnotat::loadDemoData(store, today(), Formatter::zone(), scale); !s)
        return s;
    if (!m_options.offlineDemo)
        return Status::success();
    // Without a server there is no team directory: a made-up colleague, so tasks can be handed over.
    if (Status s = m_session->team().setMembers({{store.identity().userId, userName(), true},
            {QStringLiteral("demo-colleague"), QStringLiteral("Kari Kollega"), true}});
        !s)
        return s;
    // Without a server nothing ever conflicts; one made-up conflict shows what the page looks like.
    const auto first
        = StoreQueries(store).select(QStringLiteral("participant"), {}, {}, QStringLiteral("name"), 1);
    if (first.isEmpty())
        return Status::success();
    const auto conflict = store.create(QStringLiteral("conflict"),
        {{QStringLiteral("entity"), QStringLiteral("participant")},
            {QStringLiteral("record_id"), first.first().id},
            {QStringLiteral("participant_id"), first.first().id},
            {QStringLiteral("field"), QStringLiteral("goals_short")},
            {QStringLiteral("kept_value"),
                Conflicts::encodeValue(first.first().text(QStringLiteral("goals_short")))},
            {QStringLiteral("lost_value"),
                Conflicts::encodeValue(QStringLiteral("Prøve ut lager eller logistikk i vår."))},
            {QStringLiteral("lost_by"), QStringLiteral("demo-colleague")},
            {QStringLiteral("status"), QStringLiteral("open")}});
    return conflict ? Status::success() : Status(conflict.error());
}

QDateTime AppContext::now() const
{
    return m_session ? m_session->store().clock().now() : QDateTime::currentDateTimeUtc();
}

QDate AppContext::today() const
{
    return now().toTimeZone(Formatter::zone()).date();
}

QString AppContext::userId() const
{
    return m_session ? m_session->store().identity().userId : QString();
}

QString AppContext::whoseText(const QString &userId) const
{
    if (userId == this->userId())
        return tr("Meg");
    const QString name = m_session ? m_session->team().nameOf(userId) : QString();
    return name.isEmpty() ? tr("En kollega") : name;
}

QList<TeamDirectory::Member> AppContext::assignableMembers() const
{
    QList<TeamDirectory::Member> out;
    if (!m_session)
        return out;
    for (const TeamDirectory::Member &m : m_session->team().members()) {
        if (m.active || m.id == userId())
            out << m;
    }
    if (!userId().isEmpty()
        && std::none_of(out.cbegin(), out.cend(), [this](const auto &m) { return m.id == userId(); }))
        out.prepend({userId(), userName(), true});
    return out;
}

QVariantList AppContext::assigneeChoices(const QString &current) const
{
    QVariantList choices;
    bool hasCurrent = current.isEmpty();
    for (const TeamDirectory::Member &m : assignableMembers()) {
        choices << QVariantMap {{QStringLiteral("value"), m.id},
            {QStringLiteral("label"), m.id == userId() ? tr("Meg (%1)").arg(m.name) : m.name}};
        hasCurrent = hasCurrent || m.id == current;
    }
    if (!hasCurrent) // someone no longer on the team (or not in the directory yet) keeps the task
        choices << QVariantMap {
            {QStringLiteral("value"), current}, {QStringLiteral("label"), whoseText(current)}};
    return choices;
}

bool AppContext::signedIn() const
{
    return m_session && (m_session->isLoggedIn() || m_options.offlineDemo);
}

QString AppContext::userName() const
{
    if (!m_session)
        return {};
    const Identity who = m_session->store().identity();
    return who.userName.isEmpty() ? who.userId : who.userName;
}

QString AppContext::prefillServer() const
{
    if (!m_options.prefillServer.isEmpty() || !m_session)
        return m_options.prefillServer;
    return m_session->serverUrl().toString();
}

QString AppContext::prefillUser() const
{
    if (!m_options.prefillUser.isEmpty() || !m_session)
        return m_options.prefillUser;
    return m_session->loginName();
}

QString AppContext::signedOutReason() const
{
    if (!m_session || m_session->isLoggedIn())
        return {};
    if (!m_wipedNotice.isEmpty() && m_session->signOutReason() == SyncEngine::SignOutReason::None)
        return m_wipedNotice;
    const QString kept = tr("Endringer som ikke er sendt, ligger fortsatt på telefonen.");
    switch (m_session->signOutReason()) {
    case SyncEngine::SignOutReason::None:
        return {};
    case SyncEngine::SignOutReason::DeviceRevoked:
        return tr("Denne telefonen er logget ut fra serveren (enheten ble sperret). Logg inn på nytt.") + u' '
            + kept;
    case SyncEngine::SignOutReason::UserDisabled:
        return tr("Brukerkontoen din er deaktivert. Snakk med lederen din.") + u' ' + kept;
    case SyncEngine::SignOutReason::TokenExpired:
        return tr("Innloggingen er utløpt. Logg inn på nytt for å synkronisere.") + u' ' + kept;
    case SyncEngine::SignOutReason::WipeOrdered:
        return tr("Administratoren har bedt om at dataene på telefonen slettes.");
    case SyncEngine::SignOutReason::TokenRejected:
        break;
    }
    return tr("Serveren godtar ikke lenger innloggingen på denne telefonen. Logg inn på nytt.") + u' ' + kept;
}

QString AppContext::serverUrl() const
{
    return m_session ? m_session->serverUrl().toString() : QString();
}

void AppContext::setLanguage(const QString &language)
{
    const QString lang = language == u"en" ? QStringLiteral("en") : QStringLiteral("nb");
    if (lang == m_language)
        return;
    m_language = lang;
    if (m_session)
        (void)m_session->store().setMeta(MetaLanguage, lang);
    if (m_options.appLock)
        (void)m_lockState.setLanguage(lang);
    applyLanguage();
}

void AppContext::applyLanguage()
{
    QCoreApplication::removeTranslator(&m_translator);
    QCoreApplication::removeTranslator(&m_qtTranslator);
    const bool english = m_language == u"en";
    if (m_translator.load(
            english ? QStringLiteral(":/i18n/feltnotat_en.qm") : QStringLiteral(":/i18n/feltnotat_nb.qm")))
        QCoreApplication::installTranslator(&m_translator);
    else
        qCWarning(lcGui) << "translation missing from the resources:" << m_language;
    if (!english) {
        if (m_qtTranslator.load(QStringLiteral(":/i18n/qt_nb.qm")))
            QCoreApplication::installTranslator(&m_qtTranslator);
        else
            qCWarning(lcGui) << "Bokmål translation of Qt's strings missing from the resources";
    }
    if (m_engine)
        m_engine->retranslate();
    m_syncStatus->refresh(); // its texts are C++ properties: re-read in the new language
    Q_EMIT languageChanged();
}

Status AppContext::carryOutWipe()
{
    return wipeOpenSession(tr("Administratoren har bedt om at dataene på telefonen slettes. De er slettet."));
}

Status AppContext::wipeOpenSession(const QString &why)
{
    if (!m_session)
        return Status::success();
    m_syncStatus->setEngine(nullptr);
    m_contactLock.setSession(nullptr);
    const Status wiped = Session::wipe(std::move(m_session));
    m_wipedNotice = why;
    Q_EMIT dataWiped();
    const Status reopened = open();
    Q_EMIT sessionChanged();
    Q_EMIT signedInChanged();
    return wiped ? reopened : wiped;
}

Status AppContext::logOutAndRemoveData()
{
    if (!m_session)
        return Status::success();
    m_session->logout();
    const QString dir = m_session->dataDir();
    m_options.offlineDemo = false;
    m_syncStatus->setEngine(nullptr);
    m_contactLock.setSession(nullptr);
    m_session.reset();
    const Status removed = Session::removeData(dir, m_options.keyStore);
    Q_EMIT dataWiped();
    const Status reopened = open();
    Q_EMIT sessionChanged();
    Q_EMIT signedInChanged();
    if (!removed)
        return removed;
    return reopened;
}
