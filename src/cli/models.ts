import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { generatedFiles, modelProblems } from '../platforms/generated';

/**
 * npm run models: writes every generated model from the one utterance source, and refuses (exit 1)
 * when a model breaks its platform's rules (conflicts after slot filling included). With --check it
 * writes nothing and exits 1 when a committed file differs (stale) or is missing.
 */
const ROOT = join(__dirname, '..', '..');
const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
const problems = modelProblems();
if (problems.length) {
  process.stderr.write(
    `the generated models break the platforms' rules (fix models/utterances or the locales):\n${problems.map((problem) => `  ${problem}`).join('\n')}\n`,
  );
  process.exit(1);
}
const stale: string[] = [];
for (const [path, content] of generatedFiles()) {
  const file = join(ROOT, path);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : null;
  if (current === content) continue;
  if (values.check) {
    stale.push(path);
    continue;
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  process.stdout.write(`wrote ${path}\n`);
}
if (stale.length) {
  process.stderr.write(
    `stale generated models (run npm run models):\n${stale.map((path) => `  ${path}`).join('\n')}\n`,
  );
  process.exit(1);
}
