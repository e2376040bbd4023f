// Qt Quick tests of the pages: the real Feltnotat QML module against a temporary store with
// synthetic data (tests/app/guifixture.h), under -platform offscreen.
#include "../app/guifixture.h"
#include "core/deletionconflicts.h"
#include "core/store.h"
#include "core/storequeries.h"

#include <QQmlEngine>
#include <QQmlExtensionPlugin>
#include <QQuickStyle>
#include <QStandardPaths>
#include <QtQuickTest>

Q_IMPORT_QML_PLUGIN(FeltnotatPlugin)

class Setup : public QObject
{
    Q_OBJECT

public Q_SLOTS:
    void applicationAvailable()
    {
        QStandardPaths::setTestModeEnabled(true);
        QQuickStyle::setStyle(QStringLiteral("Material"));
        if (!m_fixture.open())
            qFatal("cannot open the test store");
        addDeletionConflict();
    }

    void qmlEngineAvailable(QQmlEngine *engine)
    {
        // The module compiled into this binary, not the qmldir in the build tree.
        engine->addImportPath(QStringLiteral("qrc:/"));
    }

private:
    // A colleague's delete that met an edit of this user (issue 20), for the Konflikter page: the
    // entry as RemoteApplier keeps it (the record itself stays, which restores as an edit).
    void addDeletionConflict()
    {
        feltnotat::Store &store = *m_fixture.app->store();
        const QList<feltnotat::Record> people
            = feltnotat::StoreQueries(store).select(QStringLiteral("participant"), {}, {}, {});
        if (people.isEmpty())
            qFatal("no demo participant");
        feltnotat::Record tomb = people.first();
        tomb.values.insert(QStringLiteral("deleted"), true);
        tomb.values.insert(QStringLiteral("updated_by"), QStringLiteral("kollega-1"));
        const feltnotat::EntitySpec *spec = feltnotat::Schema::instance().entity(u"participant");
        if (!feltnotat::DeletionConflicts(store).noteLostEdit(*spec, people.first(), tomb))
            qFatal("cannot add a deletion conflict");
    }

    GuiFixture m_fixture;
};

QUICK_TEST_MAIN_WITH_SETUP(feltnotat_qml, Setup)
#include "tst_qml.moc"
