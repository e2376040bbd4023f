#include "officeapi.h"

#include "apiclients.h"
#include "core/schema.h"
#include "odataservice.h"
#include "officefeed.h"
#include "reportcolumns.h"
#include "server/accounts.h"
#include "server/auditlog.h"
#include "server/feedcursor.h"
#include "server/logging.h"
#include "server/sqlbackend.h"
#include "skiptoken.h"
#include "sync/protocol.h"
#include "webhookqueue.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace feltnotat::server {

namespace {

const QByteArray ODataJson = QByteArrayLiteral("application/json;odata.metadata=minimal;charset=utf-8");

ApiResponse error(int status, const QString &code, const QString &message)
{
    return apiError(status, code, message);
}

ApiResponse fromError(const Error &e)
{
    return apiFromError(e.code == ErrorCode::Protocol ? makeError(ErrorCode::Invalid, e.message) : e);
}

ApiResponse json(const QByteArray &body, const QByteArray &type = QByteArrayLiteral("application/json"))
{
    ApiResponse r;
    r.body = body;
    r.contentType = type;
    return r;
}

} // namespace

OfficeApi::OfficeApi(SqlBackend &db, const Clock &clock, Options options)
    : m_db(db)
    , m_clock(clock)
    , m_options(options)
{ }

bool OfficeApi::owns(const QString &path)
{
    return path.startsWith(u"/office/") || path == u"/odata" || path.startsWith(u"/odata/");
}

QString OfficeApi::baseUrl(const ApiRequest &request) const
{
    QString scheme = QString::fromLatin1(request.header("x-forwarded-proto")).trimmed().toLower();
    if (scheme != u"https" && scheme != u"http")
        scheme = m_options.tls ? QStringLiteral("https") : QStringLiteral("http");
    QString host = QString::fromLatin1(request.header("host")).trimmed();
    // A Host header is echoed into links only when it looks like host[:port].
    if (host.isEmpty() || host.size() > 255 || std::any_of(host.begin(), host.end(), [](QChar c) {
            return !(c.isLetterOrNumber() || c == u'.' || c == u'-' || c == u':' || c == u'[' || c == u']');
        }))
        host = QStringLiteral("localhost");
    return scheme + QStringLiteral("://") + host;
}

ApiResponse OfficeApi::handle(const ApiRequest &original)
{
    // Form-encoded queries ("+" for a space, as curl --data-urlencode and many OData clients send
    // them): a literal plus arrives as %2B.
    ApiRequest request = original;
    request.query.setQuery(original.query.query(QUrl::FullyEncoded).replace(u'+', QStringLiteral("%20")));
    ApiResponse response = [&] {
        // Basic sends the secret as it is: only over TLS, or from this host (nginx in front).
        if (!request.secureTransport)
            return error(403, QStringLiteral("https_required"),
                QStringLiteral("API client credentials are accepted only over https"));
        ApiClients clients(m_db, m_clock);
        auto client = clients.authenticate(request.header("authorization"));
        if (!client)
            return fromError(client.error());
        if (!client.value()) {
            ApiResponse r = error(401, QStringLiteral("unauthorized"),
                QStringLiteral("HTTP Basic authentication with an API client id and secret is required"));
            r.addHeader("WWW-Authenticate", "Basic realm=\"Feltnotat\", charset=\"UTF-8\"");
            return r;
        }
        if (request.method != "GET")
            return error(405, QStringLiteral("method_not_allowed"), QStringLiteral("use GET"));
        const ApiClient &c = *client.value();
        const QString &path = request.path;
        ApiResponse r;
        if (path == u"/office/v1/teams")
            r = teams(c);
        else if (path == u"/office/v1/changes")
            r = changes(c, request);
        else if (path.startsWith(u"/office/v1/csv/"))
            r = csv(c, path.mid(15), request);
        else if (path == u"/office/v1/webhook")
            r = webhookStatus(c);
        else if (path == u"/office/v1/webhook/dead-letters")
            r = deadLetters(c, request);
        else if (path == u"/odata" || path.startsWith(u"/odata/"))
            r = odata(c, request);
        else
            r = error(404, QStringLiteral("not_found"), QStringLiteral("no such endpoint"));
        if (r.status == 200) {
            // Office reads are audited like device pulls: who, what kind, how much; never values.
            if (Status s
                = AuditLog(m_db, m_clock).record({{}, c.id, QStringLiteral("office-read"), {}, {}, 1});
                !s)
                return fromError(s.error());
        }
        return r;
    }();
    response.route = request.path.startsWith(u"/odata") ? QStringLiteral("/odata")
        : request.path.startsWith(u"/office/v1/csv/")   ? QStringLiteral("/office/v1/csv")
                                                        : request.path.left(40);
    response.addHeader("Cache-Control", "no-store");
    return response;
}

ApiResponse OfficeApi::teams(const ApiClient &client)
{
    Accounts accounts(m_db, m_clock);
    QJsonArray list;
    for (const QString &id : client.teamIds) {
        auto team = accounts.team(id);
        if (!team)
            return fromError(team.error());
        list.append(QJsonObject {{QStringLiteral("id"), team->id}, {QStringLiteral("name"), team->name}});
    }
    return json(QJsonDocument(QJsonObject {{QStringLiteral("teams"), list}}).toJson(QJsonDocument::Compact));
}

ApiResponse OfficeApi::changes(const ApiClient &client, const ApiRequest &request)
{
    QString team;
    QString cursorText;
    int limit = 1000;
    for (const auto &[key, value] : request.query.queryItems(QUrl::FullyDecoded)) {
        if (key == u"team") {
            team = value;
        } else if (key == u"cursor") {
            cursorText = value;
        } else if (key == u"limit") {
            bool ok = false;
            limit = value.toInt(&ok);
            if (!ok || limit < 1)
                return error(
                    400, QStringLiteral("invalid"), QStringLiteral("limit must be a positive integer"));
            limit = std::min(limit, 5000);
        } else {
            return error(400, QStringLiteral("invalid"), QStringLiteral("unknown query parameter"));
        }
    }
    if (team.isEmpty() && client.teamIds.size() == 1)
        team = client.teamIds.first();
    if (team.isEmpty())
        return error(400, QStringLiteral("invalid"),
            QStringLiteral("this client reads several teams: say which with team="));
    if (!client.teamIds.contains(team))
        return error(
            403, QStringLiteral("forbidden"), QStringLiteral("the team is not in this client's scope"));
    const auto cursor = FeedCursor::parse(cursorText);
    if (!cursor)
        return error(400, QStringLiteral("invalid"), QStringLiteral("malformed cursor"));
    OfficeFeed feed(m_db);
    auto page = feed.read(team, cursor->feedId, cursor->isStart() ? -1 : cursor->seq, limit, true);
    if (!page)
        return fromError(page.error());
    QJsonArray list;
    for (const FeedChange &c : std::as_const(page->changes)) {
        QJsonObject o {{QStringLiteral("position"), FeedCursor {page->feedId, c.seq}.toString()},
            {QStringLiteral("entity"), c.entity}, {QStringLiteral("id"), c.id},
            {QStringLiteral("kind"), FeedChange::kindName(c.kind)}};
        if (c.kind == FeedChange::Created || c.kind == FeedChange::Updated) {
            QJsonObject data = c.record.toJson();
            data.remove(QStringLiteral("id"));
            o.insert(QStringLiteral("data"), data);
        }
        list.append(o);
    }
    QJsonObject out {{QStringLiteral("team"), team}, {QStringLiteral("changes"), list},
        {QStringLiteral("cursor"),
            page->reset ? QString() : FeedCursor {page->feedId, page->next}.toString()},
        {QStringLiteral("more"), page->more}, {QStringLiteral("reset"), page->reset}};
    return json(QJsonDocument(out).toJson(QJsonDocument::Compact));
}

ApiResponse OfficeApi::csv(const ApiClient &client, const QString &entity, const ApiRequest &request)
{
    const EntitySpec *spec
        = ReportColumns::entities().contains(entity) ? Schema::instance().entity(entity) : nullptr;
    if (!spec)
        return error(404, QStringLiteral("not_found"), QStringLiteral("no such entity"));
    auto query = ODataQuery::parse(*spec, request.query, m_db.kind() == SqlBackend::Kind::Postgres);
    if (!query)
        return fromError(query.error());
    if (!query->skipToken.isEmpty())
        return error(400, QStringLiteral("invalid"), QStringLiteral("$skiptoken is for OData next links"));
    // The first page now (so a bad query is still a clean error), the rest as the client reads it.
    ODataService service(m_db, client.teamIds);
    auto rows = service.read(*spec, query.value(), ODataService::CsvPageSize);
    if (!rows)
        return fromError(rows.error());
    ApiResponse r = json(ODataService::csvHeader(rows.value()) + ODataService::csvLines(*spec, rows.value()),
        QByteArrayLiteral("text/csv; charset=utf-8; header=present"));
    if (rows->more)
        r.more = ODataService::csvRest(*spec, query.value(), rows.value(), client.teamIds);
    r.addHeader("Content-Disposition", "attachment; filename=\"" + entity.toLatin1() + ".csv\"");
    return r;
}

ApiResponse OfficeApi::odata(const ApiClient &client, const ApiRequest &request)
{
    const QString root = baseUrl(request) + QStringLiteral("/odata/");
    QString rest = request.path.mid(6); // after "/odata"
    if (rest.startsWith(u'/'))
        rest = rest.mid(1);
    ApiResponse r;
    if (rest.isEmpty()) {
        r = json(ODataService::serviceDocument(root), ODataJson);
    } else if (rest == u"$metadata") {
        r = json(ODataService::metadata(), QByteArrayLiteral("application/xml;charset=utf-8"));
    } else {
        const bool countOnly = rest.endsWith(u"/$count");
        const QString setName = countOnly ? rest.chopped(7) : rest;
        const EntitySpec *spec = ODataService::entityOfSet(setName);
        if (!spec)
            return error(404, QStringLiteral("not_found"), QStringLiteral("no such entity set"));
        auto query = ODataQuery::parse(*spec, request.query, m_db.kind() == SqlBackend::Kind::Postgres);
        if (!query)
            return fromError(query.error());
        if (!query->skipToken.isEmpty()) {
            auto after = SkipToken::decode(*spec, query.value(), query->skipToken, client.tokenKey);
            if (!after)
                return fromError(after.error());
            query.value().after = after.value();
        }
        ODataService service(m_db, client.teamIds);
        if (countOnly) {
            auto n = service.count(*spec, query.value());
            if (!n)
                return fromError(n.error());
            r = json(QByteArray::number(n.value()), QByteArrayLiteral("text/plain;charset=utf-8"));
        } else {
            // Prefer: odata.maxpagesize=N chooses a smaller or larger page, up to MaxPageSize.
            int pageSize = ODataService::DefaultPageSize;
            for (const QByteArray &part : request.header("prefer").split(',')) {
                const QByteArray p = part.trimmed();
                if (p.startsWith("odata.maxpagesize=")) {
                    bool ok = false;
                    const int n = p.mid(18).toInt(&ok);
                    if (ok && n > 0)
                        pageSize = std::min(n, int(ODataService::MaxPageSize));
                }
            }
            auto rows = service.read(*spec, query.value(), pageSize);
            if (!rows)
                return fromError(rows.error());
            QString next;
            if (rows->more) {
                // Keyset paging: the next page starts after this page's last row, so rows added or
                // removed meanwhile never shift a row past the client or show it twice. $skip is
                // used up by the first page; $top counts down.
                QUrlQuery q = request.query;
                q.removeAllQueryItems(QStringLiteral("$skip"));
                q.removeAllQueryItems(QStringLiteral("$top"));
                q.removeAllQueryItems(QStringLiteral("$skiptoken"));
                if (query->top >= 0)
                    q.addQueryItem(QStringLiteral("$top"), QString::number(query->top - rows->rows.size()));
                q.addQueryItem(QStringLiteral("$skiptoken"),
                    SkipToken::encode(*spec, query.value(), rows->lastKey, client.tokenKey));
                QUrl url(root + setName);
                url.setQuery(q);
                next = url.toString(QUrl::FullyEncoded);
            }
            QString context = root + QStringLiteral("$metadata#") + setName;
            if (!query->select.isEmpty())
                context += u'(' + query->select.join(u',') + u')';
            r = json(ODataService::toJson(*spec, rows.value(), context, next), ODataJson);
            if (pageSize != ODataService::DefaultPageSize)
                r.addHeader("Preference-Applied", "odata.maxpagesize=" + QByteArray::number(pageSize));
        }
    }
    r.addHeader("OData-Version", "4.0");
    return r;
}

ApiResponse OfficeApi::webhookStatus(const ApiClient &client)
{
    WebhookQueue queue(m_db, m_clock);
    auto status = queue.status(client.id);
    if (!status)
        return fromError(status.error());
    return json(QJsonDocument(status->toJson()).toJson(QJsonDocument::Compact));
}

ApiResponse OfficeApi::deadLetters(const ApiClient &client, const ApiRequest &request)
{
    int limit = 100;
    if (request.query.hasQueryItem(QStringLiteral("limit"))) {
        bool ok = false;
        limit = request.query.queryItemValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1)
            return error(400, QStringLiteral("invalid"), QStringLiteral("limit must be a positive integer"));
        limit = std::min(limit, 1000);
    }
    WebhookQueue queue(m_db, m_clock);
    auto dead = queue.deadLetters(client.id, limit);
    if (!dead)
        return fromError(dead.error());
    QJsonArray list;
    for (const WebhookEvent &e : dead.value())
        list.append(e.toJson(true));
    return json(
        QJsonDocument(QJsonObject {{QStringLiteral("dead_letters"), list}}).toJson(QJsonDocument::Compact));
}

} // namespace feltnotat::server
