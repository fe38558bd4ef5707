import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { generatedFiles } from '../models/generate';

/**
 * npm run models: writes every generated model from the one utterance source. With --check it
 * writes nothing and exits 1 when a committed file differs (stale) or is missing.
 */
const ROOT = join(__dirname, '..', '..');
const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
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
  process.stderr.write(`stale generated models (run npm run models):\n${stale.map((path) => `  ${path}`).join('\n')}\n`);
  process.exit(1);
}
