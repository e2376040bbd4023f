#pragma once

#include "result.h"

struct sqlite3;

namespace feltnotat {

// Registers the FTS5 ranking function feltnotat_rank(search_index, titleWeight, bodyWeight[, groups]) on
// one connection. Its score (lower is better, like bm25) sums, over the query's words, the word's
// column-weighted frequency in the record saturated as in BM25: f / (f + 1.2). Without `groups` each
// phrase of the query is a word; `groups`, a blob, says how many consecutive phrases make up each word (a
// typed prefix written as the index words that start with it, "a" OR "b": their mentions count together,
// as those of one prefix phrase would). It is BM25 without the document-length normalisation and inverse
// document frequency, and that is the point: every hit of an AND query holds every word, so idf would only
// reweigh words against each other, and leaving out the length keeps FTS5 from reading each match's size
// row. A query matching thousands of notes is ranked in a fraction of bm25()'s time. Ties go to the record
// stored last on this device (ORDER BY score, rowid DESC), a cheap stand-in for "newest".
Status registerSearchRank(sqlite3 *db);

} // namespace feltnotat
