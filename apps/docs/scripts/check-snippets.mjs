// Documentation that cannot drift: every ```ts block of the READMEs and guides, and every
// TSDoc @example of every package, is type-checked against the built packages (their .d.ts,
// as a user sees them). Each block is compiled as its own module in apps/docs/.snippets, where
// node_modules resolves @rxdc/*, rxjs and node's types. A name a block uses without importing
// or declaring it (`channel`, `pc`: the object an example is about) is declared `any` for that
// block, so what is checked is everything the block imports and creates itself; except in the
// sources of STRICT_SOURCES (@rxdc/core and @rxdc/native, src and README), where such a name is
// an error: an example there declares what it uses (`declare const channel: DataChannel;`), so
// it is checked against the real types, not `any`. Blocks fenced
// ```ts run are whole programs: snippets.test.ts also runs each one and expects exit code 0.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const docsRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(docsRoot, '..', '..');
const outDir = join(docsRoot, '.snippets');

function walk(dir, accept) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...walk(path, accept));
    else if (accept(path)) found.push(path);
  }
  return found;
}

/** Every snippet: `{ source, line, code, run }` (`run`: fenced ```ts run, a whole program). */
export function collectSnippets() {
  const snippets = [];
  const markdown = [
    join(repoRoot, 'README.md'),
    ...readdirSync(join(repoRoot, 'packages')).map((p) =>
      join(repoRoot, 'packages', p, 'README.md'),
    ),
    ...walk(join(docsRoot, 'src'), (p) => p.endsWith('.md') && !p.includes('api-reference')),
  ];
  for (const file of markdown) {
    let text;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    // ```ts run: a whole program, which the docs tests also run (see runnableSnippets()).
    for (const match of text.matchAll(/^```ts( run)?\n([\s\S]*?)^```/gm)) {
      const line = text.slice(0, match.index).split('\n').length;
      snippets.push({ source: relative(repoRoot, file), line, code: match[2], run: !!match[1] });
    }
  }
  const sources = readdirSync(join(repoRoot, 'packages')).flatMap((p) =>
    walk(join(repoRoot, 'packages', p, 'src'), (f) => f.endsWith('.ts')),
  );
  for (const file of sources) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/@example\s*\n\s*\*\s*```ts\n([\s\S]*?)\n\s*\*\s*```/g)) {
      const code = match[1]
        .split('\n')
        .map((l) => l.replace(/^\s*\* ?/, ''))
        .join('\n');
      const line = text.slice(0, match.index).split('\n').length;
      snippets.push({ source: relative(repoRoot, file), line, code, run: false });
    }
  }
  return snippets;
}

/**
 * The snippets fenced ```ts run, as JavaScript a child process can run: each claims to be a
 * whole program that exits by itself, and the docs tests hold it to that.
 */
export function runnableSnippets() {
  return collectSnippets()
    .filter((snippet) => snippet.run)
    .map((snippet) => ({
      ...snippet,
      javascript: ts.transpileModule(snippet.code, {
        compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
      }).outputText,
    }));
}

/** Where a name a snippet uses without declaring it is an error, not `any` (see above). */
const STRICT_SOURCES = ['packages/core/', 'packages/native/'];

const isStrict = (source) => STRICT_SOURCES.some((prefix) => source.startsWith(prefix));

const options = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts', 'lib.esnext.disposable.d.ts'],
  types: ['node'],
  strict: true,
  // A callback handed to a name declared `any` (see above) has no contextual type.
  noImplicitAny: false,
  noEmit: true,
  skipLibCheck: true,
  isolatedModules: true,
  esModuleInterop: true,
};

function compile(files) {
  const program = ts.createProgram(files, options);
  return ts.getPreEmitDiagnostics(program).filter((d) => d.file && files.includes(d.file.fileName));
}

/** Type-checks every snippet; returns one line per error ('' when all compile). */
export function checkSnippets() {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const snippets = collectSnippets();
  const files = snippets.map((snippet, index) => {
    const file = join(outDir, `snippet-${String(index).padStart(3, '0')}.ts`);
    writeFileSync(file, `${snippet.code}\nexport {};\n`);
    return file;
  });
  // First pass: find the free names of each snippet and declare them.
  const free = new Map();
  for (const d of compile(files)) {
    if (d.code !== 2304 && d.code !== 2552) continue;
    const name = ts.flattenDiagnosticMessageText(d.messageText, '\n').match(/name '([^']+)'/)?.[1];
    if (!name) continue;
    const names = free.get(d.file.fileName) ?? new Set();
    names.add(name);
    free.set(d.file.fileName, names);
  }
  for (const [file, names] of free) {
    if (isStrict(snippets[files.indexOf(file)].source)) continue;
    // A name may be a value or a type (an options interface the example does not import).
    const declarations = [...names]
      .map((n) => `declare const ${n}: any; type ${n}<_A = any, _B = any, _C = any> = any;`)
      .join(' ');
    // On the first line, so the snippet's own line numbers stay as they were.
    writeFileSync(file, `${declarations} ${readFileSync(file, 'utf8')}`);
  }
  // TS2347: type arguments on a call of a name declared `any`.
  const errors = compile(files)
    .filter((d) => d.code !== 2347)
    .map((d) => {
      const index = files.indexOf(d.file.fileName);
      const snippet = snippets[index];
      const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
      const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      return `${snippet.source}:${snippet.line} (snippet line ${line + 1}): ${message}`;
    });
  return { count: snippets.length, errors };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { count, errors } = checkSnippets();
  for (const error of errors) console.error(error);
  console.log(`${count} snippets, ${errors.length} errors`);
  process.exitCode = errors.length > 0 ? 1 : 0;
}
