// Documentation that cannot drift: every ```ts block of the READMEs and guides and every TSDoc
// @example type-checks against the built packages; the core README's first snippet also runs
// and exits by itself.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { checkSnippets, collectSnippets } from '../scripts/check-snippets.mjs';

const docsRoot = fileURLToPath(new URL('..', import.meta.url));

test('every README, guide and TSDoc example type-checks', () => {
  const { count, errors } = checkSnippets() as { count: number; errors: string[] };
  expect(count).toBeGreaterThan(300);
  expect(errors).toEqual([]);
}, 120_000);

test("the core README's snippet runs, prints its message and exits by itself", () => {
  const snippet = (collectSnippets() as Array<{ source: string; code: string }>).find(
    (s) => s.source === 'packages/core/README.md',
  );
  expect(snippet).toBeDefined();
  // It is plain JavaScript as well as TypeScript; run it where @rxdc/core resolves.
  const dir = join(docsRoot, '.snippets', 'run');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'core-readme.mjs');
  writeFileSync(file, snippet!.code);
  const result = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 30_000 });
  expect(result.signal, result.stderr).toBeNull();
  expect(result.status, result.stderr).toBe(0);
  expect(result.stdout.trim()).toBe('hello');
}, 60_000);
