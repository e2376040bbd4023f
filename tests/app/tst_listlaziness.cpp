// The participant list stays lazy with 100,000 records: opening it reads a count and one page,
// and rows only grow when the view asks for more. Asserts on row counts, not on timing (the
// benchmarks measure time).
#include "core/database.h"
#include "core/store.h"
#include "guifixture.h"
#include "recordlistmodel.h"

#include <QAbstractItemModelTester>
#include <QStandardPaths>
#include <QTest>

using namespace feltnotat;

namespace {
constexpr int Records = 100000;
}

class TestListLaziness : public QObject
{
    Q_OBJECT

private:
    GuiFixture f;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(f.open(false));
        Store &store = *f.app->store();
        // One participant through the store, then 99,999 copies of its row by plain SQL in one
        // transaction: the store's own path (outbox, search index) would only make this test slow.
        const auto first = store.create(
            QStringLiteral("participant"), {{QStringLiteral("name"), QStringLiteral("Testperson 000000")}});
        QVERIFY(first);
        Database &db = store.database();
        QStringList columns;
        {
            Query info = db.query(QStringLiteral("SELECT name FROM pragma_table_info('participants')"));
            while (info.next()) {
                const QString c = info.text(0);
                if (c != u"rid" && c != u"id" && c != u"name")
                    columns << c;
            }
        }
        const QString list = columns.join(u", ");
        QVERIFY(db.begin());
        const Status filled
            = db.query(QStringLiteral(
                           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)"
                           " INSERT INTO participants(id, name, %1)"
                           " SELECT printf('lazy%028d', i), printf('Testperson %06d', i), %1"
                           " FROM n, participants t WHERE t.id = ?")
                           .arg(list))
                  .bindAll(qint64(Records - 1), first->id)
                  .exec();
        QVERIFY2(filled, qPrintable(filled.errorString()));
        QVERIFY(db.commit());
    }

    void opensWithOnePage()
    {
        RecordListModel model;
        model.setApp(f.app.get());
        model.componentComplete();
        QCOMPARE(model.totalCount(), Records);
        QCOMPARE(model.rowCount(), RecordListModel::PageSize);
        QCOMPARE(model.count(), RecordListModel::PageSize);
        QVERIFY(model.canFetchMore({}));
        QCOMPARE(model.data(model.index(0), RecordListModel::TitleRole).toString(),
            QStringLiteral("Testperson 000000"));
        // Nothing grows on its own: only fetchMore adds a page, and exactly one.
        QCoreApplication::processEvents();
        QCOMPARE(model.rowCount(), RecordListModel::PageSize);
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 2 * RecordListModel::PageSize);
        QCOMPARE(model.data(model.index(RecordListModel::PageSize), RecordListModel::TitleRole).toString(),
            QStringLiteral("Testperson %1").arg(RecordListModel::PageSize, 6, 10, QChar(u'0')));
    }

    void filterStaysLazy()
    {
        RecordListModel model;
        model.setApp(f.app.get());
        model.setFilter(QStringLiteral("Testperson 09"));
        model.componentComplete();
        QCOMPARE(model.totalCount(), 10000); // 090000–099999
        QCOMPARE(model.rowCount(), RecordListModel::PageSize);
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 2 * RecordListModel::PageSize);
        model.setFilter(QStringLiteral("Testperson 09999"));
        QCOMPARE(model.totalCount(), 10);
        QCOMPARE(model.rowCount(), 10);
        QVERIFY(!model.canFetchMore({}));
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    }
};

QTEST_MAIN(TestListLaziness)
#include "tst_listlaziness.moc"
