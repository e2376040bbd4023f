// Store: many local creates in one transaction (beginBulk()/endBulk(), feltnotat-cli import).
#include "store.h"

#include <algorithm>
#include <utility>

namespace feltnotat {

void Store::beginBulk()
{
    m_bulk = true;
    m_bulkBroken.reset();
    m_deferredSearch.clear();
    m_deferredOutbox.clear();
    m_deferredClock.clear();
}

Status Store::endBulk()
{
    m_bulk = false;
    QList<DeferredSearch> pending;
    pending.swap(m_deferredSearch);
    if (m_bulkBroken) {
        m_deferredOutbox.clear();
        m_deferredClock.clear();
        return *std::exchange(m_bulkBroken, std::nullopt);
    }
    if (Status s = writeDeferredOutbox(); !s) {
        m_deferredClock.clear();
        return s;
    }
    std::stable_sort(pending.begin(), pending.end(), [](const DeferredSearch &a, const DeferredSearch &b) {
        return SearchIndex::rowIdFor(*a.spec, a.rid) < SearchIndex::rowIdFor(*b.spec, b.rid);
    });
    for (const DeferredSearch &d : std::as_const(pending)) {
        if (Status s = m_search.insert(*d.spec, d.rid, d.values); !s)
            return s;
    }
    if (m_deferredClock.isEmpty())
        return Status::success();
    const QString clock = std::exchange(m_deferredClock, QString());
    return setMeta(MetaHlc, clock);
}
} // namespace feltnotat
