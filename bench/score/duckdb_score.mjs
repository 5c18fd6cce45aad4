// Peer of `cxpact score` on DuckDB: computes the golden metric set (shared/spec/golden-rules.md)
// with the SQL in duckdb_score.sql and prints it as CSV on stdout.
//
// Usage: node bench/score/duckdb_score.mjs INPUT_DIR [--quarantine FILE] [--db FILE] > out.csv
//   INPUT_DIR holds contacts.csv and surveys.csv (canonical layout, shared/spec/data-format.md).
//   --quarantine FILE also writes the rejected rows (file,record,reason), as
//   expected_quarantine.csv does.  --db FILE uses a database file instead of memory.
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
let inputDir = null, quarantineFile = null, dbFile = ':memory:';
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--quarantine') quarantineFile = args[++i];
  else if (args[i] === '--db') dbFile = args[++i];
  else if (inputDir === null) inputDir = args[i];
  else { console.error(`unexpected argument: ${args[i]}`); process.exit(2); }
}
if (!inputDir) {
  console.error('usage: node duckdb_score.mjs INPUT_DIR [--quarantine FILE] [--db FILE] > out.csv');
  process.exit(2);
}

// Columns the SQL reads. A missing optional column is all empty (rule 10); a missing
// required one too, so that every row is quarantined as missing_required.
const COLUMNS = {
  contacts_raw: ['contact_id', 'partner', 'channel', 'customer_id', 'reason', 'arrived_at',
    'customer_sent_at', 'answered_at', 'ended_at', 'handle_seconds', 'abandoned', 'transferred',
    'demographics_collected', 'consent_recorded'],
  surveys_raw: ['survey_id', 'contact_id', 'partner', 'customer_id', 'responded_at', 'nps', 'csat', 'ces'],
};

const here = dirname(fileURLToPath(import.meta.url));
const sqlText = readFileSync(join(here, 'duckdb_score.sql'), 'utf8')
  .replaceAll('{{INPUT_DIR}}', resolve(inputDir).replaceAll("'", "''"));
const [load, rest] = sqlText.split('-- @@ fill-missing-columns');
const [compute, afterCompute] = rest.split('-- @@ quarantine');
const [quarantineSql, outputSql] = afterCompute.split('-- @@ output');

const instance = await DuckDBInstance.create(dbFile);
const conn = await instance.connect();

await conn.run(load);
for (const [table, cols] of Object.entries(COLUMNS)) {
  const have = new Set((await conn.runAndReadAll(
    `SELECT column_name FROM information_schema.columns WHERE table_name = '${table}'`))
    .getRows().map((r) => r[0]));
  for (const col of cols) {
    if (!have.has(col)) await conn.run(`ALTER TABLE ${table} ADD COLUMN "${col}" VARCHAR`);
  }
}
await conn.run(compute);

const csvCell = (v) => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};
const toCsv = (reader) => {
  const lines = [reader.columnNames().join(',')];
  for (const row of reader.getRows()) lines.push(row.map(csvCell).join(','));
  return lines.join('\n') + '\n';
};

if (quarantineFile) writeFileSync(quarantineFile, toCsv(await conn.runAndReadAll(quarantineSql)));
process.stdout.write(toCsv(await conn.runAndReadAll(outputSql)));
