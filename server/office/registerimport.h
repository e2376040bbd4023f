#pragma once

#include "core/result.h"
#include "employerregister.h"

#include <QUrl>

#include <functional>

class QIODevice;
class QNetworkAccessManager;

namespace feltnotat {
class Clock;
}

namespace feltnotat::server {

class SqlBackend;

// Imports Brønnøysundregistrene's Enhetsregisteret into the employer register (docs/integration.md,
// "Employer register"), from a file or an http(s) URL, gzip or plain:
// - a bulk file (enheter_alle.json.gz, underenheter_alle.json.gz: a JSON array of units) is read
//   as a stream, a batch of units per transaction, so memory stays that of one batch whatever the
//   size; once the whole file has been read, units of that kind it did not hold are marked removed.
// - an update page (/oppdateringer/enheter or /underenheter: "_embedded" with oppdaterteEnheter or
//   oppdaterteUnderenheter) applies each change after the last one applied: Sletting and Fjernet
//   remove, Ny and Endring apply their "endringer" (JSON Patch, with includeChanges=true) or else
//   fetch the unit from its _links href. From a URL the pages' next links are followed.
// The input is read and checked completely before the first write, so a damaged or cut file
// changes nothing; a failure while writing (the database, the network while fetching) keeps what was
// committed so far, and running the same import again is safe.
class RegisterImport
{
public:
    struct Options
    {
        int batchUnits = 2000;
        qint64 maxUpdatePageBytes = 64 * 1024 * 1024;
        int maxUpdatePages = 1000;
        int networkTimeoutMs = 120 * 1000; // without a byte from the server
    };

    struct Report
    {
        bool bulk = false;
        qint64 units = 0;
        qint64 subUnits = 0;
        qint64 skipped = 0; // entries without a valid organisation number or name
        qint64 removed = 0;
        qint64 updates = 0; // update entries applied
        qint64 fetched = 0; // units fetched by their href
        qint64 lastUpdateId = 0;
        QString nextUrl; // where the next update import starts (URL imports of updates)
    };

    using Progress = std::function<void(const Report &)>;
    class Source; // the input after gzip, in pieces (a file, or a download as it arrives)

    RegisterImport(SqlBackend &db, const Clock &clock, QNetworkAccessManager *network);
    RegisterImport(SqlBackend &db, const Clock &clock, QNetworkAccessManager *network, Options options);

    // A file path, or an http(s) URL.
    Result<Report> run(const QString &fileOrUrl, const Progress &progress = {});
    // Reads everything from `input` (an open, seekable device: it is read twice, first only to
    // check it); `origin` is where it came from (for the links of update pages; empty for a file).
    Result<Report> run(QIODevice &input, const QUrl &origin, const Progress &progress = {});

private:
    // dry: read and check everything, write nothing.
    Result<Report> run(Source &source, const QUrl &origin, const Progress &progress, bool dry);
    Status bulk(Source &source, QByteArray first, Report &report, const Progress &progress, bool dry);
    Status flush(QList<RegisterUnit> &batch, qint64 stamp, Report &report);
    Status updates(const QByteArray &page, const QUrl &origin, Report &report, QUrl &next);
    Result<QByteArray> download(const QUrl &url, qint64 maxBytes, int *status);
    // Into `to` as it arrives (maxBytes 0: no limit); the HTTP status in *status.
    Result<qint64> download(const QUrl &url, QIODevice &to, int *status, qint64 maxBytes = 0);

    SqlBackend &m_db;
    const Clock &m_clock;
    QNetworkAccessManager *m_network;
    Options m_options;
};

} // namespace feltnotat::server
