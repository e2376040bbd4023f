#include "keystore.h"

#include "filekeystore.h"
#ifdef FELTNOTAT_HAVE_KEYCHAIN
#include "keychainkeystore.h"
#endif

namespace feltnotat {

bool KeyStore::keychainAvailable()
{
#ifdef FELTNOTAT_HAVE_KEYCHAIN
    return true; // whether a secret service answers is only known when a job runs
#else
    return false;
#endif
}

KeyStore::Kind KeyStore::resolve(Kind kind, const QString &service)
{
    if (kind != Kind::Auto)
        return kind;
#ifdef FELTNOTAT_HAVE_KEYCHAIN
#ifdef Q_OS_LINUX
    // Without a session bus QtKeychain cannot reach any secret service: skip the attempt.
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        return Kind::File;
#endif
    KeychainKeyStore probe(service);
    auto r = probe.read(QStringLiteral("probe"));
    if (r || r.error().code == ErrorCode::NotFound)
        return Kind::Keychain;
#else
    Q_UNUSED(service)
#endif
    return Kind::File;
}

Result<std::unique_ptr<KeyStore>> KeyStore::create(Kind kind, const QString &folder, const QString &service)
{
    if (kind == Kind::Auto)
        kind = resolve(kind, service);
    if (kind == Kind::File)
        return std::unique_ptr<KeyStore>(new FileKeyStore(folder));
#ifdef FELTNOTAT_HAVE_KEYCHAIN
    return std::unique_ptr<KeyStore>(new KeychainKeyStore(service));
#else
    Q_UNUSED(service)
    return makeError(ErrorCode::Internal, QStringLiteral("built without QtKeychain"));
#endif
}

} // namespace feltnotat
