#pragma once

#include "syncapi.h"

#include <QString>

namespace feltnotat::server {

// Which pool of worker threads a request runs in (RequestDispatcher).
enum class WorkerKind {
    Api, // sync and office routes: one database connection per worker
    Login, // POST /v1/login: Argon2id, in a pool of its own so a login flood never stalls syncing
    Health, // GET /healthz: its own worker, so it answers while the others are busy
};

// What the HTTP layer knows about a request from its head alone, before it reads or unpacks a
// byte of the body: the route, its pool, the largest body it takes, whether a device token must be
// checked first, or the answer that refuses it at once (404, 405, 426, 401 without a token).
//
// Adding a route: give it a line in routePolicy() (method, path, body limit, pool, token or not)
// and handle it where its module handles requests (SyncApi::route for /v1/, OfficeApi for the
// office modules). The handler runs on a worker thread with that worker's own SqlBackend; it must
// not touch objects of other threads (the HlcClock and Metrics are thread-safe).
struct RoutePolicy
{
    QString route; // for the access log: the route, never the raw path
    WorkerKind worker = WorkerKind::Api;
    qint64 maxBodyBytes = 0; // on the wire and after gzip
    bool deviceToken = false; // checked (on a worker) before the body is read
    int refuseStatus = 0; // non-zero: answer `refusal` without reading the body
    ApiResponse refusal;

    static constexpr qint64 LoginBodyBytes = 4 * 1024;
    static constexpr qint64 OfficeBodyBytes = 64 * 1024;
};

RoutePolicy routePolicy(const ApiRequest &head);

} // namespace feltnotat::server
