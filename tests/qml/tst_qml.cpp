// Qt Quick tests of the pages: the real Feltnotat QML module against a temporary store with
// synthetic data (tests/app/guifixture.h), under -platform offscreen.
#include "../app/guifixture.h"
#include "core/deletionconflicts.h"
#include "core/remoteapplier.h"
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
    // entry as RemoteApplier keeps it, then the tombstone applied (a record still there would be one
    // restored since, which the page words otherwise).
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
        tomb.clocks.insert(QStringLiteral("deleted"), store.hlc().now().toString());
        if (!feltnotat::RemoteApplier(store).apply({tomb}, {}, {}).ok())
            qFatal("cannot apply the delete");
        if (store.get(QStringLiteral("participant"), tomb.id))
            qFatal("the deleted participant is still there");
    }

    GuiFixture m_fixture;
};

QUICK_TEST_MAIN_WITH_SETUP(feltnotat_qml, Setup)
#include "tst_qml.moc"
