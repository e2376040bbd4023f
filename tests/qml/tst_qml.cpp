// Qt Quick tests of the pages: the real Feltnotat QML module against a temporary store with
// synthetic data (tests/app/guifixture.h), under -platform offscreen.
#include "../app/guifixture.h"

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
    }

    void qmlEngineAvailable(QQmlEngine *engine)
    {
        // The module compiled into this binary, not the qmldir in the build tree.
        engine->addImportPath(QStringLiteral("qrc:/"));
    }

private:
    GuiFixture m_fixture;
};

QUICK_TEST_MAIN_WITH_SETUP(feltnotat_qml, Setup)
#include "tst_qml.moc"
