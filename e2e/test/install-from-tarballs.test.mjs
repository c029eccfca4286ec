// The install story before publication, as a user meets it (issue 20): `pnpm pack:all`'s
// tarballs (scripts/pack-all.mjs, the one way to pack) pass a publish dry run, install with
// npm into a fresh app (the tarballs from disk, rxjs and node-datachannel from the registry or
// npm's cache), and the core README's program runs there as ESM and as CommonJS, printing what
// it says and exiting by itself.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { packAll, publishablePackages } from '../../scripts/pack-all.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'rxdc-install-'));
const app = join(work, 'app');
let packed = [];

/** The `ts run` program of the core README: what a new user copies first. */
function readmeProgram() {
  const readme = readFileSync(join(root, 'packages/core/README.md'), 'utf8');
  const match = /```ts run\n([\s\S]*?)```/.exec(readme);
  if (!match) throw new Error('packages/core/README.md has no ```ts run block');
  return match[1];
}

/** The same program as CommonJS: requires instead of imports, the body in an async function. */
function asCommonJs(program) {
  const requires = [];
  const body = program.replace(/^import \{([^}]+)\} from '([^']+)';\n/gm, (_, names, from) => {
    requires.push(`const {${names}} = require('${from}');`);
    return '';
  });
  return `${requires.join('\n')}\n(async () => {\n${body}})();\n`;
}

function run(file) {
  return new Promise((resolve) => {
    const started = Date.now();
    execFile(process.execPath, [file], { cwd: app, timeout: 30_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (error.code ?? 1) : 0, stdout, stderr, ms: Date.now() - started }),
    );
  });
}

beforeAll(() => {
  // Built by turbo before this task (e2e's test depends on ^build).
  packed = packAll({ destination: join(work, 'pack') });
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('installing from the packed tarballs', () => {
  test('every package is packed, at one version, with its internal dependencies at the versions packed beside it', () => {
    expect(packed.map((p) => p.name).sort()).toEqual([
      '@rxdc/capi-compat',
      '@rxdc/core',
      '@rxdc/native',
      '@rxdc/rx',
      '@rxdc/webrtc',
      '@rxdc/ws-server',
    ]);
    for (const { file } of packed) expect(existsSync(file)).toBe(true);
    // packAll throws when a tarball names an internal version other than the packed one.
  });

  test('each package passes a publish dry run (no network: the registry is an unreachable address)', () => {
    // From the package folder, as `changeset publish` would (pnpm packs the same files, with
    // the same workspace ranges replaced); npm and pnpm both query the registry for a tarball
    // path, which this dry run must not need.
    for (const { name, version, dir } of publishablePackages()) {
      const output = execFileSync(
        'pnpm',
        ['publish', '--dry-run', '--no-git-checks', '--registry', 'http://127.0.0.1:9/'],
        {
          cwd: dir,
          encoding: 'utf8',
          stdio: 'pipe',
          timeout: 60_000,
          // npm's login check of a dry run would retry the dead address for about 70 s.
          env: { ...process.env, npm_config_fetch_retries: '0', npm_config_fetch_timeout: '2000' },
        },
      );
      expect(output, name).toContain(`${name}@${version}`);
    }
  }, 180_000);

  test("npm installs them into a fresh app, and the core README's program runs as ESM and as CommonJS", async () => {
    mkdirSync(app, { recursive: true });
    writeFileSync(join(app, 'package.json'), '{ "name": "fresh-app", "private": true }\n');
    execFileSync(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        ...packed.map((p) => p.file),
        'rxjs@^7.8.0',
      ],
      { cwd: app, stdio: 'pipe', timeout: 240_000 },
    );
    for (const { name } of packed) {
      expect(existsSync(join(app, 'node_modules', ...name.split('/'), 'dist')), name).toBe(true);
    }
    const program = readmeProgram();
    writeFileSync(join(app, 'main.mjs'), program);
    writeFileSync(join(app, 'main.cjs'), asCommonJs(program));
    for (const file of ['main.mjs', 'main.cjs']) {
      const result = await run(join(app, file));
      expect(result.code, `${file}: ${result.stderr}`).toBe(0);
      expect(result.stdout, file).toMatch(/^hello$/m);
    }
  }, 300_000);
});
