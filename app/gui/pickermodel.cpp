#include "pickermodel.h"

#include "appcontext.h"
#include "core/store.h"
#include "core/storequeries.h"
#include "recordtext.h"

using namespace feltnotat;

PickerModel::PickerModel(QObject *parent)
    : ViewController(parent)
    , m_matches(new VariantListModel(
          {QStringLiteral("recordId"), QStringLiteral("title"), QStringLiteral("subtitle")}, this))
{ }

void PickerModel::setEntity(const QString &entity)
{
    setReloading(m_entity, entity, [this] { Q_EMIT entityChanged(); });
}

void PickerModel::setText(const QString &text)
{
    setReloading(m_text, text, [this] { Q_EMIT textChanged(); });
}

bool PickerModel::interestedIn(const QStringList &entities) const
{
    return entities.contains(m_entity) || entities.contains(QStringLiteral("*"));
}

void PickerModel::reload()
{
    Store &s = *store();
    QList<QVariantMap> rows;
    auto add = [&](const Record &r) {
        rows << QVariantMap {{QStringLiteral("recordId"), r.id},
            {QStringLiteral("title"), r.text(QStringLiteral("name"))},
            {QStringLiteral("subtitle"), recordtext::listSubtitle(r)}};
    };
    if (m_text.trimmed().isEmpty()) {
        for (const Record &r : StoreQueries(s).select(m_entity, {}, {}, QStringLiteral("updated_at DESC"), 8))
            add(r);
    } else if (const auto hits = s.searchIndex().search(m_text, 8, m_entity)) {
        for (const SearchHit &hit : hits.value()) {
            if (const auto r = s.get(hit.entity, hit.id))
                add(*r);
        }
    }
    m_matches->setRows(std::move(rows));
}

QString PickerModel::similarTo(const QString &name) const
{
    Store *s = store();
    if (!s || name.trimmed().isEmpty())
        return {};
    QStringList names;
    if (const auto hits = s->searchIndex().search(name, 4, m_entity)) {
        for (const SearchHit &hit : hits.value()) {
            if (const auto r = s->get(hit.entity, hit.id))
                names << r->text(QStringLiteral("name"));
        }
    }
    names.removeDuplicates();
    if (names.isEmpty())
        return {};
    return tr("Finnes allerede: %1. Velg fra listen hvis det er samme.")
        .arg(names.join(QStringLiteral(", ")));
}
