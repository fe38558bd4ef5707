/**
 * Type declarations for the page's pure modules that tests import (src/server/web/report.js):
 * generated from their JSDoc, so the tests are type-checked against the page's own code.
 *   tsx scripts/web-declarations.ts   (writes src/server/web/<module>.d.ts; a test fails when stale)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..');
/** The page's modules a test imports: plain JavaScript the browser runs as it is. */
export const DECLARED_MODULES = ['src/server/web/report.js'];

/** The declaration file of one module as tsc writes it from the JSDoc (left unformatted: .prettierignore). */
export function webDeclaration(module: string): { path: string; text: string } {
  const file = join(ROOT, module);
  const path = file.replace(/\.js$/, '.d.ts');
  let text = '';
  const program = ts.createProgram([file], {
    allowJs: true,
    declaration: true,
    emitDeclarationOnly: true,
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ES2022,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    types: [],
  });
  program.emit(program.getSourceFile(file), (_name, written) => {
    text = written;
  });
  if (!text) throw new Error(`tsc wrote no declaration for ${module}`);
  const header = `// Generated from ${module.split('/').pop()} by scripts/web-declarations.ts: do not edit.\n`;
  return { path, text: header + text };
}

if (require.main === module) {
  for (const module of DECLARED_MODULES) {
    const { path, text } = webDeclaration(module);
    writeFileSync(path, text);
    process.stdout.write(`wrote ${path}\n`);
  }
}
