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

Result<std::unique_ptr<KeyStore>> KeyStore::create(Kind kind, const QString &folder, const QString &service)
{
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
