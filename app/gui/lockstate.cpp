#include "lockstate.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using feltnotat::Status;

namespace {
const QString Failed = QStringLiteral("failed_pins");
const QString Unsent = QStringLiteral("unsent_changes");
const QString Language = QStringLiteral("language");
} // namespace

LockState::LockState(const QString &dataDir)
    : m_path(QDir(dataDir).filePath(QStringLiteral("lock.json")))
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return;
    const QJsonObject o = QJsonDocument::fromJson(file.readAll()).object();
    m_failed = std::max(0, o.value(Failed).toInt());
    m_unsent = std::max(0, o.value(Unsent).toInt());
    const QString language = o.value(Language).toString();
    if (language == u"nb" || language == u"en")
        m_language = language;
}

Status LockState::setFailedAttempts(int count)
{
    if (count == m_failed)
        return Status::success();
    m_failed = count;
    return save();
}

Status LockState::setUnsentChanges(int count)
{
    if (count == m_unsent)
        return Status::success();
    m_unsent = count;
    return save();
}

Status LockState::setLanguage(const QString &language)
{
    if (language == m_language)
        return Status::success();
    m_language = language;
    return save();
}

void LockState::remove()
{
    m_failed = 0;
    m_unsent = 0;
    if (!m_path.isEmpty())
        QFile::remove(m_path);
}

Status LockState::save() const
{
    if (m_path.isEmpty())
        return Status::success();
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly))
        return feltnotat::makeError(
            feltnotat::ErrorCode::Internal, QStringLiteral("cannot write the lock state"));
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QJsonObject o {{Failed, m_failed}, {Unsent, m_unsent}};
    if (!m_language.isEmpty())
        o.insert(Language, m_language);
    file.write(QJsonDocument(o).toJson(QJsonDocument::Compact));
    if (!file.commit())
        return feltnotat::makeError(
            feltnotat::ErrorCode::Internal, QStringLiteral("cannot write the lock state"));
    return Status::success();
}
