#include "searchcontroller.h"

#include "appcontext.h"
#include "core/store.h"
#include "formatter.h"
#include "recordtext.h"
#include "vocabulary.h"

#include <QRegularExpression>

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
    setReloading(m_query, query, [this] { Q_EMIT queryChanged(); });
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
            QString snippet = hit.snippet;
            snippet.remove(u'[').remove(u']');
            snippet = snippet.simplified(); // the index joins short fields with line breaks
            const auto r = s.get(hit.entity, hit.id);
            if (r && hit.entity == u"encounter") {
                title = recordtext::encounterWith(s, *r) + QStringLiteral(" · ")
                    + recordtext::encounterKind(*r);
                snippet = Formatter::dateTime(r->text(QStringLiteral("starts_at")))
                    + (snippet.isEmpty() ? QString() : QString(QStringLiteral(" · ") + snippet));
            } else if (r && hit.entity == u"task") {
                const QString due = Formatter::date(r->text(QStringLiteral("due_date")));
                snippet = QStringList {due.isEmpty() ? QString() : tr("Frist %1").arg(due),
                    recordtext::nameOf(
                        s, QStringLiteral("participant"), r->text(QStringLiteral("participant_id")))}
                              .filter(QRegularExpression(QStringLiteral(".")))
                              .join(QStringLiteral(" · "));
            } else if (r && (hit.entity == u"employer" || hit.entity == u"workplace")) {
                title = r->text(QStringLiteral("name"));
                snippet = QStringList {r->text(QStringLiteral("city")), r->text(QStringLiteral("industry")),
                    Formatter::orgNumber(r->text(QStringLiteral("org_number")))}
                              .filter(QRegularExpression(QStringLiteral(".")))
                              .join(QStringLiteral(" · "));
                if (hit.entity == u"workplace")
                    snippet = tr("Arbeidssted hos %1")
                                  .arg(recordtext::nameOf(
                                      s, QStringLiteral("employer"), r->text(QStringLiteral("employer_id"))))
                        + QStringLiteral(" · ") + snippet;
            } else if (r && hit.entity == u"contact") {
                title = r->text(QStringLiteral("name"));
                snippet = QStringList {r->text(QStringLiteral("role")),
                    tr("hos %1").arg(recordtext::nameOf(
                        s, QStringLiteral("employer"), r->text(QStringLiteral("employer_id")))),
                    Formatter::phone(r->text(QStringLiteral("phone")))}
                              .filter(QRegularExpression(QStringLiteral(".")))
                              .join(QStringLiteral(" · "));
            } else if (r && hit.entity == u"participant") {
                title = r->text(QStringLiteral("name"));
                snippet = recordtext::listSubtitle(*r);
            }
            rows << QVariantMap {{QStringLiteral("section"), vocabulary::entityLabel(hit.entity, true)},
                {QStringLiteral("entity"), hit.entity}, {QStringLiteral("recordId"), hit.id},
                {QStringLiteral("title"), title.isEmpty() ? vocabulary::entityLabel(hit.entity) : title},
                {QStringLiteral("snippet"), snippet == hit.title ? QString() : snippet}};
        }
    }
    m_results->setRows(std::move(rows));
}
