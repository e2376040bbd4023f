#include "idsource.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QUuid>

#include <atomic>

namespace feltnotat {

namespace {

std::atomic<IdSource *> installed {nullptr};

} // namespace

IdSource &IdSource::current()
{
    static SystemIdSource system;
    IdSource *source = installed.load();
    return source ? *source : system;
}

QString IdSource::newId()
{
    qint64 ms = 0;
    quint16 counter = 0;
    quint64 random = 0;
    {
        std::lock_guard lock(m_mutex);
        ms = nowMs();
        if (ms <= m_lastMs) {
            ms = m_lastMs;
            if (++m_counter > 0xfff) { // 4,096 ids in one millisecond: borrow the next one
                ++ms;
                m_counter = 0;
            }
        } else {
            m_counter = 0;
        }
        m_lastMs = ms;
        counter = m_counter;
        random = random64();
    }
    const quint64 high = (quint64(ms) << 16) | 0x7000u | counter;
    const quint64 low = (random & 0x3fffffffffffffffull) | 0x8000000000000000ull;
    // 8-4-4-4-12 lower-case hex digits, written in place (every create makes one).
    QString id(36, Qt::Uninitialized);
    QChar *p = id.data();
    constexpr char Hex[] = "0123456789abcdef";
    for (int i = 0; i < 32; ++i) {
        if (i == 8 || i == 12 || i == 16 || i == 20)
            *p++ = u'-';
        const quint64 half = i < 16 ? high : low;
        *p++ = QLatin1Char(Hex[(half >> (4 * (15 - i % 16))) & 0xf]);
    }
    return id;
}

QString IdSource::newRandomUuid()
{
    quint64 high = 0;
    quint64 low = 0;
    {
        std::lock_guard lock(m_mutex);
        high = random64();
        low = random64();
    }
    high = (high & ~0xf000ull) | 0x4000u; // version 4
    low = (low & 0x3fffffffffffffffull) | 0x8000000000000000ull; // variant 10
    const QUuid uuid(quint32(high >> 32), quint16(high >> 16), quint16(high), quint8(low >> 56),
        quint8(low >> 48), quint8(low >> 40), quint8(low >> 32), quint8(low >> 24), quint8(low >> 16),
        quint8(low >> 8), quint8(low));
    return uuid.toString(QUuid::Id128);
}

qint64 SystemIdSource::nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

quint64 SystemIdSource::random64()
{
    return QRandomGenerator::system()->generate64();
}

SeededIdSource::SeededIdSource(const Clock &clock, quint64 seed)
    : m_clock(clock)
    , m_random(seed)
{ }

quint64 SeededIdSource::random64()
{
    return m_random();
}

ScopedIdSource::ScopedIdSource(IdSource &source)
    : m_previous(installed.exchange(&source))
{ }

ScopedIdSource::~ScopedIdSource()
{
    installed.store(m_previous);
}

} // namespace feltnotat
