// End-to-end security through the client stack and feltnotat-cli against a real feltnotat-server:
// a device of team B never receives team A's records and cannot take one over; a revoked device gets
// the Unauthorized state with the reason (disabled, revoked, wipe ordered) in every later process, keeps
// its unsent data and delivers it after logging in again once allowed; a participant
// moved to another team leaves the old team's devices. (Crafted raw requests are in
// tests/server/tst_serversecurity.cpp.) Synthetic data only.
#include "app/common/devicekey.h"
#include "clirunner.h"
#include "core/outbox.h"
#include "e2efixture.h"
#include "support/testdata.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace feltnotat;
using e2e::Device;
using testserver::ServerProcess;

class TestE2eSecurity : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ServerProcess> m_server;
    e2e::Team m_north;
    e2e::Team m_south;

    std::unique_ptr<Device> loggedIn(const QString &name, const QString &login)
    {
        auto d = std::make_unique<Device>(name);
        QString error;
        if (!d->open(&error) || !d->login(m_server->url(), login, &error)) {
            qWarning("%s: %s", qPrintable(name), qPrintable(error));
            return {};
        }
        return d;
    }

    // Ids of every record in a snapshot, and the teams they say they belong to.
    static QSet<QString> idsIn(const QJsonObject &snapshot, QSet<QString> *teams = nullptr)
    {
        QSet<QString> ids;
        for (const QJsonValue &table : snapshot) {
            const QJsonObject records = table.toObject();
            for (auto it = records.begin(); it != records.end(); ++it) {
                ids.insert(it.key());
                if (teams)
                    teams->insert(it.value().toObject().value(QStringLiteral("team")).toString());
            }
        }
        return ids;
    }

    // A few records of every kind, created offline on d; their ids.
    static QSet<QString> fill(Device &d, const QString &tag)
    {
        QSet<QString> ids;
        for (int i = 0; i < 5; ++i) {
            auto p = d.store().create(QStringLiteral("participant"),
                testdata::participant(QStringLiteral("%1 deltaker %2").arg(tag).arg(i)));
            auto e = d.store().create(QStringLiteral("employer"),
                testdata::employer(
                    QStringLiteral("%1 arbeidsgiver %2").arg(tag).arg(i), testdata::OrgNumberB));
            if (!p || !e)
                return {};
            auto m = d.store().create(QStringLiteral("encounter"),
                testdata::encounter(
                    p->id, QDateTime::currentDateTimeUtc(), QStringLiteral("%1 samtale %2").arg(tag).arg(i)));
            if (!m)
                return {};
            ids << p->id << e->id << m->id;
        }
        return ids;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<ServerProcess>();
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
        QString error;
        m_north = e2e::createTeam(*m_server, QStringLiteral("Team Nord"), QStringLiteral("nord"), 4, &error);
        QVERIFY2(!m_north.id.isEmpty(), qPrintable(error));
        m_south = e2e::createTeam(*m_server, QStringLiteral("Team Sør"), QStringLiteral("sor"), 3, &error);
        QVERIFY2(!m_south.id.isEmpty(), qPrintable(error));
    }

    void otherTeamNeverReceivesRecords()
    {
        auto a = loggedIn(QStringLiteral("nord"), m_north.logins.at(0));
        auto b = loggedIn(QStringLiteral("sør"), m_south.logins.at(0));
        QVERIFY(a && b);
        const QSet<QString> idsA = fill(*a, QStringLiteral("Nord"));
        const QSet<QString> idsB = fill(*b, QStringLiteral("Sør"));
        QCOMPARE(idsA.size(), 15);
        QCOMPARE(idsB.size(), 15);
        for (Device *d : {a.get(), b.get(), a.get(), b.get()})
            QVERIFY(d->sync());

        QSet<QString> teamsOnB;
        QCOMPARE(idsIn(b->snapshot(), &teamsOnB), idsB);
        QCOMPARE(teamsOnB, QSet<QString> {m_south.id});
        QSet<QString> teamsOnA;
        QCOMPARE(idsIn(a->snapshot(), &teamsOnA), idsA);
        QCOMPARE(teamsOnA, QSet<QString> {m_north.id});
        auto hits = b->store().searchIndex().search(QStringLiteral("Nord"), 50);
        QVERIFY(hits);
        QCOMPARE(hits->size(), 0);
        // The server holds each team's records apart: fresh devices see exactly what the devices see.
        auto freshB = loggedIn(QStringLiteral("sør fresh"), m_south.logins.at(1));
        QVERIFY(freshB);
        QString diff = e2e::diffSnapshots(b->snapshot(), freshB->snapshot());
        QVERIFY2(diff.isEmpty(), qPrintable(diff));

        // B makes up a record with the id of one of A's participants: the server refuses it, B's
        // copy goes away, and A's record is untouched.
        const QString target = *std::find_if(idsA.begin(), idsA.end(),
            [&](const QString &id) { return a->store().get(QStringLiteral("participant"), id).has_value(); });
        const QString nameBefore
            = a->store().get(QStringLiteral("participant"), target)->text(QStringLiteral("name"));
        QVERIFY(b->store().createWithId(
            QStringLiteral("participant"), target, testdata::participant(QStringLiteral("Overtatt av Sør"))));
        QVERIFY(b->sync());
        QCOMPARE(b->pending(), 0);
        const QList<DeadLetter> dead = Outbox(b->store()).deadLetters();
        QCOMPARE(dead.size(), 1);
        QCOMPARE(dead.first().code, QStringLiteral("forbidden"));
        QVERIFY(!b->store().get(QStringLiteral("participant"), target));
        QVERIFY(a->sync());
        QCOMPARE(
            a->store().get(QStringLiteral("participant"), target)->text(QStringLiteral("name")), nameBefore);
        QCOMPARE(idsIn(b->snapshot()), idsB);
        auto freshA = loggedIn(QStringLiteral("nord fresh"), m_north.logins.at(1));
        QVERIFY(freshA);
        diff = e2e::diffSnapshots(a->snapshot(), freshA->snapshot());
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    // H2/L7 through the client stack: a disabled user's device stops, knows why in every later
    // process, keeps its unsent work, and delivers it once the user is enabled and logs in again.
    void disabledUserKeepsUnsentDataAndKnowsWhy()
    {
        auto r = loggedIn(QStringLiteral("disabled"), m_north.logins.at(2));
        QVERIFY(r);
        QVERIFY(r->session().isLoggedIn());
        const QSet<QString> unsent = fill(*r, QStringLiteral("Ikke sendt"));
        QCOMPARE(unsent.size(), 15);
        const qint64 pending = r->pending();
        QVERIFY(pending >= 15);
        const QJsonObject before = r->snapshot();

        const testserver::AdminResult disable
            = m_server->admin({QStringLiteral("disable-user"), m_north.logins.at(2)});
        QVERIFY2(disable.exitCode == 0, disable.err.constData());
        QSignalSpy signedOut(&r->session(), &Session::signedOut);
        QVERIFY(!r->sync());
        QCOMPARE(r->stateAfterSync(), SyncEngine::State::Unauthorized);
        QCOMPARE(signedOut.size(), 1);
        QCOMPARE(signedOut.first().first().value<SyncEngine::SignOutReason>(),
            SyncEngine::SignOutReason::UserDisabled);
        QVERIFY(!r->session().isLoggedIn());
        QCOMPARE(r->pending(), pending);
        QString diff
            = e2e::diffSnapshots(before, r->snapshot(), QStringLiteral("before"), QStringLiteral("after"));
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        // The next process knows it is signed out, and why, without asking the server.
        r->close();
        QVERIFY(r->open());
        QVERIFY(!r->session().isLoggedIn());
        QCOMPARE(r->session().signOutReason(), SyncEngine::SignOutReason::UserDisabled);
        QCOMPARE(r->pending(), pending);
        // Nothing of it reached the server.
        auto other = loggedIn(QStringLiteral("nord other"), m_north.logins.at(3));
        QVERIFY(other);
        QVERIFY(!idsIn(other->snapshot()).intersects(unsent));
        // While disabled, logging in says so.
        QString error;
        QVERIFY(!r->login(m_server->url(), m_north.logins.at(2), &error));
        QVERIFY2(error.contains(u"deaktivert"), qPrintable(error));

        // Enabled again: logging in issues a new token; the first sync delivers what waited.
        QCOMPARE(m_server->admin({QStringLiteral("enable-user"), m_north.logins.at(2)}).exitCode, 0);
        QVERIFY2(r->login(m_server->url(), m_north.logins.at(2), &error), qPrintable(error));
        QVERIFY(r->session().isLoggedIn());
        QCOMPARE(r->session().signOutReason(), SyncEngine::SignOutReason::None);
        QVERIFY(r->sync());
        QCOMPARE(r->pending(), 0);
        QCOMPARE(r->engine().deadLetterCount(), 0);
        QVERIFY(other->sync());
        QVERIFY(idsIn(other->snapshot()).contains(unsent));
        diff = e2e::diffSnapshots(
            r->snapshot(), other->snapshot(), QStringLiteral("re-enabled"), QStringLiteral("other"));
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    // A revoked device stays out even with the right password; a wipe order reaches the device as such.
    void revokedAndWipedDevicesLearnWhy()
    {
        auto r = loggedIn(QStringLiteral("revoked"), m_north.logins.at(1));
        QVERIFY(r);
        const QSet<QString> unsent = fill(*r, QStringLiteral("Sperret"));
        QCOMPARE(m_server->admin({QStringLiteral("revoke-device"), r->deviceId()}).exitCode, 0);
        QVERIFY(!r->sync());
        QCOMPARE(r->session().signOutReason(), SyncEngine::SignOutReason::DeviceRevoked);
        QString error;
        QVERIFY(!r->login(m_server->url(), m_north.logins.at(1), &error));
        QVERIFY2(error.contains(u"sperret"), qPrintable(error));
        QVERIFY(!r->session().isLoggedIn());
        QVERIFY(r->pending() >= 15);

        auto w = loggedIn(QStringLiteral("wiped"), m_north.logins.at(0));
        QVERIFY(w);
        QCOMPARE(m_server->admin({QStringLiteral("wipe-device"), w->deviceId()}).exitCode, 0);
        QVERIFY(!w->sync());
        QCOMPARE(w->session().signOutReason(), SyncEngine::SignOutReason::WipeOrdered);
        QVERIFY(w->session().wipeOrdered());
        // Carried out when the session closes at the latest: the next open destroys the key and files.
        w->close();
        QVERIFY(!w->open(&error));
        QVERIFY2(error.contains(u"slettet"), qPrintable(error));
        QVERIFY(!devicekey::exists(w->dataDir()));
        QVERIFY(!QFile::exists(Session::databasePath(w->dataDir())));
        QVERIFY(w->open()); // a fresh, empty folder
        QVERIFY(!w->session().isLoggedIn());
        QCOMPARE(w->session().signOutReason(), SyncEngine::SignOutReason::None);
        QCOMPARE(e2e::countIn(w->snapshot(), QStringLiteral("participants")), 0);
        // The revoked device still has its unsent work, encrypted.
        QVERIFY(devicekey::exists(r->dataDir()));
        Q_UNUSED(unsent)
    }

    // 72 hours without the server: locked until a sync gets through; 14 days: the data is destroyed.
    void offlineTooLongLocksThenWipes()
    {
        ManualClock clock(QDateTime::currentDateTimeUtc());
        e2e::Device d(QStringLiteral("offline"));
        d.setClock(&clock);
        QString error;
        QVERIFY2(d.open(&error) && d.login(m_server->url(), m_north.logins.at(3), &error), qPrintable(error));
        QVERIFY(d.engine().lastSuccess().isValid());
        const qint64 hour = 3600 * 1000;
        clock.advanceMs(71 * hour);
        QVERIFY(!d.session().contactOverdue());
        clock.advanceMs(2 * hour);
        QVERIFY(d.session().contactOverdue());
        QVERIFY(d.sync());
        QVERIFY(!d.session().contactOverdue());
        QVERIFY(d.store().create(
            QStringLiteral("participant"), testdata::participant(QStringLiteral("Borte Lenge"))));
        clock.advanceMs(13 * 24 * hour);
        d.close();
        QVERIFY2(d.open(&error), qPrintable(error)); // 13 days: still there (locked, not wiped)
        QVERIFY(d.session().contactOverdue());
        clock.advanceMs(24 * hour + hour);
        d.close();
        QVERIFY(!d.open(&error));
        QVERIFY2(error.contains(QStringLiteral("14 dager")), qPrintable(error));
        QVERIFY(!devicekey::exists(d.dataDir()));
        QVERIFY(!QFile::exists(Session::databasePath(d.dataDir())));
    }

    void wipedCliDestroysItsData()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("cli"));
        const e2e::CliResult login = e2e::runCli(dir,
            {QStringLiteral("login"), QStringLiteral("--server"), m_server->url().toString(),
                QStringLiteral("--user"), m_south.logins.at(1)},
            e2e::Password.toUtf8() + '\n');
        QVERIFY2(login.exitCode == 0, login.err.constData());
        const QString deviceId = e2e::runCli(dir, {QStringLiteral("status")})
                                     .json()
                                     .object()
                                     .value(QStringLiteral("device"))
                                     .toString();
        QVERIFY(!deviceId.isEmpty());
        QCOMPARE(e2e::runCli(dir,
                     {QStringLiteral("add"), QStringLiteral("participant"), QStringLiteral("name=Slettes")})
                     .exitCode,
            0);
        QCOMPARE(m_server->admin({QStringLiteral("wipe-device"), deviceId}).exitCode, 0);
        const e2e::CliResult refused = e2e::runCli(dir, {QStringLiteral("sync")});
        QCOMPARE(refused.exitCode, 4);
        QVERIFY2(QString::fromUtf8(refused.err).contains(QStringLiteral("de er slettet")),
            refused.err.constData());
        QVERIFY(!devicekey::exists(dir));
        QVERIFY(!QFile::exists(Session::databasePath(dir)));
    }

    void revokedCliKeepsUnsentData()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("cli"));
        const e2e::CliResult login = e2e::runCli(dir,
            {QStringLiteral("login"), QStringLiteral("--server"), m_server->url().toString(),
                QStringLiteral("--user"), m_south.logins.at(2)},
            e2e::Password.toUtf8() + '\n');
        QVERIFY2(login.exitCode == 0, login.err.constData());
        const e2e::CliResult status = e2e::runCli(dir, {QStringLiteral("status")});
        const QString deviceId = status.json().object().value(QStringLiteral("device")).toString();
        QVERIFY(!deviceId.isEmpty());
        const e2e::CliResult added = e2e::runCli(dir,
            {QStringLiteral("add"), QStringLiteral("participant"), QStringLiteral("name=Ikke sendt CLI")});
        QCOMPARE(added.exitCode, 0);
        const QString id = added.json().object().value(QStringLiteral("id")).toString();

        QCOMPARE(m_server->admin({QStringLiteral("revoke-device"), deviceId}).exitCode, 0);
        const e2e::CliResult refused = e2e::runCli(dir, {QStringLiteral("sync")});
        QCOMPARE(refused.exitCode, 4); // not logged in / token refused
        const QJsonObject after = e2e::runCli(dir, {QStringLiteral("status")}).json().object();
        QCOMPARE(after.value(QStringLiteral("pending")).toInt(), 1);
        // Issue 19: every later process says signed out, and why.
        QCOMPARE(after.value(QStringLiteral("logged_in")), QJsonValue(false));
        QCOMPARE(
            after.value(QStringLiteral("signed_out_reason")), QJsonValue(QStringLiteral("device_revoked")));
        const clitest::Run text = clitest::on(dir, {QStringLiteral("status")});
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(
            text.outText().contains(QStringLiteral("serveren har sperret denne enheten")), text.describe());
        const clitest::Run english
            = clitest::on(dir, {QStringLiteral("--lang"), QStringLiteral("en"), QStringLiteral("status")});
        QVERIFY2(
            english.outText().contains(QStringLiteral("the server revoked this device")), english.describe());
        // A sync says the same instead of the transport's words.
        const clitest::Run again = clitest::on(dir, {QStringLiteral("sync")});
        QCOMPARE(again.exitCode, 4);
        QVERIFY2(again.errText().contains(QStringLiteral("sperret denne enheten")), again.describe());
        const e2e::CliResult shown
            = e2e::runCli(dir, {QStringLiteral("show"), QStringLiteral("participant"), id});
        QCOMPARE(shown.exitCode, 0);
        QCOMPARE(
            shown.json().object().value(QStringLiteral("name")).toString(), QStringLiteral("Ikke sendt CLI"));
    }

    // Issue 19: a server that is gone is worded as what it is, in Bokmål or English, and nothing is lost.
    void cliSaysServerNotReachable()
    {
        ServerProcess gone;
        QVERIFY2(gone.start(), qPrintable(gone.errorString()));
        QString error;
        const e2e::Team team
            = e2e::createTeam(gone, QStringLiteral("Team Borte"), QStringLiteral("borte"), 1, &error);
        QVERIFY2(!team.id.isEmpty(), qPrintable(error));
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("cli"));
        const e2e::CliResult login = e2e::runCli(dir,
            {QStringLiteral("login"), QStringLiteral("--server"), gone.url().toString(),
                QStringLiteral("--user"), team.logins.at(0)},
            e2e::Password.toUtf8() + '\n');
        QVERIFY2(login.exitCode == 0, login.err.constData());
        QCOMPARE(e2e::runCli(dir,
                     {QStringLiteral("add"), QStringLiteral("participant"), QStringLiteral("name=Venter")})
                     .exitCode,
            0);
        QCOMPARE(gone.stop(), 0);
        const clitest::Run nb = clitest::on(dir, {QStringLiteral("sync")});
        QCOMPARE(nb.exitCode, 3);
        QVERIFY2(nb.errText().contains(QStringLiteral("serveren svarer ikke")), nb.describe());
        QVERIFY2(nb.errText().contains(QStringLiteral("ingenting er tapt")), nb.describe());
        const clitest::Run en
            = clitest::on(dir, {QStringLiteral("--lang"), QStringLiteral("en"), QStringLiteral("sync")});
        QCOMPARE(en.exitCode, 3);
        QVERIFY2(en.errText().contains(QStringLiteral("server not reachable")), en.describe());
        QVERIFY2(en.errText().contains(QStringLiteral("nothing lost, the next sync resumes")), en.describe());
        QCOMPARE(e2e::runCli(dir, {QStringLiteral("status")})
                     .json()
                     .object()
                     .value(QStringLiteral("pending"))
                     .toInt(),
            1);
    }

    void movedParticipantLeavesOldTeam()
    {
        auto a = loggedIn(QStringLiteral("nord"), m_north.logins.at(0));
        auto b = loggedIn(QStringLiteral("sør"), m_south.logins.at(0));
        QVERIFY(a && b);
        auto p = a->store().create(
            QStringLiteral("participant"), testdata::participant(QStringLiteral("Flytter Sørover")));
        QVERIFY(p);
        auto m = a->store().create(QStringLiteral("encounter"),
            testdata::encounter(p->id, QDateTime::currentDateTimeUtc(), QStringLiteral("Før flytting")));
        QVERIFY(m);
        QVERIFY(a->sync());

        const testserver::AdminResult moved = m_server->admin(
            {QStringLiteral("move-participant"), p->id, QStringLiteral("--team"), m_south.id});
        QVERIFY2(moved.exitCode == 0, moved.err.constData());
        QVERIFY(a->sync());
        QVERIFY(b->sync());
        QVERIFY(!a->store().get(QStringLiteral("participant"), p->id));
        QVERIFY(!a->store().get(QStringLiteral("encounter"), m->id));
        QCOMPARE(b->store().get(QStringLiteral("participant"), p->id)->text(QStringLiteral("name")),
            QStringLiteral("Flytter Sørover"));
        QVERIFY(b->store().get(QStringLiteral("encounter"), m->id));
        QSet<QString> teamsOnA;
        idsIn(a->snapshot(), &teamsOnA);
        QCOMPARE(teamsOnA, QSet<QString> {m_north.id});
        auto freshA = loggedIn(QStringLiteral("nord fresh"), m_north.logins.at(1));
        QVERIFY(freshA);
        const QString diff = e2e::diffSnapshots(a->snapshot(), freshA->snapshot());
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    void cleanupTestCase()
    {
        if (m_server)
            QCOMPARE(m_server->stop(), 0);
    }
};

QTEST_GUILESS_MAIN(TestE2eSecurity)
#include "tst_e2e_security.moc"
