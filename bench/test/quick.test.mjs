// `pnpm bench --quick` inside `pnpm test`: every figure runs once with small counts, and each
// must produce a result. No timing is asserted (that is what a full `pnpm bench` judges); a
// figure that throws, hangs past its time limit or prints nothing fails here, not in the next
// person's full run.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

test('every figure is produced in quick mode', async () => {
  const ids = [];
  for (const file of readdirSync(join(root, 'src', 'figures')).filter((f) => f.endsWith('.mjs'))) {
    const { default: figures } = await import(join(root, 'src', 'figures', file));
    ids.push(...figures.map((f) => f.id));
  }
  expect(ids.length).toBeGreaterThan(0);
  const status = await new Promise((resolve) => {
    const run = execFile(
      process.execPath,
      [join(root, 'src', 'run.mjs'), '--quick'],
      { cwd: root, timeout: 220_000, killSignal: 'SIGKILL' },
      (error) => resolve(error ? (error.code ?? error.signal) : 0),
    );
    run.stderr.pipe(process.stderr);
  });
  const run = JSON.parse(readFileSync(join(root, '.results', 'quick.json'), 'utf8'));
  expect(run.failed).toEqual([]);
  expect(run.results.map((r) => r.id).sort()).toEqual([...ids].sort());
  for (const r of run.results) {
    expect(Number.isFinite(r.ours), `${r.id} ours`).toBe(true);
    expect(Number.isFinite(r.baseline), `${r.id} baseline`).toBe(true);
  }
  expect(status).toBe(0);
});
