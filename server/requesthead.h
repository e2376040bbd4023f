#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace feltnotat::server {

// The head of one HTTP/1.x request, checked strictly before any body byte is read: method,
// target, version and the headers that decide how many bytes follow.
struct RequestHead
{
    int errorStatus = 0; // 0 = acceptable; otherwise the HTTP status to refuse it with
    QString errorCode;
    QString errorMessage;

    QByteArray method; // GET or POST
    QByteArray target; // path and query, as sent
    QList<QPair<QByteArray, QByteArray>> headers; // names in lower case, values trimmed
    qint64 contentLength = 0;
    bool expectContinue = false;
    bool closeAfter = false; // Connection: close, or HTTP/1.0
    bool http10 = false; // an HTTP/1.0 client: no chunked transfer encoding

    static constexpr int MaxHeadBytes = 32 * 1024;
    static constexpr int MaxTargetBytes = 8 * 1024;
    static constexpr int MaxHeaders = 100;

    // head: everything up to and including the blank line. maxBody: the largest accepted body.
    static RequestHead parse(const QByteArray &head, qint64 maxBody);
    static QByteArray reasonPhrase(int status);
    // The complete response to refuse a request with (always Connection: close).
    static QByteArray errorResponse(int status, const QString &code, const QString &message);
};

} // namespace feltnotat::server
