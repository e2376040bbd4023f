#pragma once

#include "app/common/employerlookup.h"
#include "variantlistmodel.h"

#include <QObject>
#include <QPointer>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <memory>

class AppContext;

// The employer register on the "Ny arbeidsgiver" page: search by name or organisation number, pick a
// unit, and the form is filled in (name, organisation number, address, industry) with the workplaces
// to choose from; the chosen workplace is saved with the employer (RecordEditor.workplace). Online it
// asks the server; offline it offers the units looked at before (EmployerLookup keeps them).
class RegisterLookup : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(AppContext *app READ app WRITE setApp NOTIFY appChanged)
    // Rows: orgNumber, name, detail (address line, parent of a workplace), workplace (bool).
    Q_PROPERTY(VariantListModel *results READ results CONSTANT)
    // The chosen employer's workplaces. Rows: orgNumber, name, detail.
    Q_PROPERTY(VariantListModel *workplaces READ workplaces CONSTANT)
    Q_PROPERTY(int workplaceIndex READ workplaceIndex WRITE setWorkplaceIndex NOTIFY workplaceChanged)
    // The chosen workplace as workplace field values, for RecordEditor.workplace; empty for none.
    Q_PROPERTY(QVariantMap workplace READ workplace NOTIFY workplaceChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY stateChanged)
    Q_PROPERTY(QString message READ message NOTIFY stateChanged)

public:
    explicit RegisterLookup(QObject *parent = nullptr);
    ~RegisterLookup() override;

    AppContext *app() const { return m_app; }
    void setApp(AppContext *app);
    VariantListModel *results() const { return m_results; }
    VariantListModel *workplaces() const { return m_workplaces; }
    int workplaceIndex() const { return m_workplaceIndex; }
    void setWorkplaceIndex(int index);
    QVariantMap workplace() const;
    bool busy() const { return m_busy; }
    QString message() const { return m_message; }

    // Asks for units matching the text (two letters or more, or digits of an organisation number).
    Q_INVOKABLE void search(const QString &text);
    // Takes result `index`: its legal unit becomes the employer (chosen() with the form's values), its
    // workplaces the choice below.
    Q_INVOKABLE void choose(int index);

    // "ØRSTA" → "Ørsta": the register writes places in capitals.
    static QString placeName(const QString &registerText);

Q_SIGNALS:
    void appChanged();
    void stateChanged();
    void workplaceChanged();
    // The employer's field values for the form (name, org_number, address, postal_code, city, industry).
    void chosen(const QVariantMap &values);

private:
    feltnotat::EmployerLookup *lookup();
    void setState(bool busy, const QString &message);
    void onSearched(const QList<feltnotat::RegisterUnit> &units, feltnotat::EmployerLookup::Source source,
        feltnotat::EmployerLookup::Problem problem);
    void onDetails(const feltnotat::RegisterDetails &details, feltnotat::EmployerLookup::Source source);
    void onDetailsFailed(feltnotat::EmployerLookup::Problem problem);
    void offer(const feltnotat::RegisterUnit &employer, const QList<feltnotat::RegisterUnit> &workplaces,
        const QString &preferred);
    static QString problemText(feltnotat::EmployerLookup::Problem problem);

    QPointer<AppContext> m_app;
    std::unique_ptr<feltnotat::EmployerLookup> m_lookup;
    const void *m_lookupStore = nullptr; // the store m_lookup was made for
    VariantListModel *m_results;
    VariantListModel *m_workplaces;
    QList<feltnotat::RegisterUnit> m_found;
    QList<feltnotat::RegisterUnit> m_workplaceUnits;
    feltnotat::RegisterUnit m_picked; // the result the user took, while its details are asked for
    int m_workplaceIndex = -1;
    bool m_busy = false;
    QString m_message;
};
