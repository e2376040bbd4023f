#include "session.h"

#include "devicekey.h"
#include "platform/filekeystore.h"
#include "sync/protocol.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHostAddress>

namespace feltnotat {

namespace {
const QString TokenKey = QStringLiteral("sync-token");
const QString MetaServer = QStringLiteral("server_url");
const QString MetaLogin = QStringLiteral("login_name");
const QString KeychainService = QStringLiteral("Feltnotat");

QString secretsDir(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("secrets"));
}
} // namespace

QString Session::databasePath(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("feltnotat.db"));
}

Result<std::unique_ptr<Session>> Session::open(const Options &options)
{
    if (options.dataDir.isEmpty())
        return makeError(ErrorCode::Invalid, QStringLiteral("no data folder given"));
    if (!QDir().mkpath(options.dataDir))
        return makeError(ErrorCode::Internal, QStringLiteral("cannot create the data folder"));
    QFile::setPermissions(
        options.dataDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    const KeyStore::Kind kind = KeyStore::resolve(options.keyStore, KeychainService);
    auto keyStore = KeyStore::create(kind, secretsDir(options.dataDir), KeychainService);
    if (!keyStore)
        return keyStore.error();
    KeyStore *platform = options.platformKeyStore ? options.platformKeyStore.get()
        : kind == KeyStore::Kind::Keychain        ? keyStore->get()
                                                  : nullptr;
    std::shared_ptr<SecretKey> dataKey;
    if (!options.pin.isEmpty() || devicekey::exists(options.dataDir)) {
        auto unlocked = devicekey::unlockOrCreate(options.dataDir, options.pin, platform, options.kdf);
        if (!unlocked)
            return unlocked.error();
        dataKey = std::move(unlocked).value();
    }
    StoreOptions storeOptions;
    storeOptions.clock = options.clock;
    storeOptions.key = dataKey;
    auto store = Store::open(databasePath(options.dataDir), storeOptions);
    if (!store)
        return store.error();
    // Personal data: the database and its WAL are for this user only.
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::setPermissions(
            databasePath(options.dataDir) + suffix, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    std::unique_ptr<Session> session(new Session(options, std::move(store).value(),
        std::move(keyStore).value(), kind, std::move(dataKey), options.platformKeyStore));
    // A wipe order learnt earlier, or too long without the server: the data goes before anyone reads it.
    const bool tooLong = session->contactWipeDue();
    if (session->wipeOrdered() || tooLong) {
        const QString why = tooLong
            ? QCoreApplication::translate("Session",
                "Enheten har ikke hatt kontakt med serveren på over %1 dager, så dataene på den er slettet. "
                "Logg inn på nytt.")
                  .arg(options.wipeAfterMs / (24 * 3600 * 1000))
            : QCoreApplication::translate("Session",
                "Administratoren har bedt om at data på enheten slettes. Dataene på den er slettet.");
        if (Status s = wipe(std::move(session)); !s)
            return s.error();
        return makeError(ErrorCode::Forbidden, why);
    }
    return session;
}

Status Session::wipe(std::unique_ptr<Session> session)
{
    const QString dataDir = session->m_dataDir;
    const std::shared_ptr<KeyStore> given = session->m_platformKeyStore;
    std::unique_ptr<KeyStore> keychain;
    if (!given && session->m_platformSecrets)
        keychain = std::move(session->m_keyStore); // the secret service holds the platform secret
    session.reset(); // the store is closed before its files go
    if (Status s = devicekey::shred(dataDir, given ? given.get() : keychain.get()); !s)
        return s;
    (void)FileKeyStore(secretsDir(dataDir)).remove(TokenKey);
    return Status::success();
}

namespace {
bool longerThan(const QDateTime &last, const Clock &clock, qint64 ms)
{
    return last.isValid() && last.msecsTo(clock.now()) > ms;
}
} // namespace

bool Session::contactOverdue() const
{
    return m_loggedIn && longerThan(m_sync->lastSuccess(), m_store->clock(), m_lockAfterMs);
}

bool Session::contactWipeDue() const
{
    return m_loggedIn && longerThan(m_sync->lastSuccess(), m_store->clock(), m_wipeAfterMs);
}

bool Session::isAllowedServer(const QUrl &server, bool allowPlainHttp)
{
    if (server.scheme() == u"https")
        return true;
    if (server.scheme() != u"http")
        return false;
    if (allowPlainHttp || server.host() == u"localhost")
        return true;
    const QHostAddress address(server.host());
    return !address.isNull() && address.isLoopback();
}

Result<QString> Session::readToken(const Options &options)
{
    auto token = m_keyStore->read(m_tokenKey);
    if (token || options.keyStore != KeyStore::Kind::Auto || m_tokenKey == TokenKey)
        return token;
    // A secret service came up since the token was written to the owner-only file: move it over.
    FileKeyStore file(secretsDir(m_dataDir));
    auto fromFile = file.read(TokenKey);
    if (fromFile && m_keyStore->write(m_tokenKey, fromFile.value()))
        (void)file.remove(TokenKey);
    return fromFile;
}

Session::Session(const Options &options, std::unique_ptr<Store> store, std::unique_ptr<KeyStore> keyStore,
    KeyStore::Kind keyKind, std::shared_ptr<SecretKey> dataKey, std::shared_ptr<KeyStore> platform)
    : m_dataDir(options.dataDir)
    , m_store(std::move(store))
    , m_keyStore(std::move(keyStore))
    , m_dataKey(std::move(dataKey))
    , m_platformKeyStore(std::move(platform))
    , m_platformSecrets(m_platformKeyStore          ? m_platformKeyStore.get()
              : keyKind == KeyStore::Kind::Keychain ? m_keyStore.get()
                                                    : nullptr)
    // The secret service is shared by every data folder of this user: one entry per device.
    , m_tokenKey(keyKind == KeyStore::Kind::Keychain ? TokenKey + u'-' + m_store->deviceId() : TokenKey)
    , m_allowPlainHttp(options.allowPlainHttp)
    , m_lockAfterMs(options.lockAfterMs)
    , m_wipeAfterMs(options.wipeAfterMs)
{
    m_client = std::make_unique<SyncClient>(&m_network);
    m_sync = std::make_unique<SyncEngine>(*m_store, *m_client, options.sync);
    m_team = std::make_unique<TeamDirectory>(*m_store, *m_client);
    connect(m_sync.get(), &SyncEngine::cycleFinished, m_team.get(), [this](bool ok) {
        if (ok)
            m_team->refreshIfStale();
    });
    if (options.watchNetwork) {
        m_reachability = new Reachability(this);
        connect(m_reachability, &Reachability::stateChanged, m_sync.get(),
            [this] { m_sync->setNetworkAvailable(m_reachability->mayBeOnline()); });
        m_sync->setNetworkAvailable(m_reachability->mayBeOnline());
    }
    connect(m_sync.get(), &SyncEngine::signedOut, this, [this](SyncEngine::SignOutReason reason) {
        // The server no longer accepts this token: behave as logged out and forget the dead token;
        // the data (unsent work included) stays until the user or the app decides otherwise.
        (void)m_keyStore->remove(m_tokenKey);
        m_client->setToken(QString());
        m_loggedIn = false;
        Q_EMIT loggedInChanged();
        Q_EMIT signedOut(reason);
    });
    const QUrl server(m_store->meta(MetaServer));
    auto token = readToken(options);
    // A device the server signed out stays signed out in every later process (the reason is in the meta).
    if (server.isValid() && !server.isEmpty() && token && !m_store->identity().isLocal()
        && m_sync->signOutReason() == SyncEngine::SignOutReason::None
        && isAllowedServer(server, m_allowPlainHttp)) {
        m_client->setServer(server);
        m_client->setToken(token.value());
        m_loggedIn = true;
    }
}

Session::~Session()
{
    m_team.reset();
    m_sync.reset(); // before the store it watches
}

bool Session::isLoggedIn() const
{
    return m_loggedIn;
}

QUrl Session::serverUrl() const
{
    return QUrl(m_store->meta(MetaServer));
}

QString Session::loginName() const
{
    return m_store->meta(MetaLogin);
}

LoginJob *Session::login(
    const QUrl &server, const QString &login, const QString &password, const QString &deviceName)
{
    if (!isAllowedServer(server, m_allowPlainHttp))
        return new LoginJob(this,
            QCoreApplication::translate("Session",
                "Serveren må ha en https://-adresse. Vanlig http er bare tillatt til denne maskinen."));
    m_client->setServer(server);
    protocol::LoginRequest request {login, password, m_store->deviceId(), deviceName};
    return new LoginJob(this, server, login, m_client->login(request));
}

Status Session::completeLogin(const QUrl &server, const QString &login, const QByteArray &responseBody)
{
    auto response = protocol::LoginResponse::parse(responseBody);
    if (!response)
        return response.error();
    const Identity current = m_store->identity();
    if (!current.isLocal() && current.userId != response->user.id)
        return makeError(ErrorCode::Conflict,
            QCoreApplication::translate(
                "Session", "Denne enheten har data for en annen bruker. Logg ut først."));
    if (Status s = m_keyStore->write(m_tokenKey, response->token); !s)
        return s;
    if (Status s = m_sync->clearSignOut(); !s)
        return s;
    if (Status s = m_store->setMeta(MetaServer, server.toString()); !s)
        return s;
    if (Status s = m_store->setMeta(MetaLogin, login); !s)
        return s;
    if (Status s = m_store->setIdentity({response->user.id, response->user.team, response->user.name}); !s)
        return s;
    if (Status s = m_store->adoptLocalRecords(); !s)
        return s;
    if (Status s = m_sync->storePolicy(response->policy); !s)
        return s;
    m_client->setToken(response->token);
    m_loggedIn = true;
    if (current.teamId != response->user.team)
        m_team->clear(); // a directory of another team (or none yet)
    m_team->refresh();
    Q_EMIT loggedInChanged();
    return Status::success();
}

void Session::logout()
{
    if (m_client->hasToken()) {
        ApiCall *call = m_client->logout();
        connect(call, &ApiCall::finished, call, &QObject::deleteLater);
    }
    m_sync->stop();
    (void)m_keyStore->remove(m_tokenKey);
    m_client->setToken(QString());
    m_loggedIn = false;
    Q_EMIT loggedInChanged();
}

Status Session::changePin(QByteArrayView newPin, const KdfParams &kdf)
{
    if (!m_dataKey)
        return makeError(ErrorCode::Conflict, QStringLiteral("the store is not encrypted"));
    return devicekey::changePin(m_dataDir, *m_dataKey, newPin, m_platformSecrets, kdf);
}

Status Session::checkPin(QByteArrayView pin) const
{
    if (!m_dataKey)
        return makeError(ErrorCode::Conflict, QStringLiteral("the store is not encrypted"));
    auto key = devicekey::unlockOrCreate(m_dataDir, pin, m_platformSecrets, KdfParams::standard());
    if (!key)
        return key.error();
    if (!key.value()->equals(*m_dataKey))
        return makeError(ErrorCode::Locked, QStringLiteral("the key file holds another key"));
    return Status::success();
}

Status Session::removeData(const QString &dataDir, KeyStore::Kind keyStore)
{
    std::unique_ptr<KeyStore> platform;
    if (KeyStore::resolve(keyStore, KeychainService) == KeyStore::Kind::Keychain) {
        if (auto created = KeyStore::create(KeyStore::Kind::Keychain, secretsDir(dataDir), KeychainService))
            platform = std::move(created).value();
    }
    if (Status s = devicekey::shred(dataDir, platform.get()); !s)
        return s;
    // The token file, whichever store was chosen (a keychain entry is removed by logout(), which
    // knows the device's key).
    (void)FileKeyStore(secretsDir(dataDir)).remove(TokenKey);
    return Status::success();
}

LoginJob::LoginJob(Session *session, const QString &refused)
    : QObject(session)
    , m_error(refused)
{
    // Finished at once, but after the caller has connected to finished().
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_finished = true;
            Q_EMIT finished();
        },
        Qt::QueuedConnection);
}

LoginJob::LoginJob(Session *session, const QUrl &server, const QString &login, ApiCall *call)
    : QObject(session)
    , m_call(call)
{
    connect(call, &ApiCall::finished, this, [this, session, server, login, call] {
        call->deleteLater();
        if (m_cancelled) {
            m_error = QCoreApplication::translate("Session", "Innloggingen ble avbrutt.");
        } else if (call->hasError()) {
            m_wrongCredentials = call->httpStatus() == 401;
            const auto refusal = SyncEngine::reasonFromCode(call->apiError().code);
            if (call->httpStatus() == 403 && refusal != SyncEngine::SignOutReason::TokenRejected)
                m_refusal = refusal;
            if (m_refusal == SyncEngine::SignOutReason::WipeOrdered)
                (void)session->sync().recordSignOut(m_refusal); // the order reaches the device either way
            m_error = m_refusal == SyncEngine::SignOutReason::UserDisabled
                ? QCoreApplication::translate("Session", "Brukeren er deaktivert. Kontakt administratoren.")
                : m_refusal == SyncEngine::SignOutReason::DeviceRevoked
                ? QCoreApplication::translate("Session", "Denne enheten er sperret av administratoren.")
                : m_refusal == SyncEngine::SignOutReason::WipeOrdered ? QCoreApplication::translate(
                      "Session", "Administratoren har bedt om at data på enheten slettes.")
                                                                      : failureText(*call, server);
        } else if (Status s = session->completeLogin(server, login, call->body()); !s) {
            m_error = s.error().code == ErrorCode::Conflict ? s.errorString()
                : s.error().code == ErrorCode::Internal || s.error().code == ErrorCode::Database
                ? QCoreApplication::translate("Session", "Fikk ikke lagret innloggingen på telefonen: %1")
                      .arg(s.errorString())
                : QCoreApplication::translate(
                    "Session", "Svaret fra serveren kunne ikke leses. Er det riktig adresse?");
        } else if (m_startsSync) {
            session->sync().start();
        }
        m_finished = true;
        Q_EMIT finished();
    });
}

void LoginJob::cancel()
{
    if (m_finished || !m_call)
        return;
    m_cancelled = true;
    m_call->abort();
}

QString LoginJob::failureText(const ApiCall &call, const QUrl &server)
{
    const int status = call.httpStatus();
    if (status == 0) {
        switch (call.networkError()) {
        case QNetworkReply::ConnectionRefusedError:
            return QCoreApplication::translate("Session",
                "Serveren tar ikke imot tilkoblinger på denne adressen. Sjekk adressen og portnummeret.");
        case QNetworkReply::HostNotFoundError:
            return QCoreApplication::translate("Session", "Fant ikke serveren «%1». Sjekk adressen.")
                .arg(server.host());
        case QNetworkReply::TimeoutError:
        case QNetworkReply::OperationCanceledError:
            return QCoreApplication::translate(
                "Session", "Serveren svarte ikke i tide. Sjekk adressen og nettet, og prøv igjen.");
        case QNetworkReply::SslHandshakeFailedError:
        case QNetworkReply::UnknownProxyError:
            return QCoreApplication::translate("Session",
                "Fikk ikke en sikker forbindelse (https) til serveren. Sjekk adressen, eller be IT-"
                "ansvarlig se på sertifikatet.");
        case QNetworkReply::RemoteHostClosedError:
            return QCoreApplication::translate("Session", "Serveren brøt forbindelsen. Prøv igjen om litt.");
        case QNetworkReply::NetworkSessionFailedError:
        case QNetworkReply::TemporaryNetworkFailureError:
        case QNetworkReply::BackgroundRequestNotAllowedError:
            return QCoreApplication::translate(
                "Session", "Telefonen har ikke nett akkurat nå. Prøv igjen når du har dekning.");
        default:
            return QCoreApplication::translate(
                "Session", "Fikk ikke kontakt med serveren. Sjekk adressen og nettet, og prøv igjen.");
        }
    }
    if (status == 401)
        return QCoreApplication::translate("Session", "Feil brukernavn eller passord.");
    if (status == 403)
        return QCoreApplication::translate(
            "Session", "Denne telefonen er registrert på en annen bruker. Be IT-ansvarlig om å fjerne den.");
    if (status == 429)
        return QCoreApplication::translate(
            "Session", "For mange mislykkede forsøk. Vent noen minutter og prøv igjen.");
    if (status == 426)
        return QCoreApplication::translate(
            "Session", "Appen er for gammel for denne serveren. Oppdater appen og prøv igjen.");
    if (status == 404 || status == 405)
        return QCoreApplication::translate(
            "Session", "Fant ingen Feltnotat-server på denne adressen. Sjekk adressen.");
    if (status >= 500)
        return QCoreApplication::translate("Session", "Serveren har en feil akkurat nå. Prøv igjen om litt.");
    return QCoreApplication::translate("Session", "Serveren avviste innloggingen (HTTP %1).").arg(status);
}

} // namespace feltnotat
