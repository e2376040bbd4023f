#include "appcontext.h"

#include "core/conflicts.h"
#include "core/demodata.h"
#include "core/storequeries.h"
#include "formatter.h"
#include "guilogging.h"
#include "syncstatus.h"

#include <QCoreApplication>
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
}

AppContext::~AppContext()
{
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
    const auto rows
        = StoreQueries(m_session->store()).select(entity, {}, {}, QStringLiteral("name COLLATE NOCASE"), 1);
    return rows.isEmpty() ? QString() : rows.first().id;
}

void AppContext::setEngine(QQmlEngine *engine)
{
    m_engine = engine;
}

Status AppContext::open()
{
    Session::Options options;
    options.dataDir = m_options.dataDir;
    options.keyStore = m_options.keyStore;
    options.clock = m_options.clock;
    options.watchNetwork = m_options.watchNetwork;
    auto session = Session::open(options);
    if (!session)
        return session.error();
    m_session = std::move(session).value();
    attachSession();
    const QString saved = m_session->store().meta(MetaLanguage);
    if (!saved.isEmpty() && saved != m_language) {
        m_language = saved;
        applyLanguage();
    }
    if (m_session->isLoggedIn() && m_options.autoSync)
        m_session->sync().start();
    return Status::success();
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
    m_syncStatus->setEngine(&m_session->sync());
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
    applyLanguage();
}

void AppContext::applyLanguage()
{
    QCoreApplication::removeTranslator(&m_translator);
    if (m_language == u"en") {
        if (m_translator.load(QStringLiteral(":/i18n/feltnotat_en.qm")))
            QCoreApplication::installTranslator(&m_translator);
        else
            qCWarning(lcGui) << "English translation missing from the resources";
    }
    if (m_engine)
        m_engine->retranslate();
    Q_EMIT languageChanged();
}

Status AppContext::logOutAndRemoveData()
{
    if (!m_session)
        return Status::success();
    m_session->logout();
    const QString dir = m_session->dataDir();
    m_options.offlineDemo = false;
    m_syncStatus->setEngine(nullptr);
    m_session.reset();
    const Status removed = Session::removeData(dir, m_options.keyStore);
    const Status reopened = open();
    Q_EMIT sessionChanged();
    Q_EMIT signedInChanged();
    if (!removed)
        return removed;
    return reopened;
}
