#include "requesthead.h"

#include "sync/protocol.h"

namespace feltnotat::server {

namespace {

RequestHead refuse(int status, const char *code, const char *message)
{
    RequestHead h;
    h.errorStatus = status;
    h.errorCode = QString::fromLatin1(code);
    h.errorMessage = QString::fromLatin1(message);
    return h;
}

bool isTokenChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || QByteArray("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(const QByteArray &s)
{
    return !s.isEmpty() && std::all_of(s.begin(), s.end(), isTokenChar);
}

// Optional white space around a header value is spaces and tabs only (RFC 9110 5.6.3): QByteArray::trimmed
// would also take a vertical tab or form feed off, and "3\x0b" would pass as a length of 3.
QByteArray trimOws(const QByteArray &s)
{
    qsizetype begin = 0;
    qsizetype end = s.size();
    while (begin < end && (s.at(begin) == ' ' || s.at(begin) == '\t'))
        ++begin;
    while (end > begin && (s.at(end - 1) == ' ' || s.at(end - 1) == '\t'))
        --end;
    return s.mid(begin, end - begin);
}

bool isDigits(const QByteArray &s)
{
    return !s.isEmpty() && s.size() <= 18
        && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

RequestHead RequestHead::parse(const QByteArray &head, qint64 maxBody)
{
    if (head.size() > MaxHeadBytes)
        return refuse(431, "too_large", "the request head is larger than 32 KiB");
    if (!head.endsWith("\r\n\r\n"))
        return refuse(400, "malformed", "the request head must end with an empty line");
    const QList<QByteArray> lines = head.left(head.size() - 4).split('\n');
    for (const QByteArray &line : lines) {
        if (!line.endsWith('\r') && &line != &lines.last())
            return refuse(400, "malformed", "request lines must end with CRLF");
    }
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() != 3)
        return refuse(400, "malformed", "malformed request line");
    const QByteArray &method = requestLine.at(0);
    const QByteArray &target = requestLine.at(1);
    const QByteArray &version = requestLine.at(2);
    if (version != "HTTP/1.1" && version != "HTTP/1.0")
        return refuse(505, "malformed", "only HTTP/1.1 is supported");
    if (method != "GET" && method != "POST")
        return refuse(405, "method_not_allowed", "only GET and POST are supported");
    if (!target.startsWith('/') || target.size() > MaxTargetBytes
        || std::any_of(target.begin(), target.end(), [](char c) { return c <= 0x20 || c >= 0x7f; }))
        return refuse(400, "malformed", "malformed request target");

    RequestHead h;
    h.closeAfter = version == "HTTP/1.0";
    h.http10 = h.closeAfter;
    h.method = method;
    h.target = target;
    bool sawLength = false;
    int hosts = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).endsWith('\r') ? lines.at(i).chopped(1) : lines.at(i);
        if (line.startsWith(' ') || line.startsWith('\t'))
            return refuse(400, "malformed", "folded header lines are not accepted");
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.left(colon)))
            return refuse(400, "malformed", "malformed header line");
        const QByteArray name = line.left(colon).toLower();
        const QByteArray value = trimOws(line.mid(colon + 1));
        if (std::any_of(
                value.begin(), value.end(), [](char c) { return (c < 0x20 && c != '\t') || c == 0x7f; }))
            return refuse(400, "malformed", "control characters in a header");
        if (name == "content-length") {
            if (!isDigits(value))
                return refuse(400, "malformed", "malformed Content-Length");
            const qint64 length = value.toLongLong();
            if (sawLength && length != h.contentLength)
                return refuse(400, "malformed", "conflicting Content-Length headers");
            sawLength = true;
            h.contentLength = length;
        } else if (name == "host") {
            ++hosts;
        } else if (name == "transfer-encoding") {
            return refuse(
                411, "length_required", "send the body with Content-Length; chunked bodies are not accepted");
        } else if (name == "upgrade") {
            return refuse(400, "malformed", "protocol upgrades are not supported");
        } else if (name == "expect") {
            if (value.toLower() != "100-continue")
                return refuse(417, "malformed", "only Expect: 100-continue is supported");
            h.expectContinue = true;
            continue; // answered by the connection
        } else if (name == "connection") {
            for (const QByteArray &option : value.toLower().split(',')) {
                if (option.trimmed() == "close")
                    h.closeAfter = true;
                else if (option.trimmed() == "keep-alive" && version == "HTTP/1.0")
                    h.closeAfter = false;
            }
        }
        if (h.headers.size() >= MaxHeaders)
            return refuse(431, "too_large", "too many header lines");
        h.headers.append({name, value});
    }
    if (h.contentLength > maxBody)
        return refuse(413, "too_large", "the request body is larger than 8 MiB");
    if (method == "POST" && !sawLength)
        return refuse(411, "length_required", "a POST needs a Content-Length");
    // RFC 9112 3.2: exactly one Host in HTTP/1.1; two could be read differently by a proxy and by us.
    if (hosts > 1 || (hosts == 0 && version == "HTTP/1.1"))
        return refuse(400, "malformed", "an HTTP/1.1 request needs exactly one Host header");
    return h;
}

QByteArray RequestHead::reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 303:
        return "See Other";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 411:
        return "Length Required";
    case 413:
        return "Payload Too Large";
    case 417:
        return "Expectation Failed";
    case 426:
        return "Upgrade Required";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Status";
    }
}

QByteArray RequestHead::errorResponse(int status, const QString &code, const QString &message)
{
    const QByteArray body = protocol::ApiError {status, code, message, {}}.toJson();
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    out += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size());
    out += "\r\nConnection: close\r\n\r\n" + body;
    return out;
}

} // namespace feltnotat::server
