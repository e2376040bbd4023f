#pragma once

#include <QAbstractListModel>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

// A small list model of maps for short, fully computed lists (today, timeline, search hits,
// conflicts): each key of a row is a role. Long lists use RecordListModel, which pages.
class VariantListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by a controller")
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    explicit VariantListModel(QStringList roles, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(m_rows.size()); }
    void setRows(QList<QVariantMap> rows);
    const QList<QVariantMap> &rows() const { return m_rows; }
    Q_INVOKABLE QVariantMap get(int row) const;
    // Replaces one row in place (no reset, so delegates and their focus stay).
    void setRow(int row, const QVariantMap &values);

Q_SIGNALS:
    void countChanged();

private:
    QStringList m_roles;
    QList<QVariantMap> m_rows;
};
