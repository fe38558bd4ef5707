/**
 * npm run deploy: the AWS stack (cdk deploy), then the skill (ask deploy) pointed at it.
 *   1. checks what a deployment needs and says what is missing (nothing is changed then);
 *   2. without a skill id yet, `ask deploy` creates the skill (no endpoint) and records its id;
 *   3. the Lambda zip, `cdk bootstrap` (idempotent) and `cdk deploy` with the skill id (the invoke permission is limited to it);
 *   4. the package gets the function ARN, the listing URLs (PUBLIC_URL) and, only with
 *      ALEXA_LIVE_SKILL=1, the name-free launch phrases; `ask deploy`; `npm run models` restores it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { writeDeployedPackage } from './deploy-package';

const ROOT = join(__dirname, '..');
const STACK = 'MassageCoach';
const OUTPUTS = join(ROOT, 'infra', 'cdk.out', 'outputs.json');

function run(command: string, args: string[], cwd = ROOT): void {
  process.stdout.write(`\n$ ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0)
    throw new Error(`${command} ${args[0] ?? ''} failed (exit ${String(result.status ?? result.signal)})`);
}

function skillIdOnRecord(): string | undefined {
  if (process.env.ALEXA_SKILL_ID) return process.env.ALEXA_SKILL_ID;
  const states = join(ROOT, '.ask', 'ask-states.json');
  if (!existsSync(states)) return undefined;
  const parsed = JSON.parse(readFileSync(states, 'utf8')) as { profiles?: Record<string, { skillId?: string }> };
  return parsed.profiles?.[process.env.ASK_PROFILE ?? 'default']?.skillId || undefined;
}

async function missing(): Promise<string[]> {
  const problems: string[] = [];
  if (spawnSync('ask', ['--version'], { encoding: 'utf8' }).status !== 0)
    problems.push('the ASK CLI: npm install -g ask-cli, then ask configure (an Amazon developer account)');
  else if (!existsSync(join(homedir(), '.ask', 'cli_config')))
    problems.push('ASK CLI credentials: run ask configure (links your Amazon developer account)');
  try {
    await new DynamoDBClient({}).config.credentials();
  } catch {
    problems.push(
      'AWS credentials: aws configure, AWS_PROFILE, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (and AWS_REGION)',
    );
  }
  return problems;
}

async function main(): Promise<void> {
  const problems = await missing();
  if (problems.length) {
    process.stderr.write(
      `npm run deploy needs, and did not find:\n${problems.map((p) => `  - ${p}`).join('\n')}\nNothing was deployed.\n`,
    );
    process.exit(1);
  }
  if (!process.env.PUBLIC_URL)
    process.stdout.write(
      'note: PUBLIC_URL is not set, so the listing gets no privacy and terms URLs (needed for certification, not for testing).\n',
    );
  if (!skillIdOnRecord()) run('ask', ['deploy']);
  const skillId = skillIdOnRecord();
  if (!skillId) throw new Error('ask deploy did not record a skill id in .ask/ask-states.json');
  run('npm', ['run', 'package:lambda']);
  // Idempotent: sets up CDK's asset bucket and roles the first time in an account and region.
  run('npx', ['cdk', 'bootstrap'], join(ROOT, 'infra'));
  run(
    'npx',
    ['cdk', 'deploy', STACK, '--require-approval', 'never', '-c', `skillId=${skillId}`, '--outputs-file', OUTPUTS],
    join(ROOT, 'infra'),
  );
  const outputs = JSON.parse(readFileSync(OUTPUTS, 'utf8')) as Record<string, { FunctionArn?: string }>;
  const endpoint = outputs[STACK]?.FunctionArn;
  if (!endpoint) throw new Error(`no FunctionArn in ${OUTPUTS}`);
  try {
    writeDeployedPackage(ROOT, {
      endpoint,
      publicUrl: process.env.PUBLIC_URL,
      live: process.env.ALEXA_LIVE_SKILL === '1',
    });
    run('ask', ['deploy']);
  } finally {
    run('npm', ['run', 'models', '--silent']);
  }
  process.stdout.write(`\ndeployed: skill ${skillId} -> ${endpoint}\nTry it: ask dialog --locale en-US\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`npm run deploy: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
