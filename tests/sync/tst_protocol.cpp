#include "core/hlc.h"
#include "core/schema.h"
#include "sync/protocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace feltnotat;
using namespace feltnotat::protocol;

namespace {

const QString Clock1 = Hlc {1795425120000, 1, QStringLiteral("dev1")}.toString();
const QString Clock0 = Hlc {1795425110000, 0, QStringLiteral("dev1")}.toString();

Mutation sampleMutation(qint64 seq)
{
    Mutation m;
    m.seq = seq;
    m.entity = QStringLiteral("participant");
    m.recordId = Schema::newId();
    m.changes = {FieldChange {QStringLiteral("name"), QStringLiteral("Kari Søberg"), Clock1, Clock0},
        FieldChange {QStringLiteral("phone"), QVariant(), Clock1, {}}};
    return m;
}

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

class TestProtocol : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pushRoundTrip()
    {
        const Mutation m = sampleMutation(7);
        auto parsed = PushRequest::parse(PushRequest::encode(QStringLiteral("dev1dev1dev1dev1"), {m}));
        QVERIFY2(parsed.ok(), qPrintable(parsed.errorString()));
        QCOMPARE(parsed->deviceId, QStringLiteral("dev1dev1dev1dev1"));
        QCOMPARE(parsed->items.size(), 1);
        const PushItem &item = parsed->items.first();
        QVERIFY(!item.problem);
        QCOMPARE(item.mutation.seq, 7);
        QCOMPARE(item.mutation.recordId, m.recordId);
        QCOMPARE(item.mutation.changes.size(), 2);
        for (const FieldChange &c : item.mutation.changes) {
            if (c.field == u"name") {
                QCOMPARE(c.value.toString(), QStringLiteral("Kari Søberg"));
                QCOMPARE(c.base, Clock0);
            } else {
                QVERIFY(c.value.isNull());
                QVERIFY(c.base.isEmpty());
            }
        }
    }

    void pushEnvelopeErrorsFailTheRequest_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("not json") << QByteArrayLiteral("{\"device_id\":");
        QTest::newRow("array") << QByteArrayLiteral("[]");
        QTest::newRow("unknown key") << QByteArrayLiteral(R"({"device_id":"d","mutations":[],"admin":true})");
        QTest::newRow("mutations not array") << QByteArrayLiteral(R"({"device_id":"d","mutations":{}})");
        QTest::newRow("seq not increasing") << QByteArrayLiteral(
            R"({"device_id":"d","mutations":[{"seq":2,"entity":"task","id":"x","fields":{}},)"
            R"({"seq":2,"entity":"task","id":"x","fields":{}}]})");
        QTest::newRow("seq fractional") << QByteArrayLiteral(
            R"({"device_id":"d","mutations":[{"seq":1.5,"entity":"task","id":"x","fields":{}}]})");
        QTest::newRow("seq string") << QByteArrayLiteral(
            R"({"device_id":"d","mutations":[{"seq":"1","entity":"task","id":"x","fields":{}}]})");
        QTest::newRow("unknown mutation key") << QByteArrayLiteral(
            R"({"device_id":"d","mutations":[{"seq":1,"entity":"task","id":"x","fields":{},"team":"b"}]})");
    }
    void pushEnvelopeErrorsFailTheRequest()
    {
        QFETCH(QByteArray, body);
        QVERIFY(!PushRequest::parse(body).ok());
    }

    void tooManyMutations()
    {
        QList<Mutation> many;
        for (int i = 1; i <= limits::MaxMutationsPerPush + 1; ++i)
            many << sampleMutation(i);
        auto r = PushRequest::parse(PushRequest::encode(QStringLiteral("dev1dev1dev1dev1"), many));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::TooLarge);
    }

    void problemsInsideOneMutationAreReportedOnIt()
    {
        const QString id = Schema::newId();
        QJsonArray list {
            QJsonObject {{QStringLiteral("seq"), 1}, {QStringLiteral("entity"), QStringLiteral("spaceship")},
                {QStringLiteral("id"), id}, {QStringLiteral("fields"), QJsonObject {}}},
            QJsonObject {{QStringLiteral("seq"), 2}, {QStringLiteral("entity"), QStringLiteral("employer")},
                {QStringLiteral("id"), id},
                {QStringLiteral("fields"),
                    QJsonObject {
                        {QStringLiteral("org_number"), QJsonArray {QStringLiteral("123456789"), Clock1}}}}},
            QJsonObject {{QStringLiteral("seq"), 3}, {QStringLiteral("entity"), QStringLiteral("employer")},
                {QStringLiteral("id"), QStringLiteral("../../etc")},
                {QStringLiteral("fields"),
                    QJsonObject {{QStringLiteral("name"), QJsonArray {QStringLiteral("A"), Clock1}}}}},
            QJsonObject {{QStringLiteral("seq"), 4}, {QStringLiteral("entity"), QStringLiteral("employer")},
                {QStringLiteral("id"), id},
                {QStringLiteral("fields"),
                    QJsonObject {{QStringLiteral("name"),
                        QJsonArray {QStringLiteral("A"), QStringLiteral("yesterday")}}}}},
            QJsonObject {{QStringLiteral("seq"), 5}, {QStringLiteral("entity"), QStringLiteral("employer")},
                {QStringLiteral("id"), id},
                {QStringLiteral("fields"),
                    QJsonObject {
                        {QStringLiteral("name"), QJsonArray {QStringLiteral("Fjordbakeriet"), Clock1}}}}},
        };
        auto r = PushRequest::parse(json({{QStringLiteral("device_id"), QStringLiteral("dev1dev1dev1dev1")},
            {QStringLiteral("mutations"), list}}));
        QVERIFY2(r.ok(), qPrintable(r.errorString()));
        QCOMPARE(r->items.size(), 5);
        QVERIFY(r->items.at(0).problem);
        QVERIFY(r->items.at(1).problem);
        QCOMPARE(r->items.at(1).problem->field, QStringLiteral("org_number"));
        QVERIFY(r->items.at(2).problem);
        QVERIFY(r->items.at(3).problem);
        QVERIFY(!r->items.at(4).problem);
    }

    void pullResponseRoundTrip()
    {
        Record rec;
        rec.entity = QStringLiteral("employer");
        rec.id = Schema::newId();
        rec.values = {{QStringLiteral("name"), QStringLiteral("Åsgård Hagesenter")},
            {QStringLiteral("deleted"), false}};
        rec.clocks = {{QStringLiteral("name"), Clock1}, {QStringLiteral("deleted"), Clock0},
            {QStringLiteral("city"), Clock0}};
        PullResponse out;
        out.changes = {rec};
        out.drops = {RecordRef {QStringLiteral("participant"), Schema::newId()}};
        out.cursor = QStringLiteral("feed:12");
        out.more = true;
        auto in = PullResponse::parse(out.toJson());
        QVERIFY2(in.ok(), qPrintable(in.errorString()));
        QCOMPARE(in->changes.size(), 1);
        QCOMPARE(in->changes.first().text(QStringLiteral("name")), QStringLiteral("Åsgård Hagesenter"));
        QCOMPARE(in->changes.first().clocks.value(QStringLiteral("city")),
            Clock0); // cleared field keeps its clock
        QVERIFY(!in->changes.first().values.contains(QStringLiteral("city")));
        QCOMPARE(in->drops.size(), 1);
        QCOMPARE(in->cursor, QStringLiteral("feed:12"));
        QVERIFY(in->more);
    }

    // The device policy in logins and pull pages (docs/sync-protocol.md, "Device policy"): an older
    // server sends none (0: the device keeps what it has), a value out of range or of another type
    // counts as none, and keys a newer server adds are skipped, so the page still applies.
    void devicePolicy()
    {
        LoginResponse login;
        login.token = QStringLiteral("t");
        login.user
            = {QStringLiteral("u1"), QStringLiteral("Kari"), QStringLiteral("team1"), QStringLiteral("Nord")};
        QCOMPARE(LoginResponse::parse(login.toJson())->policy.idleLockMinutes, 0);
        login.policy.idleLockMinutes = 12;
        QVERIFY(login.toJson().contains("\"policy\":{\"idle_lock_minutes\":12}"));
        QCOMPARE(LoginResponse::parse(login.toJson())->policy.idleLockMinutes, 12);

        PullResponse pull;
        pull.cursor = QStringLiteral("feed:1");
        QCOMPARE(PullResponse::parse(pull.toJson())->policy.idleLockMinutes, 0);
        pull.policy.idleLockMinutes = 3;
        QCOMPARE(PullResponse::parse(pull.toJson())->policy.idleLockMinutes, 3);
        const QByteArray page = R"({"changes":[],"drops":[],"cursor":"c","more":false,"reset":false,)";
        for (const char *value : {"0", "61", "2.5", "\"5\"", "null", "true", "{}"}) {
            const auto bad = PullResponse::parse(page + "\"policy\":{\"idle_lock_minutes\":" + value + "}}");
            QVERIFY2(bad.ok(), value);
            QCOMPARE(bad->policy.idleLockMinutes, 0);
            const auto badLogin = LoginResponse::parse(
                R"({"token":"t","user":{"id":"u","team":"t"},"policy":{"idle_lock_minutes":)"
                + QByteArray(value) + "}}");
            QVERIFY2(badLogin.ok(), value);
            QCOMPARE(badLogin->policy.idleLockMinutes, 0);
        }
        const auto newer = PullResponse::parse(
            page + R"("policy":{"wipe_after_days":[1,{"x":2}],"idle_lock_minutes":7,"more":"x"}})");
        QVERIFY2(newer.ok(), qPrintable(newer.errorString()));
        QCOMPARE(newer->policy.idleLockMinutes, 7);
    }

    // A change that is not JSON of a record's form fails the page; a well-formed record this device's rules
    // refuse is marked refused (set aside when applied) and the page is read.
    void tamperedPullResponseIsRefused_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<bool>("pageFails");
        QTest::newRow("bad clock") << "name"
                                   << QJsonValue(QJsonArray {QStringLiteral("X"), QStringLiteral("tomorrow")})
                                   << false;
        QTest::newRow("empty clock") << "name" << QJsonValue(QJsonArray {QStringLiteral("X"), QString()})
                                     << false;
        QTest::newRow("wrong type") << "recruitment_agreement"
                                    << QJsonValue(QJsonArray {QStringLiteral("ja"), Clock1}) << false;
        QTest::newRow("unknown field")
            << "password" << QJsonValue(QJsonArray {QStringLiteral("x"), Clock1}) << false;
        QTest::newRow("birth number")
            << "name" << QJsonValue(QJsonArray {QStringLiteral("01010012356"), Clock1}) << false;
        QTest::newRow("too long") << "name" << QJsonValue(QJsonArray {QString(500, u'x'), Clock1}) << false;
        QTest::newRow("not array") << "name" << QJsonValue(QStringLiteral("Kari")) << true;
        QTest::newRow("clock not text") << "name" << QJsonValue(QJsonArray {QStringLiteral("X"), 5}) << true;
    }
    void tamperedPullResponseIsRefused()
    {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QFETCH(bool, pageFails);
        const QJsonObject change {{QStringLiteral("entity"), QStringLiteral("employer")},
            {QStringLiteral("id"), Schema::newId()},
            {QStringLiteral("fields"), QJsonObject {{field, value}}}};
        const QByteArray body = json(
            {{QStringLiteral("changes"), QJsonArray {change}}, {QStringLiteral("drops"), QJsonArray {}},
                {QStringLiteral("cursor"), QStringLiteral("f:1")}, {QStringLiteral("more"), false}});
        auto page = PullResponse::parse(body);
        QCOMPARE(!page.ok(), pageFails);
        if (!pageFails)
            QVERIFY(!page->refused.value(0).isEmpty());
    }

    void truncatedPullResponseIsRejected()
    {
        PullResponse out;
        out.cursor = QStringLiteral("f:3");
        const QByteArray full = out.toJson();
        QVERIFY(PullResponse::parse(full).ok());
        QVERIFY(!PullResponse::parse(full.left(full.size() - 3)).ok());
        QVERIFY(!PullResponse::parse(QByteArrayLiteral("{\"changes\":[]}")).ok());
    }

    void pushResponseRoundTrip()
    {
        PushResponse out;
        out.appliedThrough = 42;
        out.rejected = {PushRejection {
            40, QStringLiteral("invalid"), QStringLiteral("bad"), QStringLiteral("name"), std::nullopt}};
        auto in = PushResponse::parse(out.toJson());
        QVERIFY(in.ok());
        QCOMPARE(in->appliedThrough, 42);
        QCOMPARE(in->rejected.size(), 1);
        QCOMPARE(in->rejected.first().seq, 40);
        QCOMPARE(in->rejected.first().field, QStringLiteral("name"));
        QVERIFY(!PushResponse::parse(QByteArrayLiteral("{\"applied_through\":-1,\"rejected\":[]}")).ok());
    }

    void loginRequestValidation()
    {
        LoginRequest ok {QStringLiteral("kari"), QStringLiteral("pw"), QStringLiteral("0123456789abcdef0123"),
            QStringLiteral("Telefon")};
        QVERIFY(LoginRequest::parse(ok.toJson()).ok());
        LoginRequest badDevice = ok;
        badDevice.deviceId = QStringLiteral("short");
        QVERIFY(!LoginRequest::parse(badDevice.toJson()).ok());
        LoginRequest noPassword = ok;
        noPassword.password.clear();
        QVERIFY(!LoginRequest::parse(noPassword.toJson()).ok());
    }

    // A key twice in one object is refused wherever it stands, named by its path; equal values too.
    void repeatedKeysAreRefused_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field");
        const QByteArray m = R"({"seq":1,"entity":"task","id":"x","fields":{"title":["a","c"]}})";
        QTest::newRow("top level") << QByteArray(R"({"device_id":"d","device_id":"d","mutations":[]})")
                                   << QStringLiteral("device_id");
        QTest::newRow("in a mutation") << QByteArray(R"({"device_id":"d","mutations":[)" + m
            + R"(,{"seq":2,"seq":2,"entity":"task","id":"x","fields":{}}]})")
                                       << QStringLiteral("mutations[1].seq");
        QTest::newRow("in fields, escaped")
            << QByteArray(R"({"device_id":"d","mutations":[{"seq":1,"entity":"task","id":"x",)"
                          R"("fields":{"title":["a","c"],"t\u0069tle":["a","c"]}}]})")
            << QStringLiteral("mutations[0].fields.title");
    }
    void repeatedKeysAreRefused()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        auto parsed = PushRequest::parse(body);
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().code, ErrorCode::Protocol);
        QCOMPARE(parsed.error().field, field);
        // The same for a login, and for the empty logout body a client sends.
        LoginRequest ok {QStringLiteral("kari"), QStringLiteral("pw"), QStringLiteral("0123456789abcdef0123"),
            QStringLiteral("Telefon")};
        QByteArray twice = ok.toJson();
        twice.chop(1);
        twice += R"(,"password":"pw"})";
        QCOMPARE(LoginRequest::parse(twice).error().field, QStringLiteral("password"));
        QVERIFY(parseLogoutRequest(QByteArrayLiteral("{}")).ok());
        QVERIFY(parseLogoutRequest({}).ok());
        QVERIFY(!parseLogoutRequest(QByteArrayLiteral(R"({"a":1,"a":1})")).ok());
        QVERIFY(!parseLogoutRequest(QByteArrayLiteral("{")).ok());
    }

    void deepNestingIsRefused()
    {
        const QByteArray deep = QByteArray(R"({"device_id":"d","mutations":[],"x":)") + QByteArray(40, '[')
            + QByteArray(40, ']') + '}';
        auto parsed = PushRequest::parse(deep);
        QVERIFY(!parsed.ok());
        QVERIFY(parsed.error().message.contains(u"nested too deeply"));
    }

    void apiErrorBody()
    {
        ApiError e {426, QStringLiteral("protocol_version"), QStringLiteral("update the app"), {}};
        const QJsonObject o = QJsonDocument::fromJson(e.toJson()).object();
        QCOMPARE(o.value(QStringLiteral("supported")).toArray().first().toInt(), Version);
        const ApiError back = ApiError::fromResponse(426, e.toJson());
        QCOMPARE(back.code, QStringLiteral("protocol_version"));
        QCOMPARE(ApiError::fromResponse(502, QByteArrayLiteral("<html>bad gateway</html>")).code,
            QStringLiteral("unavailable"));
    }
};

QTEST_GUILESS_MAIN(TestProtocol)
#include "tst_protocol.moc"
