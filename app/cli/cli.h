#pragma once

#include "app/common/session.h"
#include "clioptions.h"
#include "core/deletionconflicts.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>
#include <QTextStream>

namespace feltnotat {

// feltnotat-cli: the headless client. Every command uses the same Session, store and sync engine as
// the app. Exit codes: 0 done, 1 refused (validation, not found), 2 usage, 3 sync or network failure,
// 4 not logged in / token refused, 5 store locked (PIN missing or wrong).
class Cli
{
public:
    enum Exit { Ok = 0, Refused = 1, Usage = 2, SyncFailed = 3, NotLoggedIn = 4, StoreLocked = 5 };

    Cli(QTextStream &out, QTextStream &err);
    int run(const QStringList &arguments);
    // --help: in Bokmål, and in English with --lang en.
    static QString helpText();
    static QString helpTextEnglish();

private:
    int dispatch(const QString &command, QStringList args);

    // Records (clirecords.cpp)
    int add(QStringList &args);
    int edit(QStringList &args);
    int remove(QStringList &args);
    int show(QStringList &args);
    int list(QStringList &args);
    int search(QStringList &args);
    int today(QStringList &args);
    int exportAll(QStringList &args);
    int importRecords(QStringList &args); // cliimport.cpp

    // Sync and account (clisync.cpp)
    int login(QStringList &args);
    int logout(QStringList &args);
    int sync(QStringList &args);
    int status(QStringList &args);
    int conflicts(QStringList &args);
    int resolve(QStringList &args);
    int deadLetters(QStringList &args);
    int retry(QStringList &args);
    int discard(QStringList &args);
    QJsonObject deletionConflictJson(const DeletionConflict &d);
    QString deletionConflictText(const DeletionConflict &d);
    QString takenAlongSummary(const DeletionConflict &d) const;
    QString takenAlongLine(const DeletionConflict::Child &child) const;

    // Helpers
    // Whether option `name` (without dashes) was given, anywhere on the command line (clioptions.h).
    bool option(const QString &name, QString *value = nullptr) const { return m_options.isSet(name, value); }
    Result<QVariantHash> parseAssignments(const QString &entity, const QStringList &pairs);
    int fail(const Error &error, int code = Refused);
    int usage(const QString &message);
    void print(const QJsonValue &json, const QString &text);
    QString describe(const Record &record) const;
    // Text for a person: Bokmål, or English with --lang en.
    QString say(const QString &bokmal, const QString &english) const { return m_english ? english : bokmal; }

    QTextStream &m_out;
    QTextStream &m_err;
    CliOptions m_options;
    bool m_json = false;
    bool m_english = false;
    std::unique_ptr<Session> m_session;
};

} // namespace feltnotat
