// Loads a canonical contacts CSV into a DuckDB table with read_csv, as the peer of
// `cxpact ingest`. Usage: node duckdb_import.mjs FILE.csv DB_FILE
import { DuckDBInstance } from '@duckdb/node-api';

const [file, dbFile] = process.argv.slice(2);
const instance = await DuckDBInstance.create(dbFile);
const conn = await instance.connect();
const t0 = performance.now();
await conn.run(`CREATE TABLE contacts AS SELECT * FROM read_csv('${file}', header = true, all_varchar = false)`);
const rows = (await conn.runAndReadAll('SELECT count(*) FROM contacts')).getRows()[0][0];
const secs = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ rows: Number(rows), seconds: secs }));
