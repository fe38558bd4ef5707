import { shapeEvent } from '../src/nlu/session-frames';
import { generateKeyPairSync } from 'node:crypto';
import AdmZip from 'adm-zip';
import nock from 'nock';
import { readEsRequest } from '../src/platforms/dialogflow/es';
import { readCxRequest } from '../src/platforms/dialogflow/cx';
import { esAgentFiles } from '../src/platforms/dialogflow/agent-es';
import { cxAgentFiles } from '../src/platforms/dialogflow/agent-cx';
import { deployEsAgent } from '../src/platforms/dialogflow/deploy';
import { agentZip } from '../src/platforms/dialogflow/zip';
import { EVENT_TYPES, sanitizeEvent } from '../src/coach/events';

const es = esAgentFiles('https://coach.example.com/dialogflow');
const cx = cxAgentFiles('https://coach.example.com/dialogflow-cx');
const read = (files: Map<string, string>, path: string) => JSON.parse(files.get(path)!);

describe('the ES agent', () => {
  // Every intent that learns from examples (the fallback intent catches what none of them matches).
  const intents = [...es.keys()].filter(
    (path) =>
      /^intents\/[^/]+\.json$/.test(path) && !path.includes('_usersays_') && !JSON.parse(es.get(path)!).fallbackIntent,
  );

  it('has every intent in English and German, each action a coach event, calling the webhook', () => {
    expect(intents.length).toBeGreaterThan(20);
    for (const path of intents) {
      const intent = read(es, path);
      expect({ path, action: (EVENT_TYPES as string[]).includes(intent.responses[0].action) }).toEqual({
        path,
        action: true,
      });
      expect(intent.webhookUsed).toBe(true);
      for (const code of ['en', 'de']) expect(es.has(path.replace('.json', `_usersays_${code}.json`))).toBe(true);
    }
    expect(read(es, 'agent.json')).toMatchObject({
      language: 'en',
      supportedLanguages: ['de'],
      webhook: { url: 'https://coach.example.com/dialogflow' },
    });
  });

  it('declares every entity its examples use', () => {
    for (const [path, content] of es) {
      if (!path.includes('_usersays_')) continue;
      for (const example of JSON.parse(content)) {
        for (const piece of example.data) {
          if (!piece.meta || piece.meta.startsWith('@sys.')) continue;
          const code = path.match(/_usersays_(\w+)\.json$/)![1];
          expect({ path, entity: es.has(`entities/${piece.meta.slice(1)}_entries_${code}.json`) }).toEqual({
            path,
            entity: true,
          });
        }
      }
    }
  });

  it('brings every training example to its event through the webhook, in both languages', () => {
    let checked = 0;
    for (const path of intents) {
      const intent = read(es, path);
      for (const code of ['en', 'de']) {
        for (const example of read(es, path.replace('.json', `_usersays_${code}.json`))) {
          const parameters: Record<string, unknown> = {};
          for (const piece of example.data) {
            if (!piece.alias) continue;
            if (piece.meta === '@sys.number') parameters[piece.alias] = Number(piece.text);
            // Dialogflow gives a number sequence as its digits, a string.
            else if (piece.meta === '@sys.number-sequence') parameters[piece.alias] = piece.text;
            else {
              const entries = read(es, `entities/${piece.meta.slice(1)}_entries_${code}.json`);
              parameters[piece.alias] = entries.find((entry: any) => entry.synonyms.includes(piece.text)).value;
            }
          }
          const turn = readEsRequest({
            session: 'projects/p/agent/sessions/s',
            queryResult: {
              action: intent.responses[0].action,
              intent: { displayName: intent.name },
              parameters,
              languageCode: code,
              queryText: example.data.map((d: any) => d.text).join(''),
            },
          });
          expect({ example: example.data.map((d: any) => d.text).join(''), type: turn.event.type }).toEqual({
            example: example.data.map((d: any) => d.text).join(''),
            type: intent.responses[0].action,
          });
          // Every value the event carries arrives (a slot only there to recognise the phrase, like
          // ProgressIntent's "when did I last do my {routine}", is not part of its event).
          expect(turn.event).toEqual(sanitizeEvent(shapeEvent({ type: intent.responses[0].action, ...parameters })));
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(400);
  });

  it('zips with agent.json at the root', () => {
    const zip = new AdmZip(agentZip(es));
    expect(
      zip
        .getEntries()
        .map((entry) => entry.entryName)
        .sort(),
    ).toEqual([...es.keys()].sort());
    expect(JSON.parse(zip.readAsText('agent.json')).webhook.url).toBe('https://coach.example.com/dialogflow');
  });
});

describe('the CX agent', () => {
  it('routes every intent to the webhook with its event as the tag, and the webhook understands each', () => {
    const flow = read(cx, 'flows/Default Start Flow/Default Start Flow.json');
    expect(flow.eventHandlers.map((handler: any) => [handler.event, handler.triggerFulfillment.tag])).toEqual([
      ['sys.no-match-default', 'FALLBACK'],
      ['sys.no-input-default', 'SILENCE'],
    ]);
    for (const route of flow.transitionRoutes) {
      expect(cx.has(`intents/${route.intent}/${route.intent}.json`)).toBe(true);
      // A red flag without a known symptom is no red flag (issue 11): that route carries one.
      const parameters: Record<string, { originalValue: string; resolvedValue: string }> =
        route.triggerFulfillment.tag === 'RED_FLAG'
          ? { symptom: { originalValue: 'tingling', resolvedValue: 'tingling' } }
          : {};
      const turn = readCxRequest({
        fulfillmentInfo: { tag: route.triggerFulfillment.tag },
        intentInfo: { displayName: route.intent, parameters },
        languageCode: 'en',
      });
      expect({ intent: route.intent, type: turn.event.type }).toEqual({
        intent: route.intent,
        type: route.triggerFulfillment.tag,
      });
    }
    expect(read(cx, 'webhooks/massage-coach.json').genericWebService.uri).toBe(
      'https://coach.example.com/dialogflow-cx',
    );
  });

  it('annotates training phrases with declared parameters and entity values per language', () => {
    for (const [path, content] of cx) {
      const match = path.match(/^intents\/([^/]+)\/trainingPhrases\/(\w+)\.json$/);
      if (!match) continue;
      const intent = read(cx, `intents/${match[1]}/${match[1]}.json`);
      const declared = new Set((intent.parameters ?? []).map((p: any) => p.id));
      for (const phrase of JSON.parse(content).trainingPhrases) {
        expect(phrase.languageCode).toBe(match[2]);
        for (const part of phrase.parts)
          if (part.parameterId)
            expect({ path, declared: declared.has(part.parameterId) }).toEqual({ path, declared: true });
      }
    }
  });
});

describe('npm run dialogflow:deploy', () => {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const options = {
    projectId: 'coach-project',
    credentials: { client_email: 'deploy@coach-project.iam.gserviceaccount.com', private_key: privateKey },
    webhookUrl: 'https://coach.example.com/',
    // gaxios imports its fetch dynamically, which jest's VM refuses: hand it Node's.
    clientOptions: { clientOptions: { transporterOptions: { fetchImplementation: fetch } } },
  };
  beforeAll(() => {
    if (!nock.isActive()) nock.activate();
    nock.disableNetConnect();
  });
  afterEach(() => nock.cleanAll());
  afterAll(() => {
    nock.enableNetConnect();
    nock.restore();
  });

  it('restores our ES agent through AgentsClient.restoreAgent, waits for the operation, then trains', async () => {
    let uploaded: AdmZip | undefined;
    const google = nock('https://dialogflow.googleapis.com')
      .post('/v2/projects/coach-project/agent:restore', (body) => {
        uploaded = new AdmZip(Buffer.from(body.agentContent, 'base64'));
        return true;
      })
      .query(true)
      .reply(200, { name: 'projects/coach-project/operations/restore-1', done: false })
      .get('/v2/projects/coach-project/operations/restore-1')
      .query(true)
      .reply(200, {
        name: 'projects/coach-project/operations/restore-1',
        done: true,
        response: { '@type': 'type.googleapis.com/google.protobuf.Empty' },
      })
      .post('/v2/projects/coach-project/agent:train')
      .query(true)
      .reply(200, {
        name: 'projects/coach-project/operations/train-1',
        done: true,
        response: { '@type': 'type.googleapis.com/google.protobuf.Empty' },
      });
    const result = await deployEsAgent(options);
    expect(google.isDone()).toBe(true);
    expect(result).toEqual({
      restored: 'projects/coach-project/operations/restore-1',
      trained: 'projects/coach-project/operations/train-1',
    });
    expect(JSON.parse(uploaded!.readAsText('agent.json')).webhook.url).toBe('https://coach.example.com/dialogflow');
    expect(uploaded!.getEntries().map((e) => e.entryName)).toContain('intents/StartRoutineIntent_usersays_de.json');
  });

  it('fails with Google’s reason when the project refuses', async () => {
    nock('https://dialogflow.googleapis.com')
      .post('/v2/projects/coach-project/agent:restore')
      .query(true)
      .reply(403, {
        error: {
          code: 403,
          message: 'Dialogflow API has not been used in project coach-project',
          status: 'PERMISSION_DENIED',
        },
      });
    await expect(deployEsAgent(options)).rejects.toThrow(/Dialogflow API has not been used/);
  });
});
