#pragma once

#include "core/result.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

namespace feltnotat {

class ApiCall;
class Store;
class SyncClient;

// Who is on the user's team: ids and display names from the server (GET /v1/team), cached in the
// store's meta so the names and the "assign to" list work offline. Refreshed after a successful
// sync when the copy is older than an hour (and right after a login, when it is empty).
class TeamDirectory : public QObject
{
    Q_OBJECT

public:
    struct Member
    {
        QString id;
        QString name;
        bool active = true; // false: disabled on the server; kept so old work keeps a name
    };

    static constexpr qint64 MaxAgeMs = 60 * 60 * 1000;

    TeamDirectory(Store &store, SyncClient &client, QObject *parent = nullptr);

    QList<Member> members() const { return m_members; }
    // The display name of a user of the team; empty when unknown (not yet fetched, or not on the team).
    QString nameOf(const QString &userId) const;
    // Asks the server now (nothing happens while a request runs or without a token).
    void refresh();
    // Asks the server when the cached copy is missing or older than MaxAgeMs.
    void refreshIfStale();
    // Forgets the cached copy (another user logs in on this device).
    void clear();
    // Stores `members` as the cached copy, as if the server had sent them (the offline demo's made-up team).
    Status setMembers(const QList<Member> &members);

    static Result<QList<Member>> parse(const QByteArray &json);

Q_SIGNALS:
    void changed();

private:
    void load();
    void onFinished(ApiCall *call);

    Store &m_store;
    SyncClient &m_client;
    QList<Member> m_members;
    QPointer<ApiCall> m_inflight;
};

} // namespace feltnotat
