// The package packed and installed with the one layer it builds on (@rxdc/native, packed
// too: it is not published from here) into an empty folder runs a C-style program, and
// nothing reactive (rxjs) comes with it.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
// @ts-expect-error plain JS: the repository's one way to pack (`pnpm pack:all`)
import { packAll } from '../../../scripts/pack-all.mjs';
import { runNode } from './helpers.js';

const program = fileURLToPath(new URL('./fixtures/c-program.mjs', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'capi-pack-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

test('packed, installed with @rxdc/native only, runs a C-style program; rxjs is not installed', async () => {
  const packDir = join(work, 'pack');
  const appDir = join(work, 'app');
  const packed = packAll({
    destination: packDir,
    only: ['@rxdc/native', '@rxdc/capi-compat'],
  }) as Array<{ name: string; file: string }>;
  const tarball = packed.find((p) => p.name === '@rxdc/capi-compat')?.file;
  const nativeTarball = packed.find((p) => p.name === '@rxdc/native')?.file;
  expect(tarball).toBeDefined();
  expect(nativeTarball).toBeDefined();
  execFileSync('mkdir', ['-p', appDir]);
  writeFileSync(
    join(appDir, 'package.json'),
    '{ "name": "capi-consumer", "private": true, "type": "module" }\n',
  );
  execFileSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel=error', nativeTarball!, tarball!],
    {
      cwd: appDir,
      stdio: 'pipe',
      timeout: 150_000,
    },
  );
  expect(existsSync(join(appDir, 'node_modules', '@rxdc', 'capi-compat', 'dist', 'index.js'))).toBe(
    true,
  );
  expect(existsSync(join(appDir, 'node_modules', '@rxdc', 'native', 'dist', 'index.js'))).toBe(
    true,
  );
  expect(existsSync(join(appDir, 'node_modules', 'rxjs'))).toBe(false);
  expect(existsSync(join(appDir, 'node_modules', '@rxdc', 'core'))).toBe(false);
  // the program is copied into the app so '@rxdc/capi-compat' resolves to the installed copy
  copyFileSync(program, join(appDir, 'main.mjs'));
  const result = await runNode([join(appDir, 'main.mjs'), '@rxdc/capi-compat'], {
    cwd: appDir,
    timeoutMs: 15_000,
  });
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout).toContain('got ping');
  expect(existsSync(join(appDir, 'node_modules', 'node-datachannel'))).toBe(true);
}, 180_000);
