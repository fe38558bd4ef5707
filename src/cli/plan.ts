import { existsSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { PLAN_SCHEMA_FILE, checkPlanFile, planSchemaText } from '../plan/files';

/**
 * npm run plan -- check FILE...   validates plan files: "OK" or one line per problem, exit 1 on any.
 * npm run plan -- schema          writes schema/plan.schema.json from the zod schema.
 */
function main(args: string[]): number {
  const [command, ...files] = args;
  if (command === 'schema') {
    writeFileSync(PLAN_SCHEMA_FILE, planSchemaText());
    process.stdout.write(`wrote ${relative(process.cwd(), PLAN_SCHEMA_FILE)}\n`);
    return 0;
  }
  if (command !== 'check' || files.length === 0) {
    process.stderr.write('usage: npm run plan -- check FILE [FILE...] | npm run plan -- schema\n');
    return 2;
  }
  let failed = false;
  for (const file of files) {
    if (!existsSync(file)) {
      process.stderr.write(`${file}: no such file\n`);
      failed = true;
      continue;
    }
    const result = checkPlanFile(file);
    if (result.ok) {
      process.stdout.write(`${file}: OK, ${result.plan.steps.length} steps, ${result.plan.languages.join(' and ')}\n`);
      continue;
    }
    failed = true;
    for (const problem of result.problems) process.stderr.write(`${file}: ${problem.path}: ${problem.message}\n`);
  }
  return failed ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
