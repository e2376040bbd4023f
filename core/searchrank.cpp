#include "searchrank.h"

#include <algorithm>
#include <sqlite3.h>

namespace feltnotat {

namespace {

constexpr double Saturation = 1.2; // BM25's k1

// Called for every match of a query, so it allocates nothing and walks each phrase's own position list
// (xPhraseFirst/xPhraseNext) instead of FTS5's merged list of all instances (xInstCount/xInst), which
// FTS5 builds and sorts for every row.
void rankFunction(
    const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *out, int argc, sqlite3_value **argv)
{
    constexpr int MaxColumns = 8;
    const int columns = std::min(api->xColumnCount(fts), MaxColumns);
    // A trailing blob groups the phrases: byte i is how many consecutive phrases stand for the i-th typed
    // word (searchrank.h).
    const unsigned char *groups = nullptr;
    int groupCount = 0;
    if (argc > 0 && sqlite3_value_type(argv[argc - 1]) == SQLITE_BLOB) {
        groups = static_cast<const unsigned char *>(sqlite3_value_blob(argv[argc - 1]));
        groupCount = sqlite3_value_bytes(argv[argc - 1]);
        --argc;
    }
    double weights[MaxColumns];
    for (int c = 0; c < columns; ++c)
        weights[c] = c < argc ? sqlite3_value_double(argv[c]) : 1.0;
    double score = 0;
    const int phrases = api->xPhraseCount(fts);
    int phrase = 0;
    for (int group = 0; phrase < phrases; ++group) {
        const int size = group < groupCount ? std::max(1, int(groups[group])) : 1;
        const int end = std::min(phrases, phrase + size);
        double frequency = 0;
        for (; phrase < end; ++phrase) {
            Fts5PhraseIter iter;
            int column = 0;
            int offset = 0;
            if (int rc = api->xPhraseFirst(fts, phrase, &iter, &column, &offset); rc != SQLITE_OK) {
                sqlite3_result_error_code(out, rc);
                return;
            }
            for (; column >= 0; api->xPhraseNext(fts, &iter, &column, &offset)) {
                if (column < columns)
                    frequency += weights[column];
            }
        }
        score += frequency / (frequency + Saturation);
    }
    sqlite3_result_double(out, -score);
}

} // namespace

Status registerSearchRank(sqlite3 *db)
{
    // The documented way to reach the FTS5 API of a connection: SELECT fts5(?) with a bound pointer.
    fts5_api *api = nullptr;
    sqlite3_stmt *stmt = nullptr;
    int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr);
    if (rc == SQLITE_OK) {
        sqlite3_bind_pointer(stmt, 1, static_cast<void *>(&api), "fts5_api_ptr", nullptr);
        sqlite3_step(stmt);
    }
    sqlite3_finalize(stmt);
    if (!api || api->iVersion < 2)
        return makeError(ErrorCode::Database, QStringLiteral("SQLite was built without FTS5"));
    rc = api->xCreateFunction(api, "feltnotat_rank", nullptr, rankFunction, nullptr);
    if (rc != SQLITE_OK)
        return makeError(ErrorCode::Database, QStringLiteral("cannot register the search ranking function"));
    return Status::success();
}

} // namespace feltnotat
