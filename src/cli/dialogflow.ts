import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cxAgentFiles } from '../platforms/dialogflow/agent-cx';
import { esAgentFiles } from '../platforms/dialogflow/agent-es';
import { deployEsAgent } from '../platforms/dialogflow/deploy';
import { agentZip } from '../platforms/dialogflow/zip';

const USAGE = `Usage:
  npm run dialogflow:zip -- [--webhook-url URL] [--out DIR]
      writes DIR/massage-coach-es.zip and DIR/massage-coach-cx.zip (default dist/agents)
  npm run dialogflow:deploy -- --project ID --credentials KEY.json --webhook-url URL
      restores the ES agent into the project and trains it
      (or GOOGLE_CLOUD_PROJECT, GOOGLE_APPLICATION_CREDENTIALS, WEBHOOK_URL)`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: rest,
      options: {
        'webhook-url': { type: 'string' },
        out: { type: 'string' },
        project: { type: 'string' },
        credentials: { type: 'string' },
      },
      strict: true,
    }).values;
  } catch (error) {
    fail((error as Error).message);
  }
  const webhook = (values['webhook-url'] ?? process.env.WEBHOOK_URL ?? 'https://massage-coach.example.com').replace(
    /\/$/,
    '',
  );
  if (command === 'zip') {
    const out = values.out ?? join(process.cwd(), 'dist', 'agents');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'massage-coach-es.zip'), agentZip(esAgentFiles(`${webhook}/dialogflow`)));
    writeFileSync(join(out, 'massage-coach-cx.zip'), agentZip(cxAgentFiles(`${webhook}/dialogflow-cx`)));
    process.stdout.write(`wrote ${join(out, 'massage-coach-es.zip')} and massage-coach-cx.zip (webhook ${webhook})\n`);
    return;
  }
  if (command === 'deploy') {
    const projectId = values.project ?? process.env.GOOGLE_CLOUD_PROJECT;
    const keyFile = values.credentials ?? process.env.GOOGLE_APPLICATION_CREDENTIALS;
    if (!projectId) fail('No project: pass --project or set GOOGLE_CLOUD_PROJECT.');
    if (!keyFile) fail('No credentials: pass --credentials KEY.json or set GOOGLE_APPLICATION_CREDENTIALS.');
    let credentials: { client_email: string; private_key: string };
    try {
      credentials = JSON.parse(readFileSync(keyFile, 'utf8')) as typeof credentials;
    } catch (error) {
      fail(`Cannot read the service account key ${keyFile}: ${(error as Error).message}`);
    }
    if (!credentials.client_email || !credentials.private_key)
      fail(`${keyFile} is not a service account key (client_email, private_key).`);
    const result = await deployEsAgent({ projectId, credentials, webhookUrl: webhook });
    process.stdout.write(`restored and trained the ES agent in ${projectId} (${result.restored}, ${result.trained})\n`);
    return;
  }
  fail(`Unknown command "${command ?? ''}".`);
}

main().catch((error: unknown) => {
  process.stderr.write(`dialogflow ${process.argv[2]}: ${(error as Error).message}\n`);
  process.exit(1);
});
