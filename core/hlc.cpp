#include "hlc.h"

#include <algorithm>

namespace feltnotat {

namespace {
constexpr int WallDigits = 12;
constexpr int CounterDigits = 4;
constexpr int MaxNodeLength = 64;
constexpr qint64 MaxWall = 0xffffffffffffLL;
} // namespace

QString Hlc::toString() const
{
    if (wallMs < 0 || wallMs > MaxWall || counter > MaxCounter) // wider than the fixed digits
        return QStringLiteral("%1%2-%3")
            .arg(wallMs, WallDigits, 16, QLatin1Char('0'))
            .arg(counter, CounterDigits, 16, QLatin1Char('0'))
            .arg(node);
    // The usual case written digit by digit: every local write makes one (one allocation, not four).
    QString out(WallDigits + CounterDigits + 1 + node.size(), Qt::Uninitialized);
    QChar *p = out.data();
    constexpr char Hex[] = "0123456789abcdef";
    for (int i = WallDigits - 1; i >= 0; --i)
        *p++ = QLatin1Char(Hex[(wallMs >> (4 * i)) & 0xf]);
    for (int i = CounterDigits - 1; i >= 0; --i)
        *p++ = QLatin1Char(Hex[(counter >> (4 * i)) & 0xf]);
    *p++ = u'-';
    std::copy(node.cbegin(), node.cend(), p);
    return out;
}

bool Hlc::isValidNode(QStringView node)
{
    if (node.isEmpty() || node.size() > MaxNodeLength)
        return false;
    return std::all_of(node.begin(), node.end(), [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'_';
    });
}

std::optional<Hlc> Hlc::parse(QStringView text)
{
    constexpr int head = WallDigits + CounterDigits;
    if (text.size() < head + 2 || text.at(head) != u'-')
        return std::nullopt;
    for (int i = 0; i < head; ++i) {
        const QChar c = text.at(i);
        if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f')))
            return std::nullopt;
    }
    Hlc h;
    bool ok1 = false;
    bool ok2 = false;
    h.wallMs = text.left(WallDigits).toLongLong(&ok1, 16);
    h.counter = text.mid(WallDigits, CounterDigits).toUInt(&ok2, 16);
    h.node = text.mid(head + 1).toString();
    if (!ok1 || !ok2 || !isValidNode(h.node))
        return std::nullopt;
    return h;
}

std::strong_ordering operator<=>(const Hlc &a, const Hlc &b)
{
    if (auto c = a.wallMs <=> b.wallMs; std::is_neq(c))
        return c;
    if (auto c = a.counter <=> b.counter; std::is_neq(c))
        return c;
    const int n = a.node.compare(b.node);
    return n < 0 ? std::strong_ordering::less
        : n > 0  ? std::strong_ordering::greater
                 : std::strong_ordering::equal;
}

HlcClock::HlcClock(const Clock *clock, QString node)
    : m_clock(clock)
    , m_node(std::move(node))
{ }

Hlc HlcClock::now()
{
    std::lock_guard lock(m_mutex);
    const qint64 physical = std::clamp<qint64>(m_clock->nowMs(), 0, MaxWall);
    if (physical > m_wall) {
        m_wall = physical;
        m_counter = 0;
    } else if (m_counter >= Hlc::MaxCounter) {
        // Counter exhausted within one millisecond: borrow the next millisecond.
        ++m_wall;
        m_counter = 0;
    } else {
        ++m_counter;
    }
    return Hlc {m_wall, m_counter, m_node};
}

void HlcClock::observe(const Hlc &remote, qint64 maxAheadMs)
{
    std::lock_guard lock(m_mutex);
    const qint64 physical = m_clock->nowMs();
    if (remote.wallMs > physical + maxAheadMs)
        return;
    if (remote.wallMs > m_wall || (remote.wallMs == m_wall && remote.counter > m_counter)) {
        m_wall = remote.wallMs;
        m_counter = remote.counter;
    }
}

Hlc HlcClock::last() const
{
    std::lock_guard lock(m_mutex);
    return Hlc {m_wall, m_counter, m_node};
}

void HlcClock::restore(const Hlc &last)
{
    std::lock_guard lock(m_mutex);
    if (last.wallMs > m_wall || (last.wallMs == m_wall && last.counter > m_counter)) {
        m_wall = last.wallMs;
        m_counter = last.counter;
    }
}

} // namespace feltnotat
