// ioredis is an optional peer dependency: only the `./cluster` entry may load it, so apps that
// serve alone never need it installed. Checked on the built files (turbo builds before test).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
const pkg = JSON.parse(readFileSync(join(dist, '..', 'package.json'), 'utf8'));

describe.skipIf(!existsSync(dist))('ioredis stays optional', () => {
  test('it is an optional peer dependency, not a dependency', () => {
    expect(pkg.dependencies.ioredis).toBeUndefined();
    expect(pkg.peerDependencies.ioredis).toBeDefined();
    expect(pkg.peerDependenciesMeta.ioredis).toEqual({ optional: true });
  });

  test('no built file but the cluster entry imports it', () => {
    const importers = readdirSync(dist)
      .filter((file) => /\.(c?js)$/.test(file))
      .filter((file) => /["']ioredis["']/.test(readFileSync(join(dist, file), 'utf8')));
    expect(importers.sort()).toEqual(['cluster.cjs', 'cluster.js']);
  });
});
