// Runs every benchmark figure, each in its own child process, prints a table of ours vs the
// baseline measured in the same run, and writes bench/.results/latest.json.
//
//   pnpm bench                 every figure
//   pnpm bench core.messages   only the figures whose id starts with that prefix
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const prefixes = process.argv.slice(2).filter((arg) => arg !== '--');
const files = readdirSync(join(here, 'figures'))
  .filter((f) => f.endsWith('.mjs'))
  .sort();

const results = [];
for (const file of files) {
  const { default: figures } = await import(join(here, 'figures', file));
  for (const figure of figures) {
    if (prefixes.length > 0 && !prefixes.some((p) => figure.id.startsWith(p))) continue;
    process.stderr.write(`measuring ${figure.id} ...\n`);
    try {
      const output = execFileSync(
        process.execPath,
        ['--expose-gc', join(here, 'measure-one.mjs'), file, figure.id],
        { encoding: 'utf8', timeout: 10 * 60_000, stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const measured = JSON.parse(output.trim().split('\n').at(-1));
      results.push(toResult(figure, measured));
    } catch (error) {
      process.exitCode = 1;
      process.stderr.write(
        `${figure.id} failed: exit status ${error.status}, signal ${error.signal}\n`,
      );
    }
  }
}

function toResult(figure, { ours, baseline, extra }) {
  const ratio = ours / baseline;
  // 'info': shown for context, with no target to meet.
  const [op, value] = figure.target.split(' ');
  const met = op === 'info' ? null : op === '>=' ? ratio >= Number(value) : ratio <= Number(value);
  return {
    id: figure.id,
    ours,
    baseline,
    unit: figure.unit,
    ratio,
    target: figure.target,
    met,
    ...(extra && { extra }),
  };
}

const fmt = (n) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2));
const rows = results.map((r) => [
  r.id,
  `${fmt(r.ours)} ${r.unit}`,
  `${fmt(r.baseline)} ${r.unit}`,
  r.ratio.toFixed(3),
  r.target,
  r.met === null ? '' : r.met ? 'met' : 'MISSED',
  r.extra
    ? Object.entries(r.extra)
        .map(([k, v]) => `${k}=${typeof v === 'number' ? fmt(v) : v}`)
        .join(' ')
    : '',
]);
const header = ['figure', 'ours', 'baseline', 'ratio', 'target', '', 'notes'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
for (const row of [header, ...rows])
  console.log(row.map((cell, i) => cell.padEnd(widths[i])).join('  '));

mkdirSync(join(here, '..', '.results'), { recursive: true });
const machine = {
  node: process.version,
  platform: process.platform,
  arch: process.arch,
  cpus: (await import('node:os')).cpus().length,
};
writeFileSync(
  join(here, '..', '.results', 'latest.json'),
  `${JSON.stringify({ date: new Date().toISOString(), machine, results }, null, 2)}\n`,
);
