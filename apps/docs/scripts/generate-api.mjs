// Generates the API reference (Markdown for VitePress) from the TSDoc of the six packages.
//
// The public API is exactly what each package's `exports` map names, so the entry points are
// read from those maps (`./dist/x.js` -> `src/x.ts`): a new subpath export is documented
// without touching this file. Cross-package imports (`@rxdc/core` inside ws-server) resolve
// to source through `paths`, so links between packages work.
//
// It fails (exit 1) when an exported symbol, or a public member of one, has no TSDoc or an
// empty one (TypeDoc's `notDocumented` validation, warnings treated as errors), or when a
// `{@link}` cannot be resolved. The failures are listed by package.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { Application, Converter, ReflectionKind } from 'typedoc';

const docsRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(docsRoot, '..', '..');
const outDir = join(docsRoot, 'src', 'api-reference');

/** The packages documented, in the order of the reference's sidebar. */
export const documentedPackages = ['native', 'core', 'rx', 'capi-compat', 'ws-server', 'webrtc'];

/**
 * For local work while a package is being written: report what is undocumented (or missing)
 * and generate anyway. Never set in CI.
 */
function allowUndocumented() {
  return process.env.RXDC_DOCS_ALLOW_UNDOCUMENTED === '1';
}

/**
 * The source file of a built entry: `./dist/x.js` (or `.cjs`, `.d.ts`) comes from `src/x.ts`
 * or `src/x/index.ts`.
 */
function sourceCandidates(target) {
  const stem = target.replace(/^\.\/dist\//, 'src/').replace(/\.(d\.)?(c|m)?(j|t)s$/, '');
  return [`${stem}.ts`, `${stem}/index.ts`];
}

function firstTarget(entry) {
  if (typeof entry === 'string') return entry;
  if (entry && typeof entry === 'object') {
    for (const key of ['import', 'types', 'default', 'require']) {
      const found = entry[key] && firstTarget(entry[key]);
      if (found) return found;
    }
  }
  return undefined;
}

/** Every public entry point of every documented package: `{ specifier, file }`. */
export function publicEntryPoints() {
  const entries = [];
  for (const folder of documentedPackages) {
    const packageDir = join(repoRoot, 'packages', folder);
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
    for (const [subpath, entry] of Object.entries(manifest.exports ?? { '.': manifest.main })) {
      if (subpath.endsWith('.json')) continue;
      const target = firstTarget(entry);
      if (!target) continue;
      const candidates = sourceCandidates(target).map((candidate) => join(packageDir, candidate));
      const file = candidates.find((candidate) => existsSync(candidate)) ?? candidates[0];
      if (!existsSync(file)) {
        if (allowUndocumented()) {
          console.error(
            `generate-api: skipping ${manifest.name} "${subpath}": ${relative(repoRoot, file)} does not exist`,
          );
          continue;
        }
        throw new Error(
          `${manifest.name} exports "${subpath}" but ${relative(repoRoot, file)} does not exist`,
        );
      }
      entries.push({
        packageName: manifest.name,
        specifier: subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`,
        file,
      });
    }
  }
  return entries;
}

async function main() {
  const entries = publicEntryPoints();
  const paths = Object.fromEntries(entries.map((e) => [e.specifier, [e.file]]));

  rmSync(outDir, { recursive: true, force: true });
  const app = await Application.bootstrapWithPlugins({
    options: join(docsRoot, 'typedoc.json'),
    entryPoints: entries.map((e) => e.file),
    tsconfig: join(docsRoot, 'tsconfig.typedoc.json'),
    compilerOptions: { paths },
    ...(allowUndocumented() && { treatValidationWarningsAsErrors: false }),
    // TypeDoc checks only the package it runs in unless told otherwise.
    packagesRequiringDocumentation: [...new Set(entries.map((e) => e.packageName))],
    out: outDir,
    docsRoot: join(docsRoot, 'src'),
  });

  // Name each module for the import specifier a reader types, not its path in the repo.
  // TypeDoc names a module by its entry file's path relative to the entry points' common
  // folder, without the extension and without a trailing `/index`.
  const base = commonFolder(entries.map((e) => dirname(e.file)));
  const byDefaultName = new Map(
    entries.map((e) => [
      relative(base, e.file)
        .replace(/\.ts$/, '')
        .replace(/\/index$/, ''),
      e.specifier,
    ]),
  );
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.getReflectionsByKind(ReflectionKind.Module)) {
      const specifier = byDefaultName.get(module.name);
      if (!specifier)
        throw new Error(`generate-api: no package entry point for module "${module.name}"`);
      module.name = specifier;
    }
  });

  // Collect what validation reports, to list it by package at the end.
  const failures = [];
  app.logger.validationWarning = (message) => {
    // An index signature (`[event: string]: ...`), and a member of an anonymous object type
    // nested in a union or a constant (`Alias.__type.member`), is documented by the named
    // symbol that holds it. Members of classes, interfaces and object type aliases are not.
    if (/\(IndexSignature\)|\.__type\./.test(String(message))) return;
    // Collected and reported by package below (TypeDoc's own line would repeat each one).
    failures.push(String(message));
  };

  const project = await app.convert();
  if (!project) {
    console.error('generate-api: TypeDoc could not convert the packages (see above).');
    process.exit(1);
  }
  documentSettersFromGetters(project);
  app.validate(project);
  if (failures.length > 0 && !allowUndocumented()) {
    report(failures);
    console.error(
      'generate-api: failed. Document each symbol above in its package (a summary line at least).',
    );
    process.exit(1);
  }
  if (failures.length > 0) {
    report(failures);
    console.error(
      'generate-api: RXDC_DOCS_ALLOW_UNDOCUMENTED is set: generating anyway (never in CI).',
    );
  }
  await app.generateOutputs(project);
  if (app.logger.hasErrors()) process.exit(1);
  console.log(`generate-api: ${entries.length} entry points -> ${relative(docsRoot, outDir)}`);
}

/** An accessor is documented once, on its getter: its setter shows the same comment. */
function documentSettersFromGetters(project) {
  for (const accessor of project.getReflectionsByKind(ReflectionKind.Accessor)) {
    const { getSignature, setSignature } = accessor;
    if (setSignature && !setSignature.hasComment() && getSignature?.hasComment()) {
      setSignature.comment = getSignature.comment.clone();
    }
  }
}

function commonFolder(folders) {
  let common = folders[0] ?? '';
  for (const folder of folders) {
    while (folder !== common && !folder.startsWith(`${common}/`)) common = dirname(common);
  }
  return common;
}

/** Lists the undocumented symbols by package, so each owner sees their own list. */
function report(messages) {
  const byPackage = new Map();
  for (const message of messages) {
    const match = /defined in (@[^/]+\/[^/]+)\//.exec(message);
    const key = match?.[1] ?? 'other';
    if (!byPackage.has(key)) byPackage.set(key, []);
    byPackage.get(key).push(stripVTControlCharacters(message));
  }
  console.error(
    `\ngenerate-api: ${messages.length} public API symbols have no TSDoc comment (or an empty one):`,
  );
  for (const [key, list] of byPackage) {
    console.error(`\n  ${key} (${list.length})`);
    for (const line of list) console.error(`    - ${line}`);
  }
  console.error('');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
