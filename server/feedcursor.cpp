#include "feedcursor.h"

#include "cryptoinit.h"

namespace feltnotat::server {

namespace {
constexpr int FeedIdLength = 16;

bool isFeedIdChar(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9');
}
} // namespace

QString FeedCursor::toString() const
{
    if (isStart())
        return {};
    return feedId + u':' + QString::number(seq);
}

std::optional<FeedCursor> FeedCursor::parse(const QString &text)
{
    if (text.isEmpty())
        return FeedCursor {};
    const qsizetype colon = text.indexOf(u':');
    if (colon != FeedIdLength || text.size() > FeedIdLength + 1 + 18)
        return std::nullopt;
    const QStringView feed = QStringView(text).left(colon);
    const QStringView number = QStringView(text).mid(colon + 1);
    if (!std::all_of(feed.begin(), feed.end(), isFeedIdChar) || number.isEmpty())
        return std::nullopt;
    for (QChar c : number) {
        if (c < u'0' || c > u'9')
            return std::nullopt;
    }
    bool ok = false;
    const qint64 seq = number.toLongLong(&ok);
    if (!ok || seq < 0)
        return std::nullopt;
    return FeedCursor {feed.toString(), seq};
}

QString FeedCursor::newFeedId()
{
    ensureCrypto();
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    QString id;
    for (int i = 0; i < FeedIdLength; ++i)
        id += QLatin1Char(alphabet[randombytes_uniform(36)]);
    return id;
}

} // namespace feltnotat::server
