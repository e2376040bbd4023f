#pragma once

#include "keystore.h"

namespace feltnotat {

// Secrets as files in <folder> (created 0700), each file 0600, written atomically.
class FileKeyStore final : public KeyStore
{
public:
    explicit FileKeyStore(QString folder);

    Result<QString> read(const QString &key) override;
    Status write(const QString &key, const QString &secret) override;
    Status remove(const QString &key) override;
    QString describe() const override;

private:
    Result<QString> pathFor(const QString &key) const;
    QString m_folder;
};

} // namespace feltnotat
