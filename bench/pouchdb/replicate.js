// A new PouchDB 9 device (LevelDB on disk) replicating everything from the peer server.
// node replicate.js URL DATADIR BATCH_SIZE → {"docs":…,"ms":…,"peak_rss_mb":…}
'use strict';
const path = require('path');
const PouchDB = require('pouchdb');

async function main() {
  const [url, dir, batchSize] = process.argv.slice(2);
  const db = new PouchDB(path.join(dir, 'client'));
  const idle = process.memoryUsage().rss;
  const t0 = process.hrtime.bigint();
  const opts = batchSize ? { batch_size: Number(batchSize) } : {};
  const result = await PouchDB.replicate(url, db, opts);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const info = await db.info();
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ bench: 'pouchdb_first_sync', docs: info.doc_count, docs_written: result.docs_written,
    batch_size: opts.batch_size || 100, ms: Math.round(ms), idle_rss_mb: Math.round(idle / 1048576),
    peak_rss_mb: Math.round(peak / 1048576) }));
  await db.close();
}
main().catch((e) => { console.error(e); process.exit(1); });
