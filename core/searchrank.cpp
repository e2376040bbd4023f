#include "searchrank.h"

#include <sqlite3.h>
#include <vector>

namespace feltnotat {

namespace {

constexpr double Saturation = 1.2; // BM25's k1

void rankFunction(
    const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *out, int argc, sqlite3_value **argv)
{
    const int phrases = api->xPhraseCount(fts);
    const int columns = api->xColumnCount(fts);
    std::vector<double> weights(size_t(columns), 1.0);
    for (int c = 0; c < columns && c < argc; ++c)
        weights[size_t(c)] = sqlite3_value_double(argv[c]);
    std::vector<double> frequency(size_t(phrases), 0.0);
    int instances = 0;
    if (int rc = api->xInstCount(fts, &instances); rc != SQLITE_OK) {
        sqlite3_result_error_code(out, rc);
        return;
    }
    for (int i = 0; i < instances; ++i) {
        int phrase = 0;
        int column = 0;
        int offset = 0;
        if (int rc = api->xInst(fts, i, &phrase, &column, &offset); rc != SQLITE_OK) {
            sqlite3_result_error_code(out, rc);
            return;
        }
        if (phrase >= 0 && phrase < phrases && column >= 0 && column < columns)
            frequency[size_t(phrase)] += weights[size_t(column)];
    }
    double score = 0;
    for (double f : frequency)
        score += f / (f + Saturation);
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
