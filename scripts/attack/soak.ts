/**
 * A bounded mixed soak on loopback: Alexa (ALEXA_VERIFY=off), Dialogflow CX and ES
 * (DIALOGFLOW_AUTH=off) and the browser console (hello + token on main, a body id before), every
 * request with a unique id (a repeated id would measure the replay cache, not the turn).
 * Prints p50/p99 latency per kind, statuses, and the server's RSS at start and end.
 *   npx tsx scripts/attack/soak.ts --target after --seconds 300 --workers 4
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { alexaEnvelope, argOf, cxRequest, percentile, report, startTarget, tally, WALK_TO_STOP } from './lib';

const target = argOf('target', 'after');
const seconds = Number(argOf('seconds', '300'));
const workers = Number(argOf('workers', '4'));

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const json = (await response.json().catch(() => null)) as any;
  return { status: response.status, json, ms: performance.now() - started };
}

async function main() {
  const server = await startTarget(target);
  const base = server.base;
  const rssStart = server.rssMb();
  const latencies: Record<string, number[]> = { alexa: [], cx: [], es: [], console: [] };
  const statuses: Record<string, number[]> = { alexa: [], cx: [], es: [], console: [] };
  const record = (kind: string, result: { status: number; ms: number }) => {
    latencies[kind]!.push(result.ms);
    statuses[kind]!.push(result.status);
  };

  // Browsers: a pool made once (main gives 30 new ids an hour to one address).
  const browsers: Array<{ session: string; token?: string }> = [];
  for (let i = 0; i < 16; i++) {
    const hello = await post(`${base}/console/hello`, {});
    browsers.push(hello.status === 200 ? hello.json : { session: randomBytes(16).toString('hex') });
  }

  const kinds = {
    alexa: async (n: number) => {
      const user = `amzn1.ask.account.SOAK${n}`;
      const launch = await post(`${base}/alexa`, alexaEnvelope({ type: 'LaunchRequest' }, user));
      record('alexa', launch);
      const attributes = launch.json?.sessionAttributes ?? {};
      record(
        'alexa',
        await post(
          `${base}/alexa`,
          alexaEnvelope(
            {
              type: 'IntentRequest',
              intent: { name: 'StartRoutineIntent', slots: { routine: { name: 'routine', value: 'neck' } } },
            },
            user,
            attributes,
          ),
        ),
      );
    },
    cx: async (n: number) => {
      let coach: unknown = null;
      for (const [tag, parameters] of WALK_TO_STOP) {
        const result = await post(`${base}/dialogflow-cx`, cxRequest(`soak-${n}`, `+1555${n}`, tag, coach, parameters));
        record('cx', result);
        coach = result.json?.sessionInfo?.parameters?.coach;
      }
    },
    es: async (n: number) => {
      record(
        'es',
        await post(`${base}/dialogflow`, {
          responseId: randomUUID(),
          session: `projects/p/agent/sessions/soak-es-${n}`,
          queryResult: {
            queryText: 'open massage coach',
            action: 'LAUNCH',
            parameters: {},
            allRequiredParamsPresent: true,
            outputContexts: [],
            intent: { name: 'projects/p/agent/intents/launch', displayName: 'LAUNCH' },
            languageCode: 'en-us',
          },
          originalDetectIntentRequest: { source: 'DIALOGFLOW_CONSOLE', payload: {} },
        }),
      );
    },
    console: async (n: number) => {
      const browser = browsers[n % browsers.length]!;
      record(
        'console',
        await post(
          `${base}/console/say`,
          { session: browser.session, text: n % 2 ? 'start neck release' : 'how much longer' },
          browser.token ? { 'x-coach-token': browser.token } : {},
        ),
      );
    },
  };
  const order = Object.keys(kinds) as Array<keyof typeof kinds>;
  const deadline = performance.now() + seconds * 1000;
  let counter = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < deadline) {
        const n = counter++;
        await kinds[order[n % order.length]!](n).catch(() => errors++);
      }
    }),
  );
  const rssEnd = server.rssMb();
  const all = Object.values(latencies).flat();
  report('soak', target, {
    seconds,
    workers,
    requests: all.length,
    networkErrors: errors,
    p50ms: percentile(all, 50),
    p99ms: percentile(all, 99),
    perKind: Object.fromEntries(
      order.map((kind) => [
        kind,
        {
          n: latencies[kind]!.length,
          p50: percentile(latencies[kind]!, 50),
          p99: percentile(latencies[kind]!, 99),
          statuses: tally(statuses[kind]!),
        },
      ]),
    ),
    rssStartMb: rssStart,
    rssEndMb: rssEnd,
  });
  await server.stop();
}

void main();
