// The employer register (issue 17 item 5) against the real feltnotat-server: Enhetsregisteret's bulk
// files (gzip and plain) and update pages (oppdateringer) in their published JSON format, imported
// with `admin import-enhetsregisteret` from files and from a URL, and looked up by devices through
// /v1/register. SQLite, and PostgreSQL as tst_register_pg. The files are synthetic.
#include "apiclient.h"
#include "statichttpserver.h"
#include "support/serverprocess.h"
#include "sync/compression.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace testapi;
using testserver::ServerProcess;

namespace {

const QString Password = QStringLiteral("testpassord-register");
const QString Api = QStringLiteral("https://data.brreg.no/enhetsregisteret/api");

// A valid organisation number (MOD11) from eight digits.
QString orgNumber(int eightDigits)
{
    static const int weights[] = {3, 2, 7, 6, 5, 4, 3, 2};
    for (int n = eightDigits;; ++n) {
        const QString digits = QStringLiteral("%1").arg(n, 8, 10, QLatin1Char('0'));
        int sum = 0;
        for (int i = 0; i < 8; ++i)
            sum += digits.at(i).digitValue() * weights[i];
        const int check = (11 - sum % 11) % 11;
        if (check != 10)
            return digits + QString::number(check);
    }
}

QJsonObject address(const QString &street, const QString &postalCode, const QString &city)
{
    return {{QStringLiteral("land"), QStringLiteral("Norge")},
        {QStringLiteral("landkode"), QStringLiteral("NO")}, {QStringLiteral("postnummer"), postalCode},
        {QStringLiteral("poststed"), city}, {QStringLiteral("adresse"), QJsonArray {street}},
        {QStringLiteral("kommune"), city}, {QStringLiteral("kommunenummer"), QStringLiteral("1520")}};
}

QJsonObject link(const QString &href)
{
    return {{QStringLiteral("href"), href}};
}

// An entry of enheter_alle.json as Brønnøysundregistrene publish it.
QJsonObject unit(
    const QString &number, const QString &name, int employees, const QString &city = QStringLiteral("ØRSTA"))
{
    return {{QStringLiteral("organisasjonsnummer"), number}, {QStringLiteral("navn"), name},
        {QStringLiteral("organisasjonsform"),
            QJsonObject {{QStringLiteral("kode"), QStringLiteral("AS")},
                {QStringLiteral("beskrivelse"), QStringLiteral("Aksjeselskap")},
                {QStringLiteral("_links"),
                    QJsonObject {
                        {QStringLiteral("self"), link(Api + QStringLiteral("/organisasjonsformer/AS"))}}}}},
        {QStringLiteral("postadresse"), address(QStringLiteral("Postboks 12"), QStringLiteral("6151"), city)},
        {QStringLiteral("registreringsdatoEnhetsregisteret"), QStringLiteral("2015-03-01")},
        {QStringLiteral("registrertIMvaregisteret"), true},
        {QStringLiteral("naeringskode1"),
            QJsonObject {
                {QStringLiteral("beskrivelse"), QStringLiteral("Produksjon av brød og ferske konditorvarer")},
                {QStringLiteral("kode"), QStringLiteral("10.710")}}},
        {QStringLiteral("antallAnsatte"), employees}, {QStringLiteral("harRegistrertAntallAnsatte"), true},
        {QStringLiteral("forretningsadresse"),
            address(QStringLiteral("Storgata 4"), QStringLiteral("6150"), city)},
        {QStringLiteral("institusjonellSektorkode"),
            QJsonObject {{QStringLiteral("kode"), QStringLiteral("2100")},
                {QStringLiteral("beskrivelse"), QStringLiteral("Private aksjeselskaper mv.")}}},
        {QStringLiteral("registrertIForetaksregisteret"), true},
        {QStringLiteral("registrertIStiftelsesregisteret"), false},
        {QStringLiteral("registrertIFrivillighetsregisteret"), false}, {QStringLiteral("konkurs"), false},
        {QStringLiteral("underAvvikling"), false},
        {QStringLiteral("underTvangsavviklingEllerTvangsopplosning"), false},
        {QStringLiteral("maalform"), QStringLiteral("Bokmål")},
        {QStringLiteral("_links"),
            QJsonObject {{QStringLiteral("self"), link(Api + QStringLiteral("/enheter/") + number)}}}};
}

// An entry of underenheter_alle.json: a workplace of a unit.
QJsonObject subUnit(const QString &number, const QString &name, const QString &parent, const QString &street)
{
    return {{QStringLiteral("organisasjonsnummer"), number}, {QStringLiteral("navn"), name},
        {QStringLiteral("organisasjonsform"),
            QJsonObject {{QStringLiteral("kode"), QStringLiteral("BEDR")},
                {QStringLiteral("beskrivelse"),
                    QStringLiteral("Underenhet til næringsdrivende og offentlig forvaltning")}}},
        {QStringLiteral("registreringsdatoEnhetsregisteret"), QStringLiteral("2016-05-10")},
        {QStringLiteral("registrertIMvaregisteret"), false},
        {QStringLiteral("naeringskode1"),
            QJsonObject {{QStringLiteral("beskrivelse"), QStringLiteral("Butikkhandel med bakervarer")},
                {QStringLiteral("kode"), QStringLiteral("47.240")}}},
        {QStringLiteral("antallAnsatte"), 7}, {QStringLiteral("harRegistrertAntallAnsatte"), true},
        {QStringLiteral("overordnetEnhet"), parent},
        {QStringLiteral("oppstartsdato"), QStringLiteral("2016-05-01")},
        {QStringLiteral("beliggenhetsadresse"),
            address(street, QStringLiteral("6100"), QStringLiteral("VOLDA"))},
        {QStringLiteral("_links"),
            QJsonObject {{QStringLiteral("self"), link(Api + QStringLiteral("/underenheter/") + number)},
                {QStringLiteral("overordnetEnhet"), link(Api + QStringLiteral("/enheter/") + parent)}}}};
}

// One entry of an oppdateringer page.
QJsonObject update(qint64 id, const QString &number, const QString &type, const QString &href,
    const std::optional<QJsonArray> &changes = {})
{
    QJsonObject e {{QStringLiteral("oppdateringsid"), id},
        {QStringLiteral("dato"), QStringLiteral("2026-11-30T05:01:02.123Z")},
        {QStringLiteral("organisasjonsnummer"), number}, {QStringLiteral("endringstype"), type},
        {QStringLiteral("_links"), QJsonObject {{QStringLiteral("enhet"), link(href)}}}};
    if (changes)
        e.insert(QStringLiteral("endringer"), *changes);
    return e;
}

QByteArray page(const QJsonArray &entries, const QString &next = {})
{
    QJsonObject links {{QStringLiteral("self"), link(Api + QStringLiteral("/oppdateringer/enheter"))}};
    if (!next.isEmpty())
        links.insert(QStringLiteral("next"), link(next));
    return QJsonDocument(
        QJsonObject {
            {QStringLiteral("_embedded"), QJsonObject {{QStringLiteral("oppdaterteEnheter"), entries}}},
            {QStringLiteral("_links"), links},
            {QStringLiteral("page"),
                QJsonObject {{QStringLiteral("size"), 20}, {QStringLiteral("totalElements"), entries.size()},
                    {QStringLiteral("totalPages"), 1}, {QStringLiteral("number"), 0}}}})
        .toJson(QJsonDocument::Indented);
}

QJsonObject op(const char *kind, const char *path, const QJsonValue &value = {})
{
    QJsonObject o {
        {QStringLiteral("op"), QLatin1String(kind)}, {QStringLiteral("path"), QLatin1String(path)}};
    if (!value.isUndefined())
        o.insert(QStringLiteral("value"), value);
    return o;
}

} // namespace

class TestRegister : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<ApiClient> m_api;
    Device m_device;
    QTemporaryDir m_dir;
    const QString m_bakery = orgNumber(91200000);
    const QString m_plumber = orgNumber(91300000);
    const QString m_cafe = orgNumber(91400000);
    const QString m_shopVolda = orgNumber(97100000);
    const QString m_shopOrsta = orgNumber(97200000);

    QString write(const QString &name, const QByteArray &content, bool gzipped)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(gzipped ? feltnotat::compression::gzip(content) : content);
        return path;
    }

    QJsonObject status()
    {
        const auto r = m_server->admin({QStringLiteral("register-status"), QStringLiteral("--json")});
        return r.exitCode == 0 ? QJsonDocument::fromJson(r.out).object() : QJsonObject();
    }

    QJsonArray search(const QString &q)
    {
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("q"), q);
        const Reply r = m_api->get(
            QStringLiteral("/v1/register/search?") + query.toString(QUrl::FullyEncoded), m_device.token);
        return r.status == 200 ? r.json().value(QStringLiteral("units")).toArray()
                               : QJsonArray {QStringLiteral("HTTP %1").arg(r.status)};
    }

    QStringList numbers(const QJsonArray &units)
    {
        QStringList out;
        for (const QJsonValue &u : units)
            out << u.toObject().value(QStringLiteral("org_number")).toString();
        return out;
    }

    QByteArray unitsFile(bool withCafe)
    {
        QJsonArray units {unit(m_bakery, QStringLiteral("Fjordbakeriet Ørsta AS"), 12),
            unit(m_plumber, QStringLiteral("Rør & Vå Service AS"), 3, QStringLiteral("VOLDA")),
            // Entries without a valid organisation number or a name are skipped, not fatal.
            unit(QStringLiteral("123456789"), QStringLiteral("Feil Nummer AS"), 1),
            unit(orgNumber(91500000), QString(), 1)};
        if (withCafe)
            units.append(unit(m_cafe, QStringLiteral("Kafé Brødskiva"), 4));
        return QJsonDocument(units).toJson(QJsonDocument::Indented);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        ServerProcess::Options options;
#ifdef FELTNOTAT_TEST_BACKEND_PG
        FELTNOTAT_PG_DATABASE_OR_SKIP(database);
        options.database = database;
#endif
        m_server = std::make_unique<ServerProcess>(options);
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
        const QString team = m_server->createTeam(QStringLiteral("Team Register"));
        QVERIFY(!m_server->createUser(team, QStringLiteral("rita"), Password).isEmpty());
        m_api = std::make_unique<ApiClient>(m_server->url());
        m_device = m_api->loginDevice(QStringLiteral("rita"), Password);
        QVERIFY(!m_device.token.isEmpty());
    }

    void bulkFilesImportAndDevicesFindUnits()
    {
        auto r = m_server->admin({QStringLiteral("import-enhetsregisteret"),
            write(QStringLiteral("enheter_alle.json.gz"), unitsFile(true), true)});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(
            r.out.contains("imported 3 units") && r.out.contains("2 entries skipped"), r.out.constData());
        const QByteArray subUnits
            = QJsonDocument(QJsonArray {subUnit(m_shopVolda, QStringLiteral("Fjordbakeriet Volda"), m_bakery,
                                            QStringLiteral("Torget 2")),
                                subUnit(m_shopOrsta, QStringLiteral("Fjordbakeriet avd. Ørsta sentrum"),
                                    m_bakery, QStringLiteral("Storgata 4"))})
                  .toJson(QJsonDocument::Compact);
        r = m_server->admin({QStringLiteral("import-enhetsregisteret"),
            write(QStringLiteral("underenheter_alle.json"), subUnits, false)});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("imported 0 units and 2 sub-units"), r.out.constData());
        const QJsonObject s = status();
        QCOMPARE(s.value(QStringLiteral("units")).toInt(), 3);
        QCOMPARE(s.value(QStringLiteral("sub_units")).toInt(), 2);

        // By a word of the name, without accents or Norwegian letters, by several word starts.
        QCOMPARE(numbers(search(QStringLiteral("ørsta"))), (QStringList {m_bakery, m_shopOrsta}));
        QCOMPARE(numbers(search(QStringLiteral("vaa"))), QStringList());
        QCOMPARE(numbers(search(QStringLiteral("ror va"))), QStringList {m_plumber});
        QCOMPARE(numbers(search(QStringLiteral("Kafe brod"))), QStringList {m_cafe});
        QCOMPARE(
            numbers(search(QStringLiteral("fjordbak"))), (QStringList {m_bakery, m_shopOrsta, m_shopVolda}));
        // By organisation number, with the spaces people type.
        const QJsonArray byNumber
            = search(m_shopVolda.left(3) + u' ' + m_shopVolda.mid(3, 3) + u' ' + m_shopVolda.mid(6));
        QCOMPARE(numbers(byNumber), QStringList {m_shopVolda});
        const QJsonObject shop = byNumber.first().toObject();
        QCOMPARE(shop.value(QStringLiteral("kind")).toString(), QStringLiteral("sub_unit"));
        QCOMPARE(shop.value(QStringLiteral("parent_org_number")).toString(), m_bakery);
        QCOMPARE(
            shop.value(QStringLiteral("parent_name")).toString(), QStringLiteral("Fjordbakeriet Ørsta AS"));
        QCOMPARE(shop.value(QStringLiteral("address")).toString(), QStringLiteral("Torget 2"));
        QCOMPARE(shop.value(QStringLiteral("postal_code")).toString(), QStringLiteral("6100"));
        QCOMPARE(shop.value(QStringLiteral("city")).toString(), QStringLiteral("VOLDA"));
        QCOMPARE(
            shop.value(QStringLiteral("industry")).toString(), QStringLiteral("Butikkhandel med bakervarer"));

        // One unit with its workplaces, one workplace with its legal unit.
        Reply one = m_api->get(QStringLiteral("/v1/register/units/") + m_bakery, m_device.token);
        QCOMPARE(one.status, 200);
        QCOMPARE(
            one.json().value(QStringLiteral("unit")).toObject().value(QStringLiteral("address")).toString(),
            QStringLiteral("Storgata 4"));
        QCOMPARE(
            one.json().value(QStringLiteral("unit")).toObject().value(QStringLiteral("employees")).toInt(),
            12);
        QCOMPARE(numbers(one.json().value(QStringLiteral("sub_units")).toArray()),
            (QStringList {m_shopOrsta, m_shopVolda}));
        one = m_api->get(QStringLiteral("/v1/register/units/") + m_shopVolda, m_device.token);
        QCOMPARE(one.json()
                     .value(QStringLiteral("parent"))
                     .toObject()
                     .value(QStringLiteral("org_number"))
                     .toString(),
            m_bakery);
    }

    void lookupsNeedADeviceAndSaneInput()
    {
        QCOMPARE(m_api->get(QStringLiteral("/v1/register/search?q=fjord")).status, 401);
        QCOMPARE(m_api->get(QStringLiteral("/v1/register/search?q=f"), m_device.token).status, 400);
        QCOMPARE(
            m_api->get(QStringLiteral("/v1/register/search?q=fjord&limit=0"), m_device.token).status, 400);
        QCOMPARE(
            m_api->get(QStringLiteral("/v1/register/units/") + orgNumber(99900000), m_device.token).status,
            404);
        QCOMPARE(m_api->get(QStringLiteral("/v1/register/units/12"), m_device.token).status, 404);
        QCOMPARE(m_api->post(QStringLiteral("/v1/register/search"), "{}", m_device.token).status, 405);
    }

    void damagedFilesChangeNothing()
    {
        const QJsonObject before = status();
        QByteArray whole = feltnotat::compression::gzip(unitsFile(false));
        QFile cut(m_dir.filePath(QStringLiteral("cut.json.gz")));
        QVERIFY(cut.open(QIODevice::WriteOnly));
        cut.write(whole.left(whole.size() - 12)); // a download that broke off
        cut.close();
        QByteArray broken = unitsFile(false);
        broken.chop(20); // an array that never closes
        // More entries than one batch of writes, spoilt at the very end.
        QJsonArray many;
        for (int i = 0; i < 2100; ++i)
            many.append(unit(orgNumber(91600000 + i * 13), QStringLiteral("Ny Enhet %1 AS").arg(i), 1));
        many.append(42);
        const QByteArray notObjects = QJsonDocument(many).toJson(QJsonDocument::Compact);
        for (const QString &file : {cut.fileName(), write(QStringLiteral("open.json"), broken, false),
                 write(QStringLiteral("scalar.json"), notObjects, false),
                 write(QStringLiteral("text.json"), "ikke json", false),
                 m_dir.filePath(QStringLiteral("missing.json"))}) {
            const auto r = m_server->admin({QStringLiteral("import-enhetsregisteret"), file});
            QVERIFY2(r.exitCode == 1, qPrintable(file));
            QVERIFY2(r.err.contains("import-enhetsregisteret:"), r.err.constData());
        }
        QCOMPARE(status(), before);
        QCOMPARE(numbers(search(QStringLiteral("ny enhet"))), QStringList());
        QCOMPARE(m_server->admin({QStringLiteral("import-enhetsregisteret")}).exitCode, 2);
    }

    void aNewBulkFileRemovesWhatItNoLongerHolds()
    {
        const auto r = m_server->admin({QStringLiteral("import-enhetsregisteret"),
            write(QStringLiteral("enheter2.json.gz"), unitsFile(false), true)});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("1 no longer in the register"), r.out.constData());
        QCOMPARE(numbers(search(QStringLiteral("kafe"))), QStringList());
        QCOMPARE(m_api->get(QStringLiteral("/v1/register/units/") + m_cafe, m_device.token).status, 404);
        QCOMPARE(status().value(QStringLiteral("units")).toInt(), 2);
        QCOMPARE(status().value(QStringLiteral("sub_units")).toInt(), 2); // another kind, untouched
    }

    void updatePagesApplyTheirChangesOnce()
    {
        const QString newcomer = orgNumber(91700000);
        const QJsonArray entries {
            update(101, m_bakery, QStringLiteral("Endring"), Api + QStringLiteral("/enheter/") + m_bakery,
                QJsonArray {op("replace", "/navn", QStringLiteral("Fjordbakeriet Møre AS")),
                    op("replace", "/antallAnsatte", 15),
                    op("replace", "/forretningsadresse/adresse/0", QStringLiteral("Kaivegen 9"))}),
            update(102, newcomer, QStringLiteral("Ny"), Api + QStringLiteral("/enheter/") + newcomer,
                QJsonArray {op("add", "/organisasjonsnummer", newcomer),
                    op("add", "/navn", QStringLiteral("Volda Sykkelverksted")),
                    op("add", "/organisasjonsform",
                        QJsonObject {{QStringLiteral("kode"), QStringLiteral("ENK")}}),
                    op("add", "/forretningsadresse",
                        address(
                            QStringLiteral("Elvegata 1"), QStringLiteral("6100"), QStringLiteral("VOLDA")))}),
            update(
                103, m_plumber, QStringLiteral("Sletting"), Api + QStringLiteral("/enheter/") + m_plumber)};
        const QString file = write(QStringLiteral("oppdateringer.json"), page(entries), false);
        auto r = m_server->admin({QStringLiteral("import-enhetsregisteret"), file});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("applied 3 updates") && r.out.contains("last oppdateringsid 103"),
            r.out.constData());
        Reply bakery = m_api->get(QStringLiteral("/v1/register/units/") + m_bakery, m_device.token);
        QCOMPARE(
            bakery.json().value(QStringLiteral("unit")).toObject().value(QStringLiteral("name")).toString(),
            QStringLiteral("Fjordbakeriet Møre AS"));
        QCOMPARE(bakery.json()
                     .value(QStringLiteral("unit"))
                     .toObject()
                     .value(QStringLiteral("address"))
                     .toString(),
            QStringLiteral("Kaivegen 9"));
        QCOMPARE(
            bakery.json().value(QStringLiteral("unit")).toObject().value(QStringLiteral("employees")).toInt(),
            15);
        QCOMPARE(numbers(search(QStringLiteral("more fjord"))), QStringList {m_bakery});
        QCOMPARE(numbers(search(QStringLiteral("sykkel"))), QStringList {newcomer});
        QCOMPARE(numbers(search(QStringLiteral("ror service"))), QStringList());
        QCOMPARE(status().value(QStringLiteral("last_update_units")).toInt(), 103);

        // The same page again changes nothing; a later change made meanwhile stays.
        QVERIFY(m_server
                    ->admin({QStringLiteral("import-enhetsregisteret"),
                        write(QStringLiteral("oppdateringer2.json"),
                            page({update(104, m_bakery, QStringLiteral("Endring"), QString(),
                                QJsonArray {op("replace", "/navn", QStringLiteral("Fjordbakeriet AS"))})}),
                            false)})
                    .exitCode
            == 0);
        r = m_server->admin({QStringLiteral("import-enhetsregisteret"), file});
        QVERIFY2(r.out.contains("applied 0 updates"), r.out.constData());
        QCOMPARE(numbers(search(QStringLiteral("ror service"))), QStringList());
        QCOMPARE(m_api->get(QStringLiteral("/v1/register/units/") + m_bakery, m_device.token)
                     .json()
                     .value(QStringLiteral("unit"))
                     .toObject()
                     .value(QStringLiteral("name"))
                     .toString(),
            QStringLiteral("Fjordbakeriet AS"));
    }

    void fromAUrlNextPagesAndUnitLinksAreFollowed()
    {
        StaticHttpServer brreg;
        QVERIFY(brreg.start());
        const QString base = brreg.url() + QStringLiteral("/enhetsregisteret/api");
        // A bulk file by URL, gzipped as published.
        const QString extra = orgNumber(91800000);
        brreg.serve(QStringLiteral("/enheter_alle.json.gz"),
            feltnotat::compression::gzip(
                QJsonDocument(QJsonArray {unit(m_bakery, QStringLiteral("Fjordbakeriet AS"), 15),
                                  unit(extra, QStringLiteral("Hareid Maskin AS"), 40)})
                    .toJson()),
            200, "application/octet-stream");
        auto r = m_server->admin({QStringLiteral("import-enhetsregisteret"),
            brreg.url() + QStringLiteral("/enheter_alle.json.gz")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(numbers(search(QStringLiteral("hareid"))), QStringList {extra});

        // Update pages without their changes: each unit is fetched from its link; gone is gone.
        const QString gone = m_bakery;
        brreg.serve(QStringLiteral("/enhetsregisteret/api/oppdateringer/enheter"),
            page({update(105, extra, QStringLiteral("Endring"), base + QStringLiteral("/enheter/") + extra)},
                base + QStringLiteral("/oppdateringer/enheter?oppdateringsid=106&page=1")));
        brreg.serve(QStringLiteral("/enhetsregisteret/api/enheter/") + extra,
            QJsonDocument(unit(extra, QStringLiteral("Hareid Maskin og Verktøy AS"), 41)).toJson());
        brreg.serve(QStringLiteral("/enhetsregisteret/api/enheter/") + gone, QByteArrayLiteral("{}"), 410);
        r = m_server->admin({QStringLiteral("import-enhetsregisteret"),
            base + QStringLiteral("/oppdateringer/enheter?oppdateringsid=105&includeChanges=true")});
        // The second page is the same path: it answers the same entry, which is skipped as applied.
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("applied 1 updates (1 units fetched"), r.out.constData());
        QVERIFY2(r.out.contains(QByteArray("next: " + base.toUtf8() + "/oppdateringer/enheter?")),
            r.out.constData());
        QVERIFY2(r.out.contains("oppdateringsid=106"), r.out.constData());
        QCOMPARE(numbers(search(QStringLiteral("verktoy"))), QStringList {extra});
        QVERIFY(brreg.requests().contains(
            QStringLiteral("/enhetsregisteret/api/oppdateringer/enheter?oppdateringsid=106&page=1")));

        brreg.serve(QStringLiteral("/enhetsregisteret/api/oppdateringer/enheter"),
            page({update(106, gone, QStringLiteral("Endring"), base + QStringLiteral("/enheter/") + gone)}));
        r = m_server->admin({QStringLiteral("import-enhetsregisteret"),
            base + QStringLiteral("/oppdateringer/enheter?oppdateringsid=106")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(m_api->get(QStringLiteral("/v1/register/units/") + gone, m_device.token).status, 404);

        // A server that fails is an error that names it; nothing is applied.
        r = m_server->admin(
            {QStringLiteral("import-enhetsregisteret"), brreg.url() + QStringLiteral("/finnes-ikke.json")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("HTTP 404"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestRegister)
#include "tst_register.moc"
