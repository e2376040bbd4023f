// Helper for tst_devicestore: opens a device's data folder through Session (the app's and the CLI's
// code) with a PIN, writes one participant and one encounter per marker, then either exits cleanly
// ("close") or prints "written" and waits to be killed ("wait"), with the last commits still in
// the WAL. Usage: sessionwriter <data folder> <pin> close|wait <marker>…
#include "app/common/session.h"
#include "support/testdata.h"

#include <QCoreApplication>
#include <QThread>

#include <cstdio>

using namespace feltnotat;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 5)
        return 2;
    Session::Options options;
    options.dataDir = args.at(1);
    options.pin = args.at(2).toUtf8();
    options.kdf = KdfParams::cheapForTests();
    options.keyStore = KeyStore::Kind::File;
    options.watchNetwork = false;
    auto session = Session::open(options);
    if (!session) {
        std::fprintf(stderr, "sessionwriter: %s\n", qPrintable(session.errorString()));
        return 1;
    }
    Store &store = session.value()->store();
    for (const QString &marker : args.mid(4)) {
        auto person = store.create(QStringLiteral("participant"), testdata::participant(marker));
        if (!person) {
            std::fprintf(stderr, "sessionwriter: participant: %s\n", qPrintable(person.errorString()));
            return 1;
        }
        auto visit = store.create(QStringLiteral("encounter"),
            testdata::encounter(person.value().id, testdata::fixedNow(), QStringLiteral("Notat: ") + marker));
        if (!visit) {
            std::fprintf(stderr, "sessionwriter: encounter: %s\n", qPrintable(visit.errorString()));
            return 1;
        }
    }
    if (args.at(3) == u"close")
        return 0;
    std::fputs("written\n", stdout);
    std::fflush(stdout);
    for (;;)
        QThread::sleep(60);
}
