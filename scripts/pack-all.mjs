// Packs every publishable package (packages/*, not private) into installable tarballs in one
// folder, with their internal dependencies pinned to the versions packed beside them (pnpm
// pack replaces `workspace:` ranges), and checks that they match. Until the packages are on
// the registry this is how to install them (see the README's "Install before publication").
//
//   pnpm pack:all                 builds, then packs into .pack/ at the repository root
//   node scripts/pack-all.mjs DIR packs the built packages into DIR
//
// Also a module: packAll() is what the install tests use (e2e/test/install-from-tarballs,
// packages/capi-compat/test/pack-install), so there is one way to pack.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The publishable packages of the workspace: `{ name, version, dir }`, in folder order. */
export function publishablePackages() {
  const packagesDir = join(root, 'packages');
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(packagesDir, entry.name))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => !manifest.private)
    .map(({ dir, manifest }) => ({ name: manifest.name, version: manifest.version, dir }));
}

/** The package.json inside a tarball. */
function manifestOf(tarball) {
  return JSON.parse(
    execFileSync('tar', ['-xOzf', tarball, 'package/package.json'], { encoding: 'utf8' }),
  );
}

/**
 * Packs the built packages (all, or those named in `only`) into `destination` (emptied first)
 * and checks every `@rxdc/*` dependency of each tarball names the exact version packed beside
 * it (`0.1.0` or `^0.1.0` for 0.1.0; no `workspace:` left). Returns `{ name, version, file }`
 * per package. Throws, naming the package and the range, when one does not match.
 */
export function packAll({ destination = join(root, '.pack'), only } = {}) {
  rmSync(destination, { recursive: true, force: true });
  mkdirSync(destination, { recursive: true });
  const selected = publishablePackages().filter((p) => !only || only.includes(p.name));
  if (only && selected.length !== only.length) {
    throw new Error(`pack-all: unknown package in ${JSON.stringify(only)}`);
  }
  const packed = selected.map((pkg) => {
    const before = new Set(readdirSync(destination));
    execFileSync('pnpm', ['pack', '--pack-destination', destination], {
      cwd: pkg.dir,
      stdio: 'pipe',
    });
    const file = readdirSync(destination).find((f) => !before.has(f) && f.endsWith('.tgz'));
    if (!file) throw new Error(`pack-all: pnpm pack wrote no tarball for ${pkg.name}`);
    return { name: pkg.name, version: pkg.version, file: join(destination, file) };
  });
  const versions = new Map(publishablePackages().map((p) => [p.name, p.version]));
  for (const { name, file } of packed) {
    const manifest = manifestOf(file);
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
      for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
        if (range.startsWith('workspace:')) {
          throw new Error(`pack-all: ${name} still has ${dep}@${range} in ${field}`);
        }
        if (!dep.startsWith('@rxdc/')) continue;
        const wanted = versions.get(dep);
        if (range !== wanted && range !== `^${wanted}`) {
          throw new Error(`pack-all: ${name} depends on ${dep}@${range}, but ${dep} is ${wanted}`);
        }
      }
    }
  }
  return packed;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const destination = resolve(process.argv[2] ?? join(root, '.pack'));
  const packed = packAll({ destination });
  for (const { name, version, file } of packed) console.log(`${name}@${version}  ${file}`);
  console.log(
    `\nInstall in your app (npm, pnpm or yarn), every tarball your packages need at once:`,
  );
  console.log(`  npm install ${packed.map((p) => p.file).join(' ')} rxjs`);
}
