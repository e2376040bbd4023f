#include "registerimport.h"

#include "core/clock.h"
#include "jsonstream.h"
#include "registerjson.h"
#include "server/sqlbackend.h"
#include "server/sqltransaction.h"

#include <QBuffer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSet>
#include <QTemporaryFile>
#include <QTimer>
#include <QUrlQuery>

#include <map>

namespace feltnotat::server {

namespace {

constexpr qint64 ReadChunk = 256 * 1024;

bool isWeb(const QUrl &url)
{
    return url.isValid() && (url.scheme() == u"https" || url.scheme() == u"http") && !url.host().isEmpty();
}

QNetworkRequest requestFor(const QUrl &url)
{
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json, */*;q=0.8"); // bulk files come as gzip
    request.setRawHeader("User-Agent", "feltnotat-server");
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    return request;
}

// Waits for more from the reply: false on a timeout (then the reply is aborted).
bool waitForMore(QNetworkReply *reply, int timeoutMs)
{
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    bool timedOut = false;
    QObject::connect(&timer, &QTimer::timeout, &loop, [&] {
        timedOut = true;
        loop.quit();
    });
    QObject::connect(reply, &QNetworkReply::readyRead, &loop, &QEventLoop::quit);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    timer.start(timeoutMs);
    loop.exec();
    if (timedOut)
        reply->abort();
    return !timedOut;
}

Error networkError(QNetworkReply *reply)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    return makeError(ErrorCode::Network,
        status ? QStringLiteral("%1 answered HTTP %2").arg(reply->url().host()).arg(status)
               : QStringLiteral("cannot read %1: %2").arg(reply->url().host(), reply->errorString()));
}

} // namespace

// Bytes of the input after gzip (recognised by its first two bytes), in pieces.
class RegisterImport::Source
{
public:
    virtual ~Source() = default;

    Result<QByteArray> read()
    {
        for (;;) {
            if (m_gzip) {
                auto plain = m_gzip->pull();
                if (!plain || !plain->isEmpty())
                    return plain;
            }
            auto raw = readRaw();
            if (!raw)
                return raw.error();
            if (!m_sniffed) {
                m_head += *raw;
                if (m_head.size() < 2 && !raw->isEmpty())
                    continue;
                m_sniffed = true;
                if (m_head.startsWith("\x1f\x8b"))
                    m_gzip = std::make_unique<GunzipStream>();
                raw = std::exchange(m_head, {});
            }
            if (raw->isEmpty()) {
                if (m_gzip && !m_gzip->isComplete())
                    return makeError(ErrorCode::Protocol, QStringLiteral("the gzip file ends too early"));
                return QByteArray();
            }
            if (!m_gzip)
                return raw;
            m_gzip->push(*raw);
        }
    }

protected:
    virtual Result<QByteArray> readRaw() = 0; // empty at the end

private:
    bool m_sniffed = false;
    QByteArray m_head;
    std::unique_ptr<GunzipStream> m_gzip;
};

namespace {

class DeviceSource final : public RegisterImport::Source
{
public:
    explicit DeviceSource(QIODevice &device)
        : m_device(device)
    { }

protected:
    Result<QByteArray> readRaw() override
    {
        QByteArray chunk = m_device.read(ReadChunk);
        if (chunk.isEmpty() && !m_device.atEnd())
            return makeError(ErrorCode::Database, QStringLiteral("cannot read: ") + m_device.errorString());
        return chunk;
    }

private:
    QIODevice &m_device;
};

} // namespace

RegisterImport::RegisterImport(SqlBackend &db, const Clock &clock, QNetworkAccessManager *network)
    : RegisterImport(db, clock, network, Options())
{ }

RegisterImport::RegisterImport(
    SqlBackend &db, const Clock &clock, QNetworkAccessManager *network, Options options)
    : m_db(db)
    , m_clock(clock)
    , m_network(network)
    , m_options(options)
{ }

Result<RegisterImport::Report> RegisterImport::run(const QString &fileOrUrl, const Progress &progress)
{
    const QUrl url(fileOrUrl, QUrl::StrictMode);
    if (isWeb(url)) {
        // Downloaded to a temporary file first (as it arrives, compressed as it comes), so that
        // the whole input is checked before anything changes.
        QTemporaryFile spool;
        if (!spool.open())
            return makeError(ErrorCode::Internal, QStringLiteral("cannot make a temporary file"));
        int status = 0;
        if (auto got = download(url, spool, &status); !got)
            return got.error();
        if (status != 200)
            return makeError(
                ErrorCode::Network, QStringLiteral("%1 answered HTTP %2").arg(url.host()).arg(status));
        spool.seek(0);
        return run(spool, url, progress);
    }
    QFile file(fileOrUrl);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(
            ErrorCode::NotFound, QStringLiteral("cannot open %1: %2").arg(fileOrUrl, file.errorString()));
    return run(file, {}, progress);
}

Result<RegisterImport::Report> RegisterImport::run(
    QIODevice &input, const QUrl &origin, const Progress &progress)
{
    // First the whole input is read without writing: a damaged or cut file changes nothing.
    const qint64 start = input.pos();
    {
        DeviceSource check(input);
        auto checked = run(check, origin, {}, true);
        if (!checked)
            return checked.error();
    }
    if (!input.seek(start))
        return makeError(ErrorCode::Internal, QStringLiteral("cannot read the input twice"));
    DeviceSource source(input);
    return run(source, origin, progress, false);
}

Result<RegisterImport::Report> RegisterImport::run(
    Source &source, const QUrl &origin, const Progress &progress, bool dry)
{
    Report report;
    // The first byte that is not white space tells a bulk file ([) from an update page ({).
    QByteArray head;
    char first = 0;
    while (first == 0) {
        auto chunk = source.read();
        if (!chunk)
            return chunk.error();
        if (chunk->isEmpty())
            return makeError(ErrorCode::Invalid, QStringLiteral("the input is empty"));
        head += *chunk;
        for (char c : std::as_const(head)) {
            if (!QChar::isSpace(uchar(c)) && c != '\xEF' && c != '\xBB' && c != '\xBF') {
                first = c;
                break;
            }
        }
    }
    if (first == '[') {
        report.bulk = true;
        if (Status s = bulk(source, head, report, dry ? Progress() : progress, dry); !s)
            return s.error();
        return report;
    }
    if (first != '{')
        return makeError(ErrorCode::Invalid,
            QStringLiteral("neither a bulk file (a JSON array) nor an update page (a JSON object)"));
    QByteArray page = head;
    for (;;) {
        auto chunk = source.read();
        if (!chunk)
            return chunk.error();
        if (chunk->isEmpty())
            break;
        page += *chunk;
        if (page.size() > m_options.maxUpdatePageBytes)
            return makeError(ErrorCode::TooLarge, QStringLiteral("an update page larger than 64 MiB"));
    }
    if (dry) {
        QJsonParseError error;
        if (!QJsonDocument::fromJson(page, &error).isObject())
            return makeError(
                ErrorCode::Invalid, QStringLiteral("the update page is not JSON: ") + error.errorString());
        return report;
    }
    QUrl here = origin;
    for (int pages = 1;; ++pages) {
        QUrl next;
        if (Status s = updates(page, here, report, next); !s)
            return s.error();
        if (progress)
            progress(report);
        if (!isWeb(next) || pages >= m_options.maxUpdatePages)
            break;
        int status = 0;
        auto body = download(next, m_options.maxUpdatePageBytes, &status);
        if (!body)
            return body.error();
        if (status != 200)
            return makeError(
                ErrorCode::Network, QStringLiteral("%1 answered HTTP %2").arg(next.host()).arg(status));
        page = std::move(body).value();
        here = next;
    }
    return report;
}

Status RegisterImport::flush(QList<RegisterUnit> &batch, qint64 stamp, Report &report)
{
    if (batch.isEmpty())
        return Status::success();
    SqlTransaction tx(m_db);
    if (!tx.ok())
        return tx.status();
    if (Status s = EmployerRegister(m_db).write(batch, stamp); !s)
        return s;
    if (Status s = tx.commit(); !s)
        return s;
    for (const RegisterUnit &u : std::as_const(batch))
        ++(u.kind == RegisterUnit::Kind::Unit ? report.units : report.subUnits);
    batch.clear();
    return Status::success();
}

Status RegisterImport::bulk(
    Source &source, QByteArray first, Report &report, const Progress &progress, bool dry)
{
    const qint64 stamp = m_clock.nowMs();
    JsonArrayStream array;
    QList<RegisterUnit> batch;
    QSet<RegisterUnit::Kind> kinds;
    auto element = [&](QByteArrayView text) -> Status {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(text.toByteArray(), &error);
        if (!doc.isObject())
            return makeError(ErrorCode::Invalid,
                QStringLiteral("entry %1 is not a JSON object: %2")
                    .arg(array.elements())
                    .arg(error.errorString()));
        auto unit = registerjson::unitFromJson(doc.object());
        if (!unit) {
            ++report.skipped;
            return Status::success();
        }
        kinds.insert(unit->kind);
        if (dry)
            return Status::success();
        batch << std::move(unit).value();
        if (batch.size() < m_options.batchUnits)
            return Status::success();
        Status s = flush(batch, stamp, report);
        if (s && progress)
            progress(report);
        return s;
    };
    for (QByteArray chunk = std::move(first);;) {
        if (Status s = array.feed(chunk, element); !s)
            return s;
        auto next = source.read();
        if (!next)
            return next.error();
        if (next->isEmpty())
            break;
        chunk = std::move(next).value();
    }
    if (Status s = array.finish(); !s)
        return s;
    if (dry)
        return Status::success();
    if (Status s = flush(batch, stamp, report); !s)
        return s;
    // The whole file was read: what it did not hold is no longer in the register.
    SqlTransaction tx(m_db);
    if (!tx.ok())
        return tx.status();
    EmployerRegister reg(m_db);
    for (RegisterUnit::Kind kind : std::as_const(kinds)) {
        auto removed = reg.removeNotStampedSince(kind, stamp);
        if (!removed)
            return removed.error();
        report.removed += removed.value();
        const QString name = kind == RegisterUnit::Kind::Unit ? QStringLiteral("units_bulk")
                                                              : QStringLiteral("sub_units_bulk");
        if (Status s = reg.setState(name, 0, m_clock.nowMs()); !s)
            return s;
    }
    return tx.commit();
}

Result<QByteArray> RegisterImport::download(const QUrl &url, qint64 maxBytes, int *status)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    if (auto got = download(url, buffer, status, maxBytes); !got)
        return got.error();
    return buffer.data();
}

Result<qint64> RegisterImport::download(const QUrl &url, QIODevice &to, int *status, qint64 maxBytes)
{
    if (!m_network)
        return makeError(ErrorCode::Internal, QStringLiteral("no network access"));
    std::unique_ptr<QNetworkReply, void (*)(QNetworkReply *)> reply(
        m_network->get(requestFor(url)), [](QNetworkReply *r) { r->deleteLater(); });
    reply->setReadBufferSize(4 * ReadChunk); // TCP holds back what does not fit
    qint64 written = 0;
    for (;;) {
        while (reply->bytesAvailable() > 0) {
            const QByteArray chunk = reply->read(ReadChunk);
            if (to.write(chunk) != chunk.size())
                return makeError(
                    ErrorCode::Internal, QStringLiteral("cannot store the download: ") + to.errorString());
            written += chunk.size();
            if (maxBytes > 0 && written > maxBytes) {
                reply->abort();
                return makeError(ErrorCode::TooLarge, QStringLiteral("%1 sent too much").arg(url.host()));
            }
        }
        if (reply->isFinished())
            break;
        if (!waitForMore(reply.get(), m_options.networkTimeoutMs))
            return makeError(ErrorCode::Network,
                QStringLiteral("%1 sent nothing for %2 s")
                    .arg(url.host())
                    .arg(m_options.networkTimeoutMs / 1000));
    }
    *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (*status == 0 && reply->error() != QNetworkReply::NoError)
        return networkError(reply.get());
    return written;
}

Status RegisterImport::updates(const QByteArray &page, const QUrl &origin, Report &report, QUrl &next)
{
    QJsonParseError parseError;
    const QJsonObject doc = QJsonDocument::fromJson(page, &parseError).object();
    if (parseError.error != QJsonParseError::NoError)
        return makeError(
            ErrorCode::Invalid, QStringLiteral("the update page is not JSON: ") + parseError.errorString());
    const QJsonObject embedded = doc.value(QStringLiteral("_embedded")).toObject();
    const bool subUnits = embedded.contains(QStringLiteral("oppdaterteUnderenheter"));
    if (!subUnits && !embedded.isEmpty() && !embedded.contains(QStringLiteral("oppdaterteEnheter")))
        return makeError(
            ErrorCode::Invalid, QStringLiteral("neither oppdaterteEnheter nor oppdaterteUnderenheter"));
    if (!doc.contains(QStringLiteral("_embedded")) && !doc.contains(QStringLiteral("page")))
        return makeError(ErrorCode::Invalid, QStringLiteral("not an update page of Enhetsregisteret"));
    const RegisterUnit::Kind kind = subUnits ? RegisterUnit::Kind::SubUnit : RegisterUnit::Kind::Unit;
    const QString stateKind = subUnits ? QStringLiteral("sub_units") : QStringLiteral("units");
    const QString link = subUnits ? QStringLiteral("underenhet") : QStringLiteral("enhet");
    EmployerRegister reg(m_db);
    auto last = reg.lastUpdateId(stateKind);
    if (!last)
        return last.error();
    report.lastUpdateId = std::max(report.lastUpdateId, last.value());

    // In order of oppdateringsid; what was applied before is skipped.
    std::map<qint64, QJsonObject> entries;
    for (const QJsonValue &v :
        embedded
            .value(subUnits ? QStringLiteral("oppdaterteUnderenheter") : QStringLiteral("oppdaterteEnheter"))
            .toArray()) {
        const QJsonObject e = v.toObject();
        const qint64 id = qint64(e.value(QStringLiteral("oppdateringsid")).toDouble());
        if (id <= 0)
            return makeError(ErrorCode::Invalid, QStringLiteral("an update without an oppdateringsid"));
        if (id > last.value())
            entries.emplace(id, e);
    }
    // Units without their changes are fetched first, outside any transaction.
    QHash<qint64, std::optional<RegisterUnit>> fetched;
    for (const auto &[id, e] : entries) {
        const QString type = e.value(QStringLiteral("endringstype")).toString();
        if (type == u"Sletting" || type == u"Fjernet" || e.contains(QStringLiteral("endringer")))
            continue;
        const QUrl href = origin.resolved(QUrl(e.value(QStringLiteral("_links"))
                                                   .toObject()
                                                   .value(link)
                                                   .toObject()
                                                   .value(QStringLiteral("href"))
                                                   .toString()));
        if (!isWeb(href))
            return makeError(ErrorCode::Invalid,
                QStringLiteral(
                    "update %1 has neither its changes (includeChanges=true) nor a link to the unit")
                    .arg(id));
        int status = 0;
        auto body = download(href, 1024 * 1024, &status);
        if (!body)
            return body.error();
        if (status == 404 || status == 410) {
            fetched.insert(id, std::nullopt);
        } else if (status == 200) {
            auto unit = registerjson::unitFromJson(QJsonDocument::fromJson(*body).object(), kind);
            if (!unit)
                return makeError(ErrorCode::Invalid,
                    QStringLiteral("the unit of update %1: %2").arg(id).arg(unit.errorString()));
            fetched.insert(id, unit.value());
        } else {
            return makeError(
                ErrorCode::Network, QStringLiteral("%1 answered HTTP %2").arg(href.host()).arg(status));
        }
        ++report.fetched;
    }

    SqlTransaction tx(m_db);
    if (!tx.ok())
        return tx.status();
    const qint64 now = m_clock.nowMs();
    for (const auto &[id, e] : entries) {
        const QString orgNumber = e.value(QStringLiteral("organisasjonsnummer")).toString();
        const QString type = e.value(QStringLiteral("endringstype")).toString();
        std::optional<RegisterUnit> unit;
        if (type == u"Sletting" || type == u"Fjernet") {
            if (Status s = reg.markRemoved(orgNumber, now); !s)
                return s;
            ++report.removed;
        } else if (e.contains(QStringLiteral("endringer"))) {
            auto current = reg.unit(orgNumber);
            if (!current)
                return current.error();
            QJsonObject document
                = current->has_value() && type != u"Ny" ? registerjson::unitToJson(**current) : QJsonObject();
            if (Status s = registerjson::applyPatch(document, e.value(QStringLiteral("endringer")).toArray());
                !s)
                return makeError(
                    ErrorCode::Invalid, QStringLiteral("update %1: %2").arg(id).arg(s.errorString()));
            document.insert(QStringLiteral("organisasjonsnummer"), orgNumber);
            auto patched = registerjson::unitFromJson(document, kind);
            if (!patched)
                ++report.skipped;
            else
                unit = patched.value();
        } else if (fetched.value(id)) {
            unit = fetched.value(id);
        } else {
            if (Status s = reg.markRemoved(orgNumber, now); !s)
                return s;
            ++report.removed;
        }
        if (unit) {
            if (Status s = reg.write({*unit}, now); !s)
                return s;
            ++(kind == RegisterUnit::Kind::Unit ? report.units : report.subUnits);
        }
        ++report.updates;
        report.lastUpdateId = id;
    }
    if (!entries.empty()) {
        if (Status s = reg.setState(stateKind, report.lastUpdateId, now); !s)
            return s;
    }
    if (Status s = tx.commit(); !s)
        return s;

    const QString nextHref = doc.value(QStringLiteral("_links"))
                                 .toObject()
                                 .value(QStringLiteral("next"))
                                 .toObject()
                                 .value(QStringLiteral("href"))
                                 .toString();
    next = entries.empty() || nextHref.isEmpty() ? QUrl() : origin.resolved(QUrl(nextHref));
    if (isWeb(origin)) {
        // Where the next run starts: after the last update applied.
        QUrl after = origin;
        QUrlQuery q(after);
        q.removeAllQueryItems(QStringLiteral("page"));
        q.removeAllQueryItems(QStringLiteral("dato"));
        q.removeAllQueryItems(QStringLiteral("oppdateringsid"));
        q.addQueryItem(QStringLiteral("oppdateringsid"), QString::number(report.lastUpdateId + 1));
        after.setQuery(q);
        report.nextUrl = after.toString();
    }
    return Status::success();
}

} // namespace feltnotat::server
