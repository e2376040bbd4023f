#include "core/checkpointer.h"
#include "core/database.h"
#include "support/testdata.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace feltnotat;

// The write-ahead log is copied into the database file by the background checkpointer, not by the
// connection that commits; nothing is lost on the way and closing leaves no WAL behind.
class TestCheckpointer : public QObject
{
    Q_OBJECT

private:
    static constexpr int PageSize = 4096;

    // Rows first … first + count - 1, about one page of WAL each.
    static void writeRows(Database &db, int first, int count, int perCommit)
    {
        for (int done = first; done < first + count; done += perCommit) {
            QVERIFY(db.begin());
            for (int i = done; i < std::min(first + count, done + perCommit); ++i) {
                QVERIFY(db.query(QStringLiteral("INSERT INTO filler(n, pad) VALUES (?, ?)"))
                            .bindAll(qint64(i), QString(3000, QChar(u'a' + i % 26)))
                            .exec());
            }
            QVERIFY(db.commit());
        }
    }

private Q_SLOTS:
    void walIsCopiedIntoTheFileInTheBackground()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("t.db"));
        auto db = Database::open(path, Database::Durability::Normal, testdata::storeKey());
        QVERIFY(db);
        QVERIFY((*db)->checkpointer());
        QVERIFY((*db)->exec(QStringLiteral("CREATE TABLE filler(n INTEGER PRIMARY KEY, pad TEXT)")));
        writeRows(**db, 0, 500, 100);
        (*db)->checkpointer()->waitIdle();
        // Below 2,000 pages of WAL nothing is copied yet: the rows live in the WAL only.
        QCOMPARE((*db)->checkpointer()->completed(), 0);
        QVERIFY(QFileInfo(path).size() < 100 * PageSize);

        writeRows(**db, 500, 2000, 100);
        (*db)->checkpointer()->waitIdle();
        QVERIFY((*db)->checkpointer()->completed() >= 1);
        QVERIFY2(QFileInfo(path).size() > 1800 * PageSize, "the database file did not receive the WAL");
        QCOMPARE((*db)->scalar(QStringLiteral("SELECT count(*) FROM filler")).value(), 2500);
    }

    void closingLeavesNoWalAndLosesNothing()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("t.db"));
        {
            auto db = Database::open(path, Database::Durability::Normal, testdata::storeKey());
            QVERIFY(db);
            QVERIFY((*db)->exec(QStringLiteral("CREATE TABLE filler(n INTEGER PRIMARY KEY, pad TEXT)")));
            writeRows(**db, 0, 3000, 50); // requests arrive while a checkpoint runs
        }
        QVERIFY(!QFileInfo::exists(path + QStringLiteral("-wal")));
        auto reopened = Database::open(path, Database::Durability::Normal, testdata::storeKey());
        QVERIFY(reopened);
        QCOMPARE((*reopened)->scalar(QStringLiteral("SELECT count(*) FROM filler")).value(), 3000);
        QCOMPARE((*reopened)->scalar(QStringLiteral("SELECT sum(n) FROM filler")).value(), 2999 * 3000 / 2);
        QVERIFY((*reopened)->integrityCheck());
    }
};

QTEST_GUILESS_MAIN(TestCheckpointer)
#include "tst_checkpointer.moc"
