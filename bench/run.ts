/**
 * npm run bench: throughput of the real server on loopback, as ratios to a trivial Express JSON
 * handler on the same machine (the baseline), so the figures travel between machines. Bounded:
 * each target runs for --seconds (default 5) with 50 connections, then everything stops.
 */
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import express from 'express';
import { runTurn } from '../src/coach/turn';
import { setLogSink } from '../src/log';
import { Conversation } from '../src/runtime/conversation';
import { createApp } from '../src/server/app';
import { MemoryStore } from '../src/store/memory-store';
import { LIMITS } from '../src/speech/limits';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' }, connections: { type: 'string', default: '50' } } });
const duration = Math.max(1, Math.min(60, Number(values.seconds)));
const connections = Math.max(1, Math.min(200, Number(values.connections)));

async function listen(app: express.Express) {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function load(url: string, body: unknown, headers: Record<string, string> = {}) {
  return autocannon({ url, method: 'POST', duration, connections, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

const alexaEnvelope = (request: Record<string, unknown>, attributes?: unknown) => ({
  version: '1.0',
  session: { new: !attributes, sessionId: 'amzn1.echo-api.session.bench', application: { applicationId: 'amzn1.ask.skill.bench' }, user: { userId: 'amzn1.ask.account.BENCH' }, attributes: attributes ?? {} },
  context: { System: { application: { applicationId: 'amzn1.ask.skill.bench' }, user: { userId: 'amzn1.ask.account.BENCH' }, device: { supportedInterfaces: {} } } },
  request: { requestId: 'amzn1.echo-api.request.bench', timestamp: new Date().toISOString(), locale: 'en-US', ...request },
});

async function main(): Promise<void> {
  setLogSink('silent');
  const baselineApp = express();
  baselineApp.post('/echo', express.json(), (req, res) => {
    res.json({ ok: true, got: req.body });
  });
  const baseline = await listen(baselineApp);
  const app = await listen(createApp({ conversation: new Conversation(new MemoryStore()), env: { ALEXA_VERIFY: 'off', DIALOGFLOW_AUTH: 'off' } }));

  // A session in the middle of a routine: the heaviest turn (planning a two-sided hold).
  let snapshot = runTurn(null, { type: 'START_ROUTINE', routine: 'neck' }, { now: Date.now(), locale: 'en-US', budgetSeconds: LIMITS.alexa.maxResponseSeconds }).snapshot;
  snapshot = runTurn(snapshot, { type: 'YES' }, { now: Date.now(), locale: 'en-US', budgetSeconds: LIMITS.alexa.maxResponseSeconds }).snapshot;
  const nextIntent = { type: 'IntentRequest', intent: { name: 'AMAZON.NextIntent', confirmationStatus: 'NONE' } };

  const targets: Array<[string, () => Promise<autocannon.Result>]> = [
    ['baseline: express JSON echo', () => load(`${baseline.url}/echo`, { hello: 'world' })],
    ['/alexa LaunchRequest', () => load(`${app.url}/alexa`, alexaEnvelope({ type: 'LaunchRequest' }))],
    ['/alexa NEXT mid-routine', () => load(`${app.url}/alexa`, alexaEnvelope(nextIntent, { coach: snapshot }))],
    ['/dialogflow-cx NEXT mid-routine', () => load(`${app.url}/dialogflow-cx`, { detectIntentResponseId: '', languageCode: 'en', fulfillmentInfo: { tag: 'NEXT' }, sessionInfo: { session: 'projects/p/locations/l/agents/a/sessions/bench', parameters: { coach: snapshot } } })],
  ];
  const rows: Array<{ target: string; rps: number; p99: number; errors: number }> = [];
  for (const [target, run] of targets) {
    const result = await run();
    rows.push({ target, rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx });
  }
  const base = rows[0]!.rps;
  process.stdout.write(`${duration} s per target, ${connections} connections, loopback\n`);
  for (const row of rows) {
    process.stdout.write(`${row.target.padEnd(34)} ${row.rps.toFixed(0).padStart(7)} req/s  ratio ${(row.rps / base).toFixed(2)}  p99 ${row.p99} ms  errors ${row.errors}\n`);
  }

  // The pure turn, in process: turns a second, against a no-op JSON round trip of the snapshot.
  const turns = 2000;
  let started = process.hrtime.bigint();
  for (let i = 0; i < turns; i += 1) runTurn(snapshot, { type: 'TIME_LEFT' }, { now: Date.now(), locale: 'en-US', budgetSeconds: LIMITS.alexa.maxResponseSeconds });
  const turnNs = Number(process.hrtime.bigint() - started) / turns;
  started = process.hrtime.bigint();
  for (let i = 0; i < turns; i += 1) JSON.parse(JSON.stringify(snapshot));
  const copyNs = Number(process.hrtime.bigint() - started) / turns;
  process.stdout.write(`runTurn (TIME_LEFT mid-routine)   ${(1e9 / turnNs).toFixed(0)} turns/s  ratio to a snapshot JSON round trip ${(turnNs / copyNs).toFixed(1)}x\n`);

  baseline.server.close();
  app.server.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).message}\n`);
  process.exit(1);
});
