#include "searchcontroller.h"

#include "appcontext.h"
#include "core/store.h"
#include "recordtext.h"
#include "vocabulary.h"

#include <algorithm>

using namespace feltnotat;

SearchController::SearchController(QObject *parent)
    : ViewController(parent)
    , m_results(new VariantListModel(
          {QStringLiteral("section"), QStringLiteral("entity"), QStringLiteral("recordId"),
              QStringLiteral("title"), QStringLiteral("snippet")},
          this))
{ }

void SearchController::setQuery(const QString &query)
{
    if (query == m_query)
        return;
    m_query = query;
    Q_EMIT queryChanged();
    if (isLoaded())
        refresh();
}

void SearchController::reload()
{
    QList<QVariantMap> rows;
    Store &s = *store();
    const auto hits = m_query.trimmed().isEmpty() ? Result<QList<SearchHit>>(QList<SearchHit>())
                                                  : s.searchIndex().search(m_query, 100);
    if (hits) {
        QList<SearchHit> sorted = hits.value();
        // Grouped by kind in the index's order (participants first), best match first within a group.
        std::stable_sort(sorted.begin(), sorted.end(), [](const SearchHit &a, const SearchHit &b) {
            return Schema::instance().entity(a.entity)->searchKind
                < Schema::instance().entity(b.entity)->searchKind;
        });
        for (const SearchHit &hit : sorted) {
            QString title = hit.title;
            if (hit.entity == u"encounter") {
                if (const auto r = s.get(hit.entity, hit.id))
                    title = recordtext::encounterWith(s, *r) + QStringLiteral(" · ")
                        + recordtext::encounterKind(*r);
            }
            QString snippet = hit.snippet;
            snippet.remove(u'[').remove(u']');
            rows << QVariantMap {{QStringLiteral("section"), vocabulary::entityLabel(hit.entity, true)},
                {QStringLiteral("entity"), hit.entity}, {QStringLiteral("recordId"), hit.id},
                {QStringLiteral("title"), title.isEmpty() ? vocabulary::entityLabel(hit.entity) : title},
                {QStringLiteral("snippet"), snippet == hit.title ? QString() : snippet}};
        }
    }
    m_results->setRows(std::move(rows));
}
