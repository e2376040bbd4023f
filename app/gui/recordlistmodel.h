#pragma once

#include <QAbstractListModel>
#include <QPointer>
#include <QQmlParserStatus>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

class AppContext;
namespace feltnotat {
class Store;
}

// A long list of participants or employers, sorted by name and filtered by a name fragment.
// Loads pages of 50 rows on demand (canFetchMore/fetchMore, keyset paging on the name index), so
// 100,000 records cost a count and one page, never the whole table.
class RecordListModel : public QAbstractListModel, public QQmlParserStatus
{
    Q_OBJECT
    QML_ELEMENT
    Q_INTERFACES(QQmlParserStatus)
    Q_PROPERTY(AppContext *app READ app WRITE setApp NOTIFY appChanged)
    Q_PROPERTY(QString entity READ entity WRITE setEntity NOTIFY entityChanged)
    Q_PROPERTY(QString filter READ filter WRITE setFilter NOTIFY filterChanged)
    // Participants: a user id keeps that user's caseload (empty: the team's); closed lists the
    // closed ones (of the team), else only the active ones.
    Q_PROPERTY(QString owner READ owner WRITE setOwner NOTIFY ownerChanged)
    Q_PROPERTY(bool closed READ closed WRITE setClosed NOTIFY closedChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int totalCount READ totalCount NOTIFY countChanged)

public:
    enum Roles { RecordIdRole = Qt::UserRole + 1, TitleRole, SubtitleRole };
    static constexpr int PageSize = 50;

    explicit RecordListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    void classBegin() override { }
    void componentComplete() override;

    AppContext *app() const { return m_app; }
    void setApp(AppContext *app);
    QString entity() const { return m_entity; }
    void setEntity(const QString &entity);
    QString filter() const { return m_filter; }
    void setFilter(const QString &filter);
    QString owner() const { return m_owner; }
    void setOwner(const QString &owner);
    bool closed() const { return m_closed; }
    void setClosed(bool closed);
    int count() const { return int(m_rows.size()); }
    int totalCount() const { return int(m_total); }
    // Re-reads the count and the first page.
    Q_INVOKABLE void reload();

Q_SIGNALS:
    void appChanged();
    void entityChanged();
    void filterChanged();
    void ownerChanged();
    void closedChanged();
    void countChanged();

private:
    struct Row
    {
        QString id;
        QString title;
        QString subtitle;
        qint64 rid = 0;
    };
    QString condition(QVariantList &binds) const;
    QString nameCondition(QVariantList &binds) const;
    QList<Row> page(feltnotat::Store &store) const;
    feltnotat::Store *store() const;
    QPointer<AppContext> m_app;
    QList<QMetaObject::Connection> m_connections;
    bool m_complete = false;
    bool m_fetching = false;
    QString m_entity = QStringLiteral("participant");
    QString m_filter;
    QString m_owner;
    bool m_closed = false;
    qint64 m_total = 0;
    QList<Row> m_rows;
};
