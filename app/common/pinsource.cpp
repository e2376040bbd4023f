#include "pinsource.h"

#include <QCoreApplication>
#include <QFile>

#include <sys/stat.h>
#include <unistd.h>

namespace feltnotat::pinsource {

namespace {

constexpr qint64 MaxLine = 256;

QString text(const char *sentence)
{
    return QCoreApplication::translate("PinSource", sentence);
}

Error unreadable(const QString &path)
{
    return makeError(ErrorCode::Invalid, text("Kan ikke lese PIN-filen %1.").arg(path));
}

Result<QByteArray> firstLine(QFile &file)
{
    QByteArray line = file.readLine(MaxLine);
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    if (line.isEmpty())
        return makeError(ErrorCode::Locked, text("Dataene er låst: PIN-koden er tom."));
    return line;
}

} // namespace

Result<QByteArray> fromFile(const QString &path)
{
    struct stat info
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return unreadable(path);
    if ((info.st_mode & (S_IRGRP | S_IROTH)) != 0)
        return makeError(ErrorCode::Invalid,
            text("Andre kan lese PIN-filen %1: gi bare eieren tilgang (chmod 600).").arg(path));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return unreadable(path);
    return firstLine(file);
}

Result<QByteArray> fromFd(const QString &fd)
{
    bool ok = false;
    const int number = fd.toInt(&ok);
    if (!ok || number < 0)
        return makeError(ErrorCode::Invalid, text("--pin-fd trenger nummeret til en fildeskriptor."));
    QFile file;
    if (!file.open(number, QIODevice::ReadOnly, QFileDevice::DontCloseHandle))
        return makeError(ErrorCode::Invalid, text("Kan ikke lese PIN-koden fra fildeskriptor %1.").arg(fd));
    return firstLine(file);
}

} // namespace feltnotat::pinsource
