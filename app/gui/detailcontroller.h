#pragma once

#include "variantlistmodel.h"
#include "viewcontroller.h"

// One participant or employer for its detail page: the name, facts as label/value rows, the
// timeline (participant: encounters, employments and tasks; employer: visits), and for employers
// the workplaces and contacts (with phone and e-mail for tel:/mailto: links).
class DetailController : public ViewController
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString entity READ entity WRITE setEntity NOTIFY entityChanged)
    Q_PROPERTY(QString recordId READ recordId WRITE setRecordId NOTIFY recordIdChanged)
    Q_PROPERTY(bool found READ found NOTIFY reloaded)
    Q_PROPERTY(QString title READ title NOTIFY reloaded)
    Q_PROPERTY(QString subtitle READ subtitle NOTIFY reloaded)
    Q_PROPERTY(VariantListModel *facts READ facts CONSTANT)
    Q_PROPERTY(VariantListModel *profile READ profile CONSTANT)
    Q_PROPERTY(VariantListModel *timeline READ timeline CONSTANT)
    Q_PROPERTY(VariantListModel *workplaces READ workplaces CONSTANT)
    Q_PROPERTY(VariantListModel *contacts READ contacts CONSTANT)
    Q_PROPERTY(VariantListModel *placed READ placed CONSTANT)

public:
    explicit DetailController(QObject *parent = nullptr);

    QString entity() const { return m_entity; }
    void setEntity(const QString &entity);
    QString recordId() const { return m_recordId; }
    void setRecordId(const QString &id);
    bool found() const { return m_found; }
    QString title() const { return m_title; }
    QString subtitle() const { return m_subtitle; }
    VariantListModel *facts() const { return m_facts; }
    VariantListModel *profile() const { return m_profile; }
    VariantListModel *timeline() const { return m_timeline; }
    VariantListModel *workplaces() const { return m_workplaces; }
    VariantListModel *contacts() const { return m_contacts; }
    // Employer: the participants with an employment there.
    VariantListModel *placed() const { return m_placed; }

Q_SIGNALS:
    void entityChanged();
    void recordIdChanged();
    void reloaded();

protected:
    void reload() override;

private:
    void loadParticipant();
    void loadEmployer();
    QList<QVariantMap> rowsFor(const QStringList &fields) const;

    QString m_entity = QStringLiteral("participant");
    QString m_recordId;
    bool m_found = false;
    QString m_title;
    QString m_subtitle;
    QVariantHash m_values;
    VariantListModel *m_facts;
    VariantListModel *m_profile;
    VariantListModel *m_timeline;
    VariantListModel *m_workplaces;
    VariantListModel *m_contacts;
    VariantListModel *m_placed;
};
