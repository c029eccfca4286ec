// Behavioural claims in the READMEs and guides name the test that proves them, with a marker
// beside the claim:
//   <!-- proof: packages/core/test/open-failure.test.ts > a failed open ... -->
// This script finds every marker and checks that the file exists and still has a test of that
// exact title, so a renamed or deleted test breaks the docs' test instead of leaving the claim
// unproven.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const marker = /<!--\s*proof:\s*([^>\s]+)\s+>\s+([\s\S]*?)\s*-->/g;

/** Every Markdown file whose claims are checked: the READMEs and the guides. */
function documentsWithClaims() {
  const packages = readdirSync(join(repoRoot, 'packages'))
    .map((name) => join('packages', name, 'README.md'))
    .filter((file) => existsSync(join(repoRoot, file)));
  const guides = readdirSync(join(repoRoot, 'apps/docs/src/guide'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join('apps/docs/src/guide', name));
  return ['README.md', ...packages, ...guides];
}

/** Every proof marker: where it stands, the test file and the test's title. */
export function proofMarkers() {
  const found = [];
  for (const document of documentsWithClaims()) {
    const text = readFileSync(join(repoRoot, document), 'utf8');
    for (const match of text.matchAll(marker)) {
      const line = text.slice(0, match.index).split('\n').length;
      found.push({ document, line, file: match[1], title: match[2].replace(/\s+/g, ' ') });
    }
  }
  return found;
}

/** The markers whose test file or title no longer exists, as readable lines. */
export function brokenProofs() {
  const broken = [];
  for (const { document, line, file, title } of proofMarkers()) {
    const path = join(repoRoot, file);
    if (!existsSync(path)) {
      broken.push(`${document}:${line}: ${file} does not exist`);
      continue;
    }
    const source = readFileSync(path, 'utf8').replace(/\s+/g, ' ');
    const quoted = ["'", '"', '`'].some((quote) => source.includes(`${quote}${title}${quote}`));
    if (!quoted) broken.push(`${document}:${line}: ${file} has no test titled "${title}"`);
  }
  return broken;
}
