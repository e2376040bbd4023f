#include "metrics.h"

#include "core/clock.h"
#include "server/sqlbackend.h"

#include <QStringList>

namespace feltnotat::server {

namespace {

// Label values are routes and fixed words; escaped anyway as the format asks.
QByteArray label(const QString &value)
{
    QString v = value;
    v.replace(u'\\', QStringLiteral("\\\\"))
        .replace(u'"', QStringLiteral("\\\""))
        .replace(u'\n', QStringLiteral("\\n"));
    return v.toUtf8();
}

} // namespace

void Metrics::observe(const QString &route, int status, double seconds)
{
    std::lock_guard lock(m_mutex);
    Series &s = m_latency[route];
    ++s.count;
    s.sum += seconds;
    for (size_t i = 0; i < std::size(Buckets); ++i) {
        if (seconds <= Buckets[i])
            ++s.buckets[i];
    }
    ++m_requests[route + u'\t' + QString::number(status / 100) + QStringLiteral("xx")];
}

QByteArray Metrics::render(SqlBackend &db, const Clock &clock) const
{
    QByteArray out;
    {
        std::lock_guard lock(m_mutex);
        out += "# HELP feltnotat_http_requests_total HTTP requests answered, by route and status class.\n"
               "# TYPE feltnotat_http_requests_total counter\n";
        QStringList keys = m_requests.keys();
        keys.sort();
        for (const QString &key : std::as_const(keys)) {
            const QStringList parts = key.split(u'\t');
            out += "feltnotat_http_requests_total{route=\"" + label(parts.at(0)) + "\",status=\""
                + label(parts.at(1)) + "\"} " + QByteArray::number(m_requests.value(key)) + '\n';
        }
        out += "# HELP feltnotat_http_request_duration_seconds Time to answer a request, by route.\n"
               "# TYPE feltnotat_http_request_duration_seconds histogram\n";
        QStringList routes = m_latency.keys();
        routes.sort();
        for (const QString &route : std::as_const(routes)) {
            const Series &s = m_latency.value(route);
            const QByteArray r = label(route);
            for (size_t i = 0; i < std::size(Buckets); ++i)
                out += "feltnotat_http_request_duration_seconds_bucket{route=\"" + r + "\",le=\""
                    + QByteArray::number(Buckets[i]) + "\"} " + QByteArray::number(s.buckets[i]) + '\n';
            out += "feltnotat_http_request_duration_seconds_bucket{route=\"" + r + "\",le=\"+Inf\"} "
                + QByteArray::number(s.count) + '\n';
            out += "feltnotat_http_request_duration_seconds_sum{route=\"" + r + "\"} "
                + QByteArray::number(s.sum, 'g', 9) + '\n';
            out += "feltnotat_http_request_duration_seconds_count{route=\"" + r + "\"} "
                + QByteArray::number(s.count) + '\n';
        }
    }
    const qint64 now = clock.nowMs();
    auto probe = db.exec(QStringLiteral("SELECT 1"));
    out += "# HELP feltnotat_database_up 1 while the database answers.\n# TYPE feltnotat_database_up gauge\n"
           "feltnotat_database_up "
        + QByteArray(probe ? "1" : "0") + '\n';
    out += "# HELP feltnotat_database_connections Open database connections of this process, by use.\n"
           "# TYPE feltnotat_database_connections gauge\n"
           "feltnotat_database_connections{use=\"requests\"} 1\n"
           "feltnotat_database_connections{use=\"webhooks\"} 1\n";
    if (!probe)
        return out;
    // Sync lag as devices see it: how long ago each device last pushed or pulled.
    auto devices = db.exec(QStringLiteral("SELECT SUM(CASE WHEN last_seen_at >= ? THEN 1 ELSE 0 END), "
                                          "SUM(CASE WHEN last_seen_at >= ? THEN 1 ELSE 0 END), "
                                          "SUM(CASE WHEN last_seen_at >= ? THEN 1 ELSE 0 END), COUNT(*) "
                                          "FROM devices WHERE revoked_at IS NULL"),
        {now - 3600 * 1000LL, now - 24 * 3600 * 1000LL, now - 7 * 24 * 3600 * 1000LL});
    if (devices) {
        out += "# HELP feltnotat_devices_synced_within Active devices whose last sync is at most this old.\n"
               "# TYPE feltnotat_devices_synced_within gauge\n";
        const char *windows[] = {"1h", "24h", "7d"};
        for (int i = 0; i < 3; ++i)
            out += "feltnotat_devices_synced_within{window=\"" + QByteArray(windows[i]) + "\"} "
                + QByteArray::number(devices->at(0, i).toLongLong()) + '\n';
        out += "# HELP feltnotat_devices Active (not revoked) devices.\n# TYPE feltnotat_devices "
               "gauge\nfeltnotat_devices "
            + QByteArray::number(devices->at(0, 3).toLongLong()) + '\n';
    }
    // The office systems' lag: webhook events waiting and the age of the oldest.
    auto hooks
        = db.exec(QStringLiteral("SELECT client_id, SUM(CASE WHEN dead_at IS NULL THEN 1 ELSE 0 END), "
                                 "SUM(CASE WHEN dead_at IS NOT NULL THEN 1 ELSE 0 END), "
                                 "MIN(CASE WHEN dead_at IS NULL THEN created_at END) FROM webhook_events "
                                 "WHERE delivered_at IS NULL GROUP BY client_id ORDER BY client_id"));
    if (hooks) {
        out += "# HELP feltnotat_webhook_backlog Webhook events not delivered yet, by API client and state.\n"
               "# TYPE feltnotat_webhook_backlog gauge\n";
        QByteArray lag = "# HELP feltnotat_webhook_lag_seconds Age of the oldest pending webhook event.\n"
                         "# TYPE feltnotat_webhook_lag_seconds gauge\n";
        for (const QVariantList &row : hooks->rows) {
            const QByteArray client = label(row.at(0).toString());
            out += "feltnotat_webhook_backlog{client=\"" + client + "\",state=\"pending\"} "
                + QByteArray::number(row.at(1).toLongLong()) + '\n';
            out += "feltnotat_webhook_backlog{client=\"" + client + "\",state=\"dead\"} "
                + QByteArray::number(row.at(2).toLongLong()) + '\n';
            const qint64 oldest = row.at(3).isNull() ? now : row.at(3).toLongLong();
            lag += "feltnotat_webhook_lag_seconds{client=\"" + client + "\"} "
                + QByteArray::number(double(now - oldest) / 1000.0, 'f', 3) + '\n';
        }
        out += lag;
    }
    return out;
}

} // namespace feltnotat::server
