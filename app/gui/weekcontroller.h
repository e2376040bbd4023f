#pragma once

#include "variantlistmodel.h"
#include "viewcontroller.h"

// "Min uke": the user's own figures from what they logged this week: employer contacts against
// the target of 6, encounters, caseload, participants in work, and days since the last contact
// per participant (longest gap first; roles: recordId, title, when, overdue).
class WeekController : public ViewController
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString weekText READ weekText NOTIFY reloaded)
    Q_PROPERTY(int employerContacts READ employerContacts NOTIFY reloaded)
    Q_PROPERTY(int target READ target CONSTANT)
    Q_PROPERTY(int encounters READ encounters NOTIFY reloaded)
    Q_PROPERTY(int caseload READ caseload NOTIFY reloaded)
    Q_PROPERTY(int inWork READ inWork NOTIFY reloaded)
    Q_PROPERTY(VariantListModel *gaps READ gaps CONSTANT)

public:
    static constexpr int EmployerContactTarget = 6;
    explicit WeekController(QObject *parent = nullptr);

    QString weekText() const { return m_weekText; }
    int employerContacts() const { return m_employerContacts; }
    int target() const { return EmployerContactTarget; }
    int encounters() const { return m_encounters; }
    int caseload() const { return m_caseload; }
    int inWork() const { return m_inWork; }
    VariantListModel *gaps() const { return m_gaps; }

Q_SIGNALS:
    void reloaded();

protected:
    void reload() override;

private:
    QString m_weekText;
    int m_employerContacts = 0;
    int m_encounters = 0;
    int m_caseload = 0;
    int m_inWork = 0;
    VariantListModel *m_gaps;
};
