import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startDynamo } from './helpers/dynamo';
import { join } from 'node:path';

/**
 * `npm start`'s entry as its own process (node --import tsx src/server/main.ts), as production
 * runs it: start-up errors, one server per DATA_DIR, and what SIGTERM does.
 */
const ROOT = join(__dirname, '..');

interface Running {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
  port: Promise<number>;
}

function start(env: Record<string, string>): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DIALOGFLOW_AUTH: 'off',
      DIALOGFLOW_CX_TRUST_CALLER_ID: 'on',
      SNAPSHOT_KEYS: 'server-process-test-key-0123456789abcdef',
      ALEXA_VERIFY: 'off',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const port = new Promise<number>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const listening = /"message":"listening on port (\d+)/.exec(stderr);
      if (listening) resolve(Number(listening[1]));
    });
    child.on('exit', () => reject(new Error(`exited before listening: ${stderr}`)));
  });
  port.catch(() => undefined);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stderr: () => stderr, exited, port };
}

/** The JSON log lines a server wrote. */
const logLines = (stderr: string): Array<Record<string, unknown>> =>
  stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

const dataDir = () => mkdtempSync(join(tmpdir(), 'coach-process-'));

/** A CX phone session to the end: launch, start neck, ready, stop (STOP writes a journal entry). */
async function walkToStop(port: number, caller: string, session: string): Promise<void> {
  let coach: unknown = null;
  for (const [tag, parameters] of [
    ['LAUNCH'],
    ['START_ROUTINE', { routine: { resolvedValue: 'neck' } }],
    ['YES'],
    ['STOP'],
  ] as const) {
    const response = await fetch(`http://127.0.0.1:${port}/dialogflow-cx`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        detectIntentResponseId: `${session}-${tag}`,
        languageCode: 'en',
        sessionInfo: {
          session: `projects/p/locations/l/agents/a/sessions/${session}`,
          parameters: coach ? { coach } : {},
        },
        fulfillmentInfo: { tag },
        intentInfo: { parameters: parameters ?? {} },
        payload: { telephony: { caller_id: caller } },
      }),
    });
    expect(response.status).toBe(200);
    coach = ((await response.json()) as { sessionInfo: { parameters: { coach: unknown } } }).sessionInfo.parameters
      .coach;
  }
}

/** A data folder where the caller's journal folder is a file: journal writes fail, as on a full or read-only disk. */
function blockedJournal(caller: string) {
  const dir = dataDir();
  const folder = join(dir, 'users', createHash('sha256').update(`cx:telephony:${caller}`).digest('hex').slice(0, 32));
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'journal'), 'in the way');
  return { dir, folder };
}

describe('start-up', () => {
  it('exits 1 with a clear message when the port is in use', async () => {
    const taken: Server = await new Promise((resolve) => {
      const server = createServer().listen(0, () => resolve(server));
    });
    try {
      const port = (taken.address() as { port: number }).port;
      const server = start({ PORT: String(port), DATA_DIR: dataDir() });
      running.push(server.child);
      expect(await server.exited).toBe(1);
      expect(server.stderr()).toContain(`cannot start: port ${port} is already in use`);
      expect(server.stderr()).not.toMatch(/"message":"listening/);
    } finally {
      taken.close();
    }
  }, 30_000);

  it('refuses a second server on the same DATA_DIR, and a restart after the first stops is fine', async () => {
    const dir = dataDir();
    const first = start({ PORT: '0', DATA_DIR: dir });
    running.push(first.child);
    await first.port;
    const second = start({ PORT: '0', DATA_DIR: dir });
    running.push(second.child);
    expect(await second.exited).toBe(1);
    expect(second.stderr()).toMatch(/cannot start: DATA_DIR .* is in use by another Massage Coach server \(pid \d+/);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(existsSync(join(dir, '.lock'))).toBe(false);
    const third = start({ PORT: '0', DATA_DIR: dir });
    running.push(third.child);
    await third.port;
    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
  }, 60_000);

  it('takes over the lock of a server that was killed (-9)', async () => {
    const dir = dataDir();
    const killed = start({ PORT: '0', DATA_DIR: dir });
    running.push(killed.child);
    await killed.port;
    killed.child.kill('SIGKILL');
    await killed.exited;
    expect(existsSync(join(dir, '.lock'))).toBe(true);
    const next = start({ PORT: '0', DATA_DIR: dir });
    running.push(next.child);
    await next.port;
    next.child.kill('SIGTERM');
    expect(await next.exited).toBe(0);
  }, 60_000);
});

describe('SIGTERM', () => {
  it('writes the journal entries waiting in the outbox before it exits 0', async () => {
    const { dir, folder } = blockedJournal('+15550001');
    const server = start({ PORT: '0', DATA_DIR: dir });
    running.push(server.child);
    const port = await server.port;
    await walkToStop(port, '+15550001', 'sigterm-1');
    expect((await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as object).toMatchObject({
      pendingJournalEntries: 1,
    });
    // The disk recovers; no further turn comes; the server is told to stop.
    rmSync(join(folder, 'journal'));
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(readdirSync(join(folder, 'journal')).filter((name) => name.endsWith('.json'))).toHaveLength(1);
    expect(logLines(server.stderr())).toContainEqual(expect.objectContaining({ message: 'stopped', count: 0 }));
  }, 60_000);

  it('keeps what it could not write in a spill file, exits 0, and the next start writes it', async () => {
    const { dir, folder } = blockedJournal('+15550002');
    const server = start({ PORT: '0', DATA_DIR: dir });
    running.push(server.child);
    await walkToStop(await server.port, '+15550002', 'sigterm-2');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(logLines(server.stderr())).toContainEqual(
      expect.objectContaining({ message: 'journal entries not written at shutdown', reason: 'journal', count: 1 }),
    );
    expect(existsSync(join(dir, 'journal-spill.json'))).toBe(true);
    // The disk is fixed; the next start takes the entry back and writes it.
    rmSync(join(folder, 'journal'));
    const next = start({ PORT: '0', DATA_DIR: dir });
    running.push(next.child);
    const port = await next.port;
    // A loaded machine (CI running two workers) can take a while to start; this waits, it does not time.
    for (let waited = 0; waited < 30_000 && existsSync(join(dir, 'journal-spill.json')); waited += 100)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(existsSync(join(dir, 'journal-spill.json'))).toBe(false);
    expect(readdirSync(join(folder, 'journal')).filter((name) => name.endsWith('.json'))).toHaveLength(1);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  }, 60_000);
});

describe('a hung DynamoDB', () => {
  it('still answers every turn, and an entry it never took at SIGTERM reaches the table after a restart', async () => {
    // A "DynamoDB" that accepts connections and never answers.
    const sockets: Array<import('node:net').Socket> = [];
    const hung: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const dynamo = await startDynamo();
    const dir = dataDir();
    const aws = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' };
    try {
      const server = start({
        PORT: '0',
        DATA_DIR: dir,
        STORE: 'dynamodb',
        DYNAMODB_TABLE: 'hung-test',
        DYNAMODB_ENDPOINT: `http://127.0.0.1:${(hung.address() as import('node:net').AddressInfo).port}`,
        ...aws,
      });
      running.push(server.child);
      await walkToStop(await server.port, '+15550003', 'hung-1');
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect(existsSync(join(dir, 'journal-spill.json'))).toBe(true);

      const next = start({
        PORT: '0',
        DATA_DIR: dir,
        STORE: 'dynamodb',
        DYNAMODB_TABLE: 'hung-test',
        DYNAMODB_ENDPOINT: dynamo.endpoint,
        DYNAMODB_CREATE_TABLE: '1',
        ...aws,
      });
      running.push(next.child);
      await next.port;
      for (let waited = 0; waited < 15_000 && existsSync(join(dir, 'journal-spill.json')); waited += 100)
        await new Promise((resolve) => setTimeout(resolve, 100));
      const store = await dynamo.store('hung-test');
      expect((await store.load('cx:telephony:+15550003')).journal).toHaveLength(1);
    } finally {
      for (const socket of sockets) socket.destroy();
      hung.close();
      await dynamo.stop();
    }
  }, 90_000);
});
