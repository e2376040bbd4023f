#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QString>

namespace feltnotat::pinsource {

// The PIN of the store for feltnotat-cli and the app's --pin-file, never from the command line
// itself (other users see it there). The first line of a file that only its owner may read…
Result<QByteArray> fromFile(const QString &path);
// …or the first line read from an open file descriptor (a pipe from a password manager).
Result<QByteArray> fromFd(const QString &fd);

} // namespace feltnotat::pinsource
