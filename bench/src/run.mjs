// Runs every benchmark figure, each in its own child process (bounded in time), prints a table
// of ours vs the baseline measured in the same run, with the median ratio of the interleaved
// rounds and its spread, judges every target, and writes bench/.results/latest.json.
//
//   pnpm bench                 every figure
//   pnpm bench core.messages   only the figures whose id starts with that prefix
//   pnpm bench --quick         every figure once with small counts (results/quick.json); the
//                              numbers mean nothing, a missing figure fails (exit status 1)
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { judge } from './harness/judge.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2).filter((arg) => arg !== '--');
const quick = args.includes('--quick');
const prefixes = args.filter((arg) => !arg.startsWith('--'));
const figureTimeoutMs = Number(
  process.env.BENCH_FIGURE_TIMEOUT_MS ?? (quick ? 90_000 : 10 * 60_000),
);
const files = readdirSync(join(here, 'figures'))
  .filter((f) => f.endsWith('.mjs'))
  .sort();

/** Measures one figure in a child process; resolves its JSON line or rejects with why not. */
function measureInChild(file, id) {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', join(here, 'measure-one.mjs'), file, id],
      {
        encoding: 'utf8',
        timeout: figureTimeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 64 << 20,
        env: { ...process.env, ...(quick && { BENCH_QUICK: '1' }) },
      },
      (error, stdout) => {
        if (error) {
          const why = error.killed
            ? `timed out after ${figureTimeoutMs} ms`
            : `exit status ${error.code}, signal ${error.signal}`;
          reject(new Error(why));
          return;
        }
        try {
          resolve(JSON.parse(stdout.trim().split('\n').at(-1)));
        } catch {
          reject(new Error('printed no result'));
        }
      },
    ).stderr.pipe(process.stderr);
  });
}

const started = new Date();
const loadBefore = loadavg();
const results = [];
const failed = [];
for (const file of files) {
  const { default: figures } = await import(join(here, 'figures', file));
  for (const figure of figures) {
    if (prefixes.length > 0 && !prefixes.some((p) => figure.id.startsWith(p))) continue;
    process.stderr.write(`measuring ${figure.id} ...\n`);
    const began = performance.now();
    try {
      const measured = await measureInChild(file, figure.id);
      const seconds = (performance.now() - began) / 1000;
      results.push({ ...judge(figure, measured), seconds: Math.round(seconds * 10) / 10 });
    } catch (error) {
      process.exitCode = 1;
      failed.push({ id: figure.id, why: error.message });
      process.stderr.write(`${figure.id} failed: ${error.message}\n`);
    }
  }
}

const fmt = (n) =>
  typeof n !== 'number' ? String(n) : Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2);
const rows = results.map((r) => [
  r.id,
  `${fmt(r.ours)} ${r.unit}`,
  `${fmt(r.baseline)} ${r.unit}`,
  r.ratio.toFixed(3),
  r.spread ? `${r.spread[0].toFixed(3)}-${r.spread[1].toFixed(3)}` : '',
  String(r.rounds ?? ''),
  [r.target, ...(r.checks ?? []).map((c) => `${c.key} ${c.target}`)].join(', '),
  r.met === null ? '' : r.met ? 'met' : 'MISSED',
  [
    ...(r.checks ?? []).map((c) => `${c.key}=${fmt(c.value)}${c.met ? '' : ' MISSED'}`),
    ...Object.entries(r.extra ?? {})
      .filter(([k]) => !(r.checks ?? []).some((c) => c.key === k))
      .map(([k, v]) => `${k}=${fmt(v)}`),
  ].join(' '),
]);
const header = ['figure', 'ours', 'baseline', 'ratio', 'spread', 'n', 'target', '', 'notes'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
for (const row of [header, ...rows])
  console.log(row.map((cell, i) => cell.padEnd(widths[i])).join('  '));
for (const f of failed) console.log(`${f.id}: FAILED (${f.why})`);
const loadAfter = loadavg();
console.log(
  `load average ${loadBefore.map((x) => x.toFixed(2)).join(' ')} at the start, ` +
    `${loadAfter.map((x) => x.toFixed(2)).join(' ')} at the end`,
);

mkdirSync(join(here, '..', '.results'), { recursive: true });
const machine = {
  node: process.version,
  platform: process.platform,
  arch: process.arch,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model.trim(),
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  freeMemoryGiB: Math.round(freemem() / 2 ** 30),
  loadAverageStart: loadBefore,
  loadAverageEnd: loadAfter,
};
const run = {
  date: started.toISOString(),
  finished: new Date().toISOString(),
  commit: process.env.BENCH_COMMIT,
  quick,
  machine,
  results,
  failed,
};
writeFileSync(
  join(here, '..', '.results', quick ? 'quick.json' : 'latest.json'),
  `${JSON.stringify(run, null, 2)}\n`,
);
