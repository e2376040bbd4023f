#include "keychainkeystore.h"

#include <QEventLoop>
#include <qt6keychain/keychain.h>

namespace feltnotat {

namespace {

template<typename Job> Status runJob(Job &job)
{
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    job.setAutoDelete(false);
    job.start();
    loop.exec();
    if (job.error() == QKeychain::EntryNotFound)
        return makeError(ErrorCode::NotFound, QStringLiteral("no stored secret"));
    if (job.error() != QKeychain::NoError)
        return makeError(ErrorCode::Internal, QStringLiteral("secret service: ") + job.errorString());
    return Status::success();
}

} // namespace

KeychainKeyStore::KeychainKeyStore(QString service)
    : m_service(std::move(service))
{ }

Result<QString> KeychainKeyStore::read(const QString &key)
{
    QKeychain::ReadPasswordJob job(m_service);
    job.setKey(key);
    if (Status s = runJob(job); !s)
        return s.error();
    return job.textData();
}

Status KeychainKeyStore::write(const QString &key, const QString &secret)
{
    QKeychain::WritePasswordJob job(m_service);
    job.setKey(key);
    job.setTextData(secret);
    return runJob(job);
}

Status KeychainKeyStore::remove(const QString &key)
{
    QKeychain::DeletePasswordJob job(m_service);
    job.setKey(key);
    Status s = runJob(job);
    if (!s && s.error().code == ErrorCode::NotFound)
        return Status::success();
    return s;
}

QString KeychainKeyStore::describe() const
{
    return QStringLiteral("platform secret service");
}

} // namespace feltnotat
