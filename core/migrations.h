#pragma once

#include "result.h"

namespace feltnotat {

class Database;

// Schema of the phone's database, one step per PRAGMA user_version. Each step runs in its own
// transaction; a step never changes once released, later needs get a new step.
namespace migrations {

constexpr int LatestVersion = 13;

// Brings the database up to targetVersion (default: latest). Refuses databases newer than this build.
Status upgrade(Database &db, int targetVersion = LatestVersion);

} // namespace migrations
} // namespace feltnotat
