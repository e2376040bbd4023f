// The employer register in the app (issue 17 item 5), in the real window against the real server: a job
// specialist adds an employer by looking it up by name, the form is filled in from the register and the
// workplace she picked is saved with it; later, without a server, the same look-up still works from the
// units she looked at before, and says why only those.
#include "appcontext.h"
#include "core/storequeries.h"
#include "formatter.h"
#include "realwindow.h"
#include "support/serverprocess.h"
#include "sync/compression.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QQmlApplicationEngine>
#include <QQmlExtensionPlugin>
#include <QQuickStyle>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

Q_IMPORT_QML_PLUGIN(FeltnotatPlugin)

using namespace feltnotat;
using testserver::ServerProcess;

namespace {
const QString Login = QStringLiteral("veileder.register");
const QString Password = QStringLiteral("testpassord-register-3");
constexpr int Timeout = 30000;

// A synthetic organisation number: eight digits and their MOD11 check digit.
QString orgNumber(const QString &eight)
{
    const int weights[] = {3, 2, 7, 6, 5, 4, 3, 2};
    int sum = 0;
    for (int i = 0; i < 8; ++i)
        sum += eight.at(i).digitValue() * weights[i];
    const int check = sum % 11 == 0 ? 0 : 11 - sum % 11;
    return check == 10 ? QString() : eight + QString::number(check);
}

QJsonObject address(const QString &street, const QString &postalCode, const QString &city)
{
    return {{QStringLiteral("adresse"), QJsonArray {street}}, {QStringLiteral("postnummer"), postalCode},
        {QStringLiteral("poststed"), city}, {QStringLiteral("landkode"), QStringLiteral("NO")}};
}

// Entries as in Brønnøysundregistrene's enheter_alle.json and underenheter_alle.json.
QJsonObject unit(const QString &number, const QString &name)
{
    return {{QStringLiteral("organisasjonsnummer"), number}, {QStringLiteral("navn"), name},
        {QStringLiteral("organisasjonsform"), QJsonObject {{QStringLiteral("kode"), QStringLiteral("AS")}}},
        {QStringLiteral("naeringskode1"),
            QJsonObject {{QStringLiteral("kode"), QStringLiteral("10.710")},
                {QStringLiteral("beskrivelse"),
                    QStringLiteral("Produksjon av brød og ferske konditorvarer")}}},
        {QStringLiteral("antallAnsatte"), 14},
        {QStringLiteral("forretningsadresse"),
            address(QStringLiteral("Storgata 4"), QStringLiteral("6150"), QStringLiteral("ØRSTA"))}};
}

QJsonObject subUnit(const QString &number, const QString &name, const QString &parent, const QString &street)
{
    return {{QStringLiteral("organisasjonsnummer"), number}, {QStringLiteral("navn"), name},
        {QStringLiteral("organisasjonsform"), QJsonObject {{QStringLiteral("kode"), QStringLiteral("BEDR")}}},
        {QStringLiteral("overordnetEnhet"), parent},
        {QStringLiteral("beliggenhetsadresse"),
            address(street, QStringLiteral("6100"), QStringLiteral("VOLDA"))}};
}
} // namespace

class TestRegisterLookup : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QQuickStyle::setStyle(QStringLiteral("Material"));
        Formatter::setZone(QTimeZone("Europe/Oslo"));
    }

    void addAnEmployerFromTheRegisterThenLookUpOffline()
    {
        // The server with a small register: one bakery and two of its workplaces.
        const QString bakery = orgNumber(QStringLiteral("97654324"));
        const QString volda = orgNumber(QStringLiteral("97654321"));
        const QString centre = orgNumber(QStringLiteral("97654323"));
        QVERIFY(!bakery.isEmpty() && !volda.isEmpty() && !centre.isEmpty());
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        const QString team = server.createTeam(QStringLiteral("Team Register"));
        QVERIFY2(!server.createUser(team, Login, Password).isEmpty(), qPrintable(server.errorString()));
        QTemporaryDir files;
        const auto importFile = [&](const QString &name, const QJsonArray &entries) {
            QFile f(files.filePath(name));
            if (!f.open(QIODevice::WriteOnly))
                return false;
            f.write(compression::gzip(QJsonDocument(entries).toJson(QJsonDocument::Compact)));
            f.close();
            return server.admin({QStringLiteral("import-enhetsregisteret"), f.fileName()}).exitCode == 0;
        };
        QVERIFY(importFile(QStringLiteral("enheter_alle.json.gz"),
            {unit(bakery, QStringLiteral("Fjordbakeriet Ørsta AS"))}));
        QVERIFY(importFile(QStringLiteral("underenheter_alle.json.gz"),
            {subUnit(volda, QStringLiteral("Fjordbakeriet avd Volda"), bakery, QStringLiteral("Kaigata 2")),
                subUnit(centre, QStringLiteral("Fjordbakeriet avd Sentrum"), bakery,
                    QStringLiteral("Torget 1"))}));

        QTemporaryDir phoneDir;
        AppContext::Options options;
        options.dataDir = phoneDir.path();
        options.watchNetwork = false;
        RealWindow phone;
        QVERIFY(phone.start(options, QSize(480, 1500)));
        AppContext &app = *phone.app;
        UiDriver &ui = *phone.ui;
        QCOMPARE(ui.currentPage(), QStringLiteral("loginPage"));
        QVERIFY(phone.logIn(server.port(), Login, Password, Timeout));

        const auto openNewEmployer = [&] {
            return phone.openFromMenu(QStringLiteral("employers"), QStringLiteral("employerListPage"))
                && ui.click(QStringLiteral("addButton")) && ui.waitForPage(QStringLiteral("recordEditPage"));
        };
        QVERIFY(openNewEmployer());

        // She finds the workplace by its place: the form gets its legal unit, the workplace is chosen.
        QVERIFY(ui.type(QStringLiteral("registerQuery"), QStringLiteral("fjordbakeriet volda")));
        QTRY_COMPARE_WITH_TIMEOUT(ui.findAll(QStringLiteral("registerResult")).size(), 1, Timeout);
        QVERIFY(ui.click(QStringLiteral("registerResult")));
        QTRY_COMPARE_WITH_TIMEOUT(
            phone.text(QStringLiteral("edit-name-input")), QStringLiteral("Fjordbakeriet Ørsta AS"), Timeout);
        QCOMPARE(phone.text(QStringLiteral("edit-org_number-input")).remove(u' '), bakery);
        QCOMPARE(phone.text(QStringLiteral("edit-address-input")), QStringLiteral("Storgata 4"));
        QCOMPARE(phone.text(QStringLiteral("edit-postal_code-input")), QStringLiteral("6150"));
        QCOMPARE(phone.text(QStringLiteral("edit-city-input")), QStringLiteral("Ørsta"));
        QCOMPARE(phone.text(QStringLiteral("edit-industry-input")),
            QStringLiteral("Produksjon av brød og ferske konditorvarer"));
        const QList<QQuickItem *> workplaces = ui.findAll(QStringLiteral("registerWorkplace"));
        QCOMPARE(workplaces.size(), 2);
        int checked = -1;
        for (int i = 0; i < workplaces.size(); ++i) {
            if (workplaces.at(i)->property("checked").toBool())
                checked = i;
        }
        QVERIFY(checked >= 0);
        QVERIFY(workplaces.at(checked)->property("text").toString().startsWith(
            QStringLiteral("Fjordbakeriet avd Volda")));

        QVERIFY(ui.click(QStringLiteral("saveButton")));
        QTRY_VERIFY_WITH_TIMEOUT(ui.currentPage() != QStringLiteral("recordEditPage"), Timeout);
        const auto employers
            = StoreQueries(*app.store())
                  .select(QStringLiteral("employer"), QStringLiteral("org_number = ?"), {bakery});
        QCOMPARE(employers.size(), 1);
        const auto workplaceRows = StoreQueries(*app.store())
                                       .select(QStringLiteral("workplace"), QStringLiteral("employer_id = ?"),
                                           {employers.first().id});
        QCOMPARE(workplaceRows.size(), 1);
        QCOMPARE(workplaceRows.first().text(QStringLiteral("org_number")), volda);
        QCOMPARE(
            workplaceRows.first().text(QStringLiteral("name")), QStringLiteral("Fjordbakeriet avd Volda"));
        QCOMPARE(workplaceRows.first().text(QStringLiteral("city")), QStringLiteral("Volda"));

        // Without the server: what she looked at before is still found, and the page says why only that.
        QCOMPARE(server.stop(), 0);
        QCOMPARE(ui.currentPage(), QStringLiteral("employerListPage")); // saving went back to the list
        QVERIFY(ui.click(QStringLiteral("addButton")));
        QVERIFY(ui.waitForPage(QStringLiteral("recordEditPage")));
        QVERIFY(ui.type(QStringLiteral("registerQuery"), QStringLiteral("fjordbak")));
        QTRY_VERIFY_WITH_TIMEOUT(
            phone.text(QStringLiteral("registerMessage")).contains(QStringLiteral("slått opp før")), Timeout);
        QCOMPARE(ui.findAll(QStringLiteral("registerResult")).size(), 3); // the bakery and both workplaces
        QVERIFY(ui.type(QStringLiteral("registerQuery"), QStringLiteral("sentrum")));
        QTRY_COMPARE_WITH_TIMEOUT(ui.findAll(QStringLiteral("registerResult")).size(), 1, Timeout);
        QVERIFY(ui.click(QStringLiteral("registerResult")));
        QTRY_COMPARE_WITH_TIMEOUT(
            phone.text(QStringLiteral("edit-name-input")), QStringLiteral("Fjordbakeriet Ørsta AS"), Timeout);
        QTRY_COMPARE(ui.findAll(QStringLiteral("registerWorkplace")).size(), 2);
    }
};

QTEST_MAIN(TestRegisterLookup)
#include "tst_registerlookup.moc"
