#include "filekeystore.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSaveFile>

#include <sys/stat.h>

namespace feltnotat {

FileKeyStore::FileKeyStore(QString folder)
    : m_folder(std::move(folder))
{ }

Result<QString> FileKeyStore::pathFor(const QString &key) const
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_.-]{1,64}$"));
    if (!safe.match(key).hasMatch() || key.startsWith(u'.'))
        return makeError(ErrorCode::Invalid, QStringLiteral("invalid secret name"));
    return QDir(m_folder).filePath(key);
}

Result<QString> FileKeyStore::read(const QString &key)
{
    auto path = pathFor(key);
    if (!path)
        return path.error();
    QFile file(path.value());
    if (!file.exists())
        return makeError(ErrorCode::NotFound, QStringLiteral("no stored secret"));
    // Refuse secrets that others can read: somebody changed the permissions behind our back.
    if (file.permissions()
        & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup
            | QFileDevice::WriteOther))
        return makeError(
            ErrorCode::Forbidden, QStringLiteral("secret file is readable by others; refusing to use it"));
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Internal, QStringLiteral("cannot read secret file"));
    return QString::fromUtf8(file.readAll());
}

Status FileKeyStore::write(const QString &key, const QString &secret)
{
    auto path = pathFor(key);
    if (!path)
        return path.error();
    QDir dir(m_folder);
    if (!dir.exists() && !QDir().mkpath(m_folder))
        return makeError(ErrorCode::Internal, QStringLiteral("cannot create secret folder"));
    ::chmod(QFile::encodeName(m_folder).constData(), 0700);
    // The temporary file gets owner-only permissions before any byte of the secret is written.
    const mode_t old = ::umask(077);
    QSaveFile file(path.value());
    const bool opened = file.open(QIODevice::WriteOnly);
    ::umask(old);
    if (!opened)
        return makeError(ErrorCode::Internal, QStringLiteral("cannot write secret file"));
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(secret.toUtf8());
    if (!file.commit())
        return makeError(ErrorCode::Internal, QStringLiteral("cannot write secret file"));
    QFile::setPermissions(path.value(), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return Status::success();
}

Status FileKeyStore::remove(const QString &key)
{
    auto path = pathFor(key);
    if (!path)
        return path.error();
    if (QFile::exists(path.value()) && !QFile::remove(path.value()))
        return makeError(ErrorCode::Internal, QStringLiteral("cannot remove secret file"));
    return Status::success();
}

QString FileKeyStore::describe() const
{
    return QStringLiteral("file (owner-only) in ") + m_folder;
}

} // namespace feltnotat
