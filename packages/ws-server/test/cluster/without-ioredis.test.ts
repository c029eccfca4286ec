// ioredis is an optional peer: an app without it installed type-checks against the built
// declarations (no skipLibCheck), serves alone, and a ClusterNode it creates says what to
// install. The package is copied (package.json and dist) into a temporary app whose
// node_modules has everything the package needs except ioredis.
import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(pkgDir, 'dist');
const requireHere = createRequire(join(pkgDir, 'package.json'));
let app: string;

function run(file: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    // pnpm puts its hoisted packages (ioredis among them) on NODE_PATH: not for this app.
    const { NODE_PATH: _hoisted, ...env } = process.env;
    const options = { cwd: app, timeout: 120_000, env };
    const child = execFile(file, args, options, (_error, stdout, stderr) =>
      resolve({ code: child.exitCode, out: `${stdout}${stderr}` }),
    );
  });
}

beforeAll(() => {
  if (!existsSync(dist)) return;
  app = mkdtempSync(join(tmpdir(), 'rxdc-no-ioredis-'));
  const modules = join(app, 'node_modules');
  const own = join(modules, '@rxdc', 'ws-server');
  mkdirSync(own, { recursive: true });
  cpSync(join(pkgDir, 'package.json'), join(own, 'package.json'));
  cpSync(dist, join(own, 'dist'), { recursive: true });
  const link = (name: string, target: string) => {
    mkdirSync(dirname(join(modules, name)), { recursive: true });
    symlinkSync(target, join(modules, name), 'dir');
  };
  const packageRoot = (name: string) => dirname(requireHere.resolve(`${name}/package.json`));
  link('@rxdc/core', join(pkgDir, 'node_modules', '@rxdc', 'core'));
  link('@rxdc/native', join(pkgDir, 'node_modules', '@rxdc', 'native'));
  link('rxjs', packageRoot('rxjs'));
  link('ws', packageRoot('ws'));
  link('@types/node', packageRoot('@types/node'));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2022',
        noEmit: true,
        skipLibCheck: false,
        types: ['node'],
      },
      files: ['app.ts'],
    }),
  );
  writeFileSync(
    join(app, 'app.ts'),
    [
      "import { WebRtcTransceiver, WsServer } from '@rxdc/ws-server';",
      "import { connectToTransceiver } from '@rxdc/ws-server/client';",
      "import { ClusterNode, type RedisConnectionOptions } from '@rxdc/ws-server/cluster';",
      "const redis: RedisConnectionOptions = { host: '127.0.0.1', port: 6379, keyPrefix: 'x' };",
      'export const make = () => new WsServer({ cluster: new ClusterNode({ redis }) });',
      'export const alone = new WsServer();',
      'alone.addTransceiver(new WebRtcTransceiver());',
      "export const client = connectToTransceiver('ws://127.0.0.1:1/ws');",
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(app, 'run.mjs'),
    [
      "import { WsServer } from '@rxdc/ws-server';",
      "const { ClusterNode } = await import('@rxdc/ws-server/cluster');",
      'const server = new WsServer();',
      "server.listen(0, { bindAddress: '127.0.0.1' });",
      'await server.stop();',
      'try {',
      "  new ClusterNode({ redis: 'redis://127.0.0.1:1' });",
      "  console.log('no error');",
      '} catch (error) {',
      '  console.log(JSON.stringify({ name: error.name, code: error.code, message: error.message }));',
      '}',
      '',
    ].join('\n'),
  );
});

afterAll(() => {
  if (app) rmSync(app, { recursive: true, force: true });
});

describe.skipIf(!existsSync(dist))('an app without ioredis installed', () => {
  test('ioredis really is absent from the app', async () => {
    const probe =
      "try { require.resolve('ioredis'); console.log('found') } catch { console.log('absent') }";
    const { out } = await run(process.execPath, ['-e', probe]);
    expect(out.trim()).toBe('absent');
  });

  test('type-checks with tsc, without skipLibCheck', { timeout: 120_000 }, async () => {
    const tsc = requireHere.resolve('typescript/bin/tsc');
    const { code, out } = await run(process.execPath, [tsc, '-p', 'tsconfig.json']);
    expect(out).toBe('');
    expect(code).toBe(0);
  });

  test('serves alone, and a ClusterNode says what to install', async () => {
    const { code, out } = await run(process.execPath, ['run.mjs']);
    expect(code).toBe(0);
    const error = JSON.parse(out.trim());
    expect(error.name).toBe('WsServerError');
    expect(error.code).toBe('DEPENDENCY_MISSING');
    expect(error.message).toMatch(/npm install ioredis/);
  });
});
