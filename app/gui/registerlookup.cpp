#include "registerlookup.h"

#include "app/common/session.h"
#include "appcontext.h"

using feltnotat::EmployerLookup;
using feltnotat::RegisterDetails;
using feltnotat::RegisterUnit;

namespace {

QString addressLine(const RegisterUnit &u)
{
    QStringList parts;
    if (!u.address.isEmpty())
        parts << u.address;
    const QString place = QString(u.postalCode + u' ' + RegisterLookup::placeName(u.city)).trimmed();
    if (!place.isEmpty())
        parts << place;
    return parts.join(QStringLiteral(", "));
}

QVariantMap row(const RegisterUnit &u, const QString &detail)
{
    return {{QStringLiteral("orgNumber"), u.orgNumber}, {QStringLiteral("name"), u.name},
        {QStringLiteral("detail"), detail}, {QStringLiteral("workplace"), u.isWorkplace()}};
}

} // namespace

RegisterLookup::RegisterLookup(QObject *parent)
    : QObject(parent)
    , m_results(new VariantListModel({QStringLiteral("orgNumber"), QStringLiteral("name"),
                                         QStringLiteral("detail"), QStringLiteral("workplace")},
          this))
    , m_workplaces(new VariantListModel({QStringLiteral("orgNumber"), QStringLiteral("name"),
                                            QStringLiteral("detail"), QStringLiteral("workplace")},
          this))
{ }

RegisterLookup::~RegisterLookup() = default;

void RegisterLookup::setApp(AppContext *app)
{
    if (app == m_app)
        return;
    m_app = app;
    Q_EMIT appChanged();
}

QString RegisterLookup::placeName(const QString &registerText)
{
    QString out = registerText.toLower();
    bool wordStart = true;
    for (QChar &c : out) {
        if (wordStart && c.isLetter())
            c = c.toUpper();
        wordStart = c == u' ' || c == u'-';
    }
    return out;
}

EmployerLookup *RegisterLookup::lookup()
{
    feltnotat::Session *session = m_app ? m_app->session() : nullptr;
    if (!session) {
        m_lookup.reset();
        m_lookupStore = nullptr;
        return nullptr;
    }
    if (!m_lookup || m_lookupStore != &session->store()) {
        m_lookup = std::make_unique<EmployerLookup>(session->store(), session->client());
        m_lookupStore = &session->store();
        connect(m_lookup.get(), &EmployerLookup::searched, this, &RegisterLookup::onSearched);
        connect(m_lookup.get(), &EmployerLookup::detailsReady, this, &RegisterLookup::onDetails);
        connect(m_lookup.get(), &EmployerLookup::detailsFailed, this, &RegisterLookup::onDetailsFailed);
    }
    return m_lookup.get();
}

void RegisterLookup::setState(bool busy, const QString &message)
{
    if (busy == m_busy && message == m_message)
        return;
    m_busy = busy;
    m_message = message;
    Q_EMIT stateChanged();
}

QString RegisterLookup::problemText(EmployerLookup::Problem problem)
{
    switch (problem) {
    case EmployerLookup::Problem::None:
        return {};
    case EmployerLookup::Problem::NotSignedIn:
        return tr("Ikke koblet til en server: viser bare arbeidsgivere du har slått opp før.");
    case EmployerLookup::Problem::Unreachable:
        return tr("Får ikke kontakt med serveren: viser bare arbeidsgivere du har slått opp før.");
    case EmployerLookup::Problem::NotFound:
        return tr("Fant ikke organisasjonsnummeret i Enhetsregisteret.");
    case EmployerLookup::Problem::Refused:
        return tr("Skriv minst to bokstaver eller et organisasjonsnummer.");
    }
    return {};
}

void RegisterLookup::search(const QString &text)
{
    EmployerLookup *l = lookup();
    if (!l)
        return;
    if (text.simplified().size() < 2) {
        m_found.clear();
        m_results->setRows({});
        setState(false, {});
        return;
    }
    setState(true, m_message);
    l->search(text);
}

void RegisterLookup::onSearched(
    const QList<RegisterUnit> &units, EmployerLookup::Source source, EmployerLookup::Problem problem)
{
    m_found = units;
    QList<QVariantMap> rows;
    for (const RegisterUnit &u : units) {
        const QString detail = u.isWorkplace() && !u.parentName.isEmpty()
            ? tr("Arbeidssted i %1 · %2").arg(u.parentName, addressLine(u))
            : addressLine(u);
        rows << row(u, detail);
    }
    m_results->setRows(rows);
    QString message = problemText(problem);
    if (units.isEmpty() && problem == EmployerLookup::Problem::None)
        message = tr("Ingen treff i Enhetsregisteret.");
    else if (source == EmployerLookup::Source::Recent && units.isEmpty()
        && problem != EmployerLookup::Problem::Refused)
        message += u' ' + tr("Ingen av dem passer.");
    setState(false, message);
}

void RegisterLookup::choose(int index)
{
    EmployerLookup *l = lookup();
    if (!l || index < 0 || index >= m_found.size())
        return;
    m_picked = m_found.at(index);
    m_found.clear();
    m_results->setRows({});
    setState(true, {});
    // A workplace's employer is its legal unit: ask for that, with its workplaces.
    l->details(m_picked.isWorkplace() && !m_picked.parentOrgNumber.isEmpty() ? m_picked.parentOrgNumber
                                                                             : m_picked.orgNumber);
}

void RegisterLookup::onDetails(const RegisterDetails &details, EmployerLookup::Source)
{
    setState(false, {});
    if (details.unit.isWorkplace()) {
        // Asked for a workplace without a parent in the register: it is its own employer.
        offer(details.unit, {details.unit}, details.unit.orgNumber);
        return;
    }
    offer(details.unit, details.subUnits, m_picked.isWorkplace() ? m_picked.orgNumber : QString());
}

void RegisterLookup::onDetailsFailed(EmployerLookup::Problem problem)
{
    // What the search said about the unit still fills the form.
    setState(false, problemText(problem));
    if (m_picked.orgNumber.isEmpty())
        return;
    if (m_picked.isWorkplace() && !m_picked.parentOrgNumber.isEmpty()) {
        RegisterUnit employer;
        employer.orgNumber = m_picked.parentOrgNumber;
        employer.name = m_picked.parentName.isEmpty() ? m_picked.name : m_picked.parentName;
        offer(employer, {m_picked}, m_picked.orgNumber);
    } else {
        offer(m_picked, {}, {});
    }
}

void RegisterLookup::offer(
    const RegisterUnit &employer, const QList<RegisterUnit> &workplaces, const QString &preferred)
{
    m_workplaceUnits = workplaces;
    QList<QVariantMap> rows;
    int preferredIndex = workplaces.size() == 1 ? 0 : -1;
    for (qsizetype i = 0; i < workplaces.size(); ++i) {
        rows << row(workplaces.at(i), addressLine(workplaces.at(i)));
        if (workplaces.at(i).orgNumber == preferred)
            preferredIndex = int(i);
    }
    m_workplaces->setRows(rows);
    m_workplaceIndex = preferredIndex;
    Q_EMIT workplaceChanged();
    Q_EMIT chosen({{QStringLiteral("name"), employer.name.left(200)},
        {QStringLiteral("org_number"), employer.orgNumber},
        {QStringLiteral("address"), employer.address.left(200)},
        {QStringLiteral("postal_code"), employer.postalCode.left(10)},
        {QStringLiteral("city"), placeName(employer.city).left(100)},
        {QStringLiteral("industry"), employer.industry.left(100)}});
}

void RegisterLookup::setWorkplaceIndex(int index)
{
    if (index < -1 || index >= m_workplaceUnits.size() || index == m_workplaceIndex)
        return;
    m_workplaceIndex = index;
    Q_EMIT workplaceChanged();
}

QVariantMap RegisterLookup::workplace() const
{
    if (m_workplaceIndex < 0 || m_workplaceIndex >= m_workplaceUnits.size())
        return {};
    const RegisterUnit &u = m_workplaceUnits.at(m_workplaceIndex);
    QVariantMap values {
        {QStringLiteral("name"), u.name.left(200)}, {QStringLiteral("org_number"), u.orgNumber}};
    const QString address
        = QString(u.address + (u.postalCode.isEmpty() ? QString() : QString(u", " + u.postalCode))).left(200);
    if (!address.isEmpty())
        values.insert(QStringLiteral("address"), address);
    if (!u.city.isEmpty())
        values.insert(QStringLiteral("city"), placeName(u.city).left(100));
    return values;
}
