#pragma once

#include "variantlistmodel.h"
#include "viewcontroller.h"

// "Søk": one query over the local full-text index, hits grouped by record type (roles: section,
// entity, recordId, title, snippet). Encounter and task hits open their participant or employer.
class SearchController : public ViewController
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged)
    Q_PROPERTY(VariantListModel *results READ results CONSTANT)

public:
    explicit SearchController(QObject *parent = nullptr);

    QString query() const { return m_query; }
    void setQuery(const QString &query);
    VariantListModel *results() const { return m_results; }

Q_SIGNALS:
    void queryChanged();

protected:
    void reload() override;

private:
    QString m_query;
    VariantListModel *m_results;
};
