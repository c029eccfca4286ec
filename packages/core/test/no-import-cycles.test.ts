// No module of core imports itself back through others (peer-channels.ts and
// peer-connection.ts used to import each other): relative imports of src/, types included.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

test('core/src has no import cycle', () => {
  const root = fileURLToPath(new URL('../src/', import.meta.url));
  const graph = new Map<string, string[]>();
  for (const file of sources(root)) {
    const imports = [...readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)];
    graph.set(
      file,
      imports.map((m) => resolve(dirname(file), (m[1] as string).replace(/\.js$/, '.ts'))),
    );
  }
  const cycles: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'visiting');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'visiting') {
        cycles.push(
          [...stack.slice(stack.indexOf(next)), next].map((f) => relative(root, f)).join(' -> '),
        );
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  expect(graph.size).toBeGreaterThan(15);
  expect(cycles).toEqual([]);
});
