// feltnotat-bench-core: local store benchmarks (no network).
//   save   --n N            : Store::create of one encounter per transaction (WAL)
//   apply  --records N [--batch B] : RemoteApplier in batches of the pull page (B) vs plain SQLite INSERTs
//                            in one transaction
//   search --notes N [--employers M] [--queries "a;b"] [--reuse] : SearchIndex::search over N encounter
//                            notes and M employers with compound names (words inside them found by the
//                            trigram index); --queries replaces the query set, --reuse searches the
//                            workdir's search.db of an earlier run instead of loading a new one (to
//                            compare two builds on the same file)
//   import --records N      : feltnotat-cli import of N records from JSON Lines (participants, employers,
//                            encounters and tasks that refer to them by "@ref"), in this process
//   appdata --dir DIR --records N : a data folder for the app start benchmark (records as if pulled)
//   crypto [--n N] [--records N] [--notes N] [--employers M] [--rounds R] [--wal-format 1|2] : save,
//                            apply and search on a plain store and on an encrypted one (the device's),
//                            alternately in one run; --wal-format 1: the encrypted WAL as before 2026-12-07

#include "corebench.h"

#include <QCoreApplication>
#include <QTemporaryDir>

#include <cstdio>

using namespace feltnotat::bench;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const Args args(QCoreApplication::arguments().mid(1));
    const QString mode = args.positional().value(0);
    QTemporaryDir scratch;
    const QString dir = args.value(QStringLiteral("workdir"), scratch.path());
    if (mode == u"save")
        return benchSave(args, dir);
    if (mode == u"apply")
        return benchApply(args, dir);
    if (mode == u"search")
        return benchSearch(args, dir);
    if (mode == u"import")
        return benchImport(args, dir);
    if (mode == u"appdata")
        return makeAppData(args);
    if (mode == u"crypto")
        return benchCrypto(args, dir);
    std::fprintf(stderr, "usage: feltnotat-bench-core save|apply|search|import|appdata|crypto [--options]\n");
    return 2;
}
