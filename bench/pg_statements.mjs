// The statements one HTTP request sent to PostgreSQL, as a pgbench script: reads the server log
// written while PostgreSQL logged every statement (log_min_duration_statement = 0) from byte
// OFFSET on, takes each `execute` with its `parameters:` detail, and prints the statement with
// its parameters written in as literals (bench/http.sh times the script with pgbench: what
// PostgreSQL alone answers for the route, the ceiling the route cannot pass).
//   node bench/pg_statements.mjs LOG OFFSET
import { openSync, readSync, fstatSync } from 'node:fs';

const [log, offset] = process.argv.slice(2);
const fd = openSync(log, 'r');
const size = fstatSync(fd).size - Number(offset);
const buf = Buffer.alloc(Math.max(size, 0));
readSync(fd, buf, 0, buf.length, Number(offset));
const lines = buf.toString('utf8').split('\n');

const out = [];
for (let i = 0; i < lines.length; i++) {
  const m = lines[i].match(/LOG:\s+duration: [\d.]+ ms\s+execute [^:]*: (.*)$/);
  if (!m) continue;
  let sql = m[1];
  const detail = lines[i + 1]?.match(/DETAIL:\s+parameters: (.*)$/);
  if (detail) {
    const values = new Map();
    for (const p of detail[1].matchAll(/\$(\d+) = (NULL|'(?:[^']|'')*')/g)) values.set(Number(p[1]), p[2]);
    // $12 before $1: replace the longer numbers first.
    sql = sql.replace(/\$(\d+)/g, (all, n) => values.get(Number(n)) ?? all);
  }
  out.push(sql.trim().replace(/;?$/, ';'));
}
if (out.length === 0) {
  console.error('no statement found in the log');
  process.exit(1);
}
console.log(out.join('\n'));
