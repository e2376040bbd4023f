// pouchdb-server style peer: express-pouchdb over PouchDB 9 (LevelDB on disk), on loopback.
// node server.js DATADIR DUMP.jsonl  → loads the documents, then prints {"port":…,"docs":…} and serves.
'use strict';
const fs = require('fs');
const path = require('path');
const readline = require('readline');
const express = require('express');
const PouchDB = require('pouchdb');

async function main() {
  const [dir, dump] = process.argv.slice(2);
  fs.mkdirSync(dir, { recursive: true });
  const Pouch = PouchDB.defaults({ prefix: path.join(dir, 'srv-') });
  const db = new Pouch('feltnotat');
  let batch = [];
  let docs = 0;
  const t0 = Date.now();
  const lines = readline.createInterface({ input: fs.createReadStream(dump) });
  for await (const line of lines) {
    if (!line) continue;
    const r = JSON.parse(line);
    batch.push(Object.assign({ _id: r.id, type: r.entity }, r.fields));
    if (batch.length === 1000) { await db.bulkDocs(batch); docs += batch.length; batch = []; }
  }
  if (batch.length) { await db.bulkDocs(batch); docs += batch.length; }
  const app = express();
  app.use('/', require('express-pouchdb')(Pouch, { mode: 'minimumForPouchDB', logPath: path.join(dir, 'log.txt') }));
  const server = app.listen(0, '127.0.0.1', () => {
    console.log(JSON.stringify({ port: server.address().port, docs, load_ms: Date.now() - t0 }));
  });
}
main().catch((e) => { console.error(e); process.exit(1); });
