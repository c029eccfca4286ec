// Copies sections of the packages' READMEs into .vitepress/generated/ (git-ignored), so that a
// guide includes them (`<!--@include: ...-->`) instead of repeating them: the function table of
// @rxdc/capi-compat is written once, in its README, beside the code it describes.
//
// A section runs from its `## ` heading to the next `## ` heading. A README that lost a
// section this site needs fails the build, naming the section.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const docsRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(docsRoot, '..', '..');
const outDir = join(docsRoot, '.vitepress', 'generated');

/** Which section of which README goes to which file. */
const sections = [
  {
    readme: 'packages/capi-compat/README.md',
    heading: 'The type rules',
    out: 'capi-type-rules.md',
  },
  {
    readme: 'packages/capi-compat/README.md',
    heading: 'Functions',
    out: 'capi-functions.md',
    linkTo: 'api-reference/capi-compat/functions',
  },
  { readme: 'packages/capi-compat/README.md', heading: 'Behaviour', out: 'capi-behaviour.md' },
];

function section(markdown, heading) {
  const lines = markdown.split('\n');
  // The heading may go on (`## The type rules (the same for every function)`).
  const start = lines.findIndex(
    (line) => line.trim() === `## ${heading}` || line.startsWith(`## ${heading} `),
  );
  if (start < 0) return undefined;
  let end = lines.findIndex((line, i) => i > start && /^## /.test(line));
  if (end < 0) end = lines.length;
  // Drop the heading itself: the guide gives its own, at its own level.
  return `${lines
    .slice(start + 1, end)
    .join('\n')
    .trim()}\n`;
}

function header(readme, heading) {
  return `<!-- generated from ${readme} ("## ${heading}") by scripts/readme-sections.mjs -->\n\n`;
}

/** Links a table's first-column function names to their generated API pages, where one exists. */
function linkFunctions(text, folder) {
  return text.replace(/^\| `(rtc\w+)`/gm, (cell, name) =>
    existsSync(join(docsRoot, 'src', folder, `${name}.md`))
      ? `| [\`${name}\`](/${folder}/${name})`
      : cell,
  );
}

mkdirSync(outDir, { recursive: true });
const missing = [];
for (const { readme, heading, out, linkTo } of sections) {
  const markdown = readFileSync(join(repoRoot, readme), 'utf8');
  const text = section(markdown, heading);
  if (text === undefined) missing.push(`${readme}: "## ${heading}"`);
  else if (linkTo)
    writeFileSync(join(outDir, out), header(readme, heading) + linkFunctions(text, linkTo));
  else writeFileSync(join(outDir, out), header(readme, heading) + text);
}
if (missing.length > 0) {
  console.error(
    `readme-sections: sections the docs include are missing:\n  ${missing.join('\n  ')}`,
  );
  process.exit(1);
}
console.log(`readme-sections: ${sections.length} sections -> .vitepress/generated`);
