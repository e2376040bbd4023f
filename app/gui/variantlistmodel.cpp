#include "variantlistmodel.h"

VariantListModel::VariantListModel(QStringList roles, QObject *parent)
    : QAbstractListModel(parent)
    , m_roles(std::move(roles))
{ }

int VariantListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant VariantListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int column = role - (Qt::UserRole + 1);
    if (column < 0 || column >= m_roles.size())
        return role == Qt::DisplayRole ? m_rows.at(index.row()).value(m_roles.value(0)) : QVariant();
    // Missing keys read as empty strings, so `required property string` delegates never see undefined.
    return m_rows.at(index.row()).value(m_roles.at(column), QString());
}

QHash<int, QByteArray> VariantListModel::roleNames() const
{
    QHash<int, QByteArray> names;
    for (int i = 0; i < m_roles.size(); ++i)
        names.insert(Qt::UserRole + 1 + i, m_roles.at(i).toUtf8());
    return names;
}

void VariantListModel::setRows(QList<QVariantMap> rows)
{
    const bool countChanges = rows.size() != m_rows.size();
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    if (countChanges)
        Q_EMIT countChanged();
}

QVariantMap VariantListModel::get(int row) const
{
    return m_rows.value(row);
}

void VariantListModel::setRow(int row, const QVariantMap &values)
{
    if (row < 0 || row >= m_rows.size() || m_rows.at(row) == values)
        return;
    m_rows[row] = values;
    Q_EMIT dataChanged(index(row), index(row));
}
