#pragma once

#include <QtGlobal>

#include <sodium.h>

namespace feltnotat::server {

// libsodium must be initialised before its random numbers are used; without them the server
// cannot issue tokens safely, so failing here ends the process.
inline void ensureCrypto()
{
    static const bool ok = sodium_init() >= 0;
    if (!ok)
        qFatal("libsodium could not be initialised");
}

} // namespace feltnotat::server
