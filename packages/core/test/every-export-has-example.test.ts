// core is the package most users meet first: every name it exports (its own and those it
// re-exports from @rxdc/native) has a TSDoc @example; apps/docs type-checks each one against the
// real types (in core, a name an example uses without declaring it is an error).
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { expect, test } from 'vitest';

test('every export of @rxdc/core has an @example', () => {
  const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
  const program = ts.createProgram([entry], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    noEmit: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry)!;
  const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!);
  const missing: string[] = [];
  for (const exported of exports) {
    const symbol =
      exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const tags = symbol.getJsDocTags(checker).map((tag) => tag.name);
    if (!tags.includes('example')) missing.push(exported.name);
  }
  expect(exports.length).toBeGreaterThan(40);
  expect(missing).toEqual([]);
});
