// Documentation that cannot drift: every ```ts block of the READMEs and guides and every TSDoc
// @example type-checks against the built packages; every block fenced ```ts run (the READMEs'
// quick starts) also runs as its own process, prints what it says and exits by itself.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { checkSnippets, runnableSnippets } from '../scripts/check-snippets.mjs';

const docsRoot = fileURLToPath(new URL('..', import.meta.url));

test('every README, guide and TSDoc example type-checks', () => {
  const { count, errors } = checkSnippets() as { count: number; errors: string[] };
  expect(count).toBeGreaterThan(300);
  expect(errors).toEqual([]);
}, 120_000);

/** What a runnable snippet must print, where its output is the point. */
const prints: Record<string, RegExp> = {
  'packages/core/README.md': /^hello$/m,
  'packages/native/README.md': /^true 0$/m,
  'packages/capi-compat/README.md': /^label chat$/m,
  'packages/ws-server/README.md': /^node heard: hello$/m,
  'packages/webrtc/README.md': /^hello$/m,
  'apps/docs/src/guide/websocket-server.md': /^REFUSED .*HTTP 401[\s\S]*^channel data is open$/m,
};

const runnable = runnableSnippets() as Array<{ source: string; line: number; javascript: string }>;

test('the README quick starts are marked runnable (```ts run)', () => {
  expect(new Set(runnable.map((s) => s.source))).toEqual(new Set(Object.keys(prints)));
});

describe.each(runnable)('$source:$line (```ts run)', ({ source, line, javascript }) => {
  test('runs, prints what it says and exits by itself with code 0', () => {
    // Where @rxdc/* resolve, as they do for a reader who installed them.
    const dir = join(docsRoot, '.snippets', 'run');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${source.replace(/[^a-z0-9]+/gi, '-')}-${line}.mjs`);
    writeFileSync(file, javascript);
    const result = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 60_000 });
    expect(result.signal, result.stderr).toBeNull();
    expect(result.status, result.stderr).toBe(0);
    const expected = prints[source];
    if (expected) expect(result.stdout).toMatch(expected);
  }, 90_000);
});
