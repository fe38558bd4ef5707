import { randomUUID } from 'node:crypto';
import { translator } from '../src/i18n';
import { cxAgentFiles } from '../src/platforms/dialogflow/agent-cx';
import { esAgentFiles } from '../src/platforms/dialogflow/agent-es';
import { postJson } from './helpers/dialogflow-client';
import { startServer } from './helpers/server';

/**
 * No-match is not the end: when the agent as exported matches none of its intents, ES sends its
 * fallback intent (with its action) and CX its no-match handler (with its tag), each with the
 * user's words. The webhook reads those words with our matcher, warning signs first, so the coach
 * answers what was said, exactly as if the agent had matched the intent that means it.
 */
const es = esAgentFiles();
const cx = cxAgentFiles();
const fallback = JSON.parse(es.get('intents/Default Fallback Intent.json')!);
const flow = JSON.parse(cx.get('flows/Default Start Flow/Default Start Flow.json')!);
const FALLBACK_ACTION: string = fallback.responses[0].action;
const NO_MATCH_TAG: string = flow.eventHandlers.find(
  (handler: { event: string }) => handler.event === 'sys.no-match-default',
).triggerFulfillment.tag;

let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

interface Match {
  displayName: string;
  action: string;
  parameters: Record<string, unknown>;
}

/** What ES answers to the words, the agent having matched `match` (its fallback intent unless told). */
async function esSays(text: string, locale: string, match?: Match): Promise<string> {
  const { displayName, action, parameters } = match ?? {
    displayName: fallback.name,
    action: FALLBACK_ACTION,
    parameters: {},
  };
  const response = await postJson(`${server.baseUrl}/dialogflow`, {
    responseId: randomUUID(),
    session: `projects/massage-coach/agent/sessions/${randomUUID()}`,
    queryResult: {
      queryText: text,
      action,
      parameters,
      allRequiredParamsPresent: true,
      intent: { displayName, ...(match ? {} : { isFallback: true }) },
      intentDetectionConfidence: 1,
      languageCode: locale.slice(0, 2),
    },
    originalDetectIntentRequest: { source: 'DIALOGFLOW_CONSOLE', payload: {} },
  });
  expect(response.status).toBe(200);
  return response.body.fulfillmentText;
}

/** What CX answers to the words: the no-match handler's call carries the text and the tag, no intent. */
async function cxSays(text: string, locale: string, match?: Match): Promise<string> {
  const response = await postJson(`${server.baseUrl}/dialogflow-cx`, {
    detectIntentResponseId: randomUUID(),
    languageCode: locale.slice(0, 2),
    fulfillmentInfo: { tag: match?.action ?? NO_MATCH_TAG },
    ...(match
      ? {
          intentInfo: {
            displayName: match.displayName,
            parameters: Object.fromEntries(
              Object.entries(match.parameters).map(([k, v]) => [k, { originalValue: String(v), resolvedValue: v }]),
            ),
          },
        }
      : {}),
    pageInfo: {
      currentPage: 'projects/p/locations/global/agents/a/flows/00000000-0000-0000-0000-000000000000/pages/START_PAGE',
    },
    sessionInfo: { session: `projects/p/locations/global/agents/a/sessions/${randomUUID()}`, parameters: {} },
    text,
  });
  expect(response.status).toBe(200);
  return response.body.fulfillmentResponse.messages[0].text.text[0];
}

const CASES = [
  {
    locale: 'en-US',
    warning: { text: 'i have vision or speech changes', symptom: 'stroke-signs' },
    routine: { text: 'could you do something for my lower back', id: 'mid-lower-back' },
    noise: 'tp4huwefjksdn',
  },
  {
    locale: 'de-DE',
    warning: { text: 'ich habe schmerzen, die in arm oder kiefer ausstrahlen', symptom: 'arm-jaw-pain' },
    routine: { text: 'irgendwas für meine waden vielleicht', id: 'calves-hamstrings' },
    noise: 'tp4huwefjksdn',
  },
];

describe.each(CASES)('$locale: words the exported agents do not match', ({ locale, warning, routine, noise }) => {
  const tr = translator(locale);

  it('a warning sign gets the same answer through the no-match path as through the red-flag intent', async () => {
    const asIntent = { displayName: 'RedFlagIntent', action: 'RED_FLAG', parameters: { symptom: warning.symptom } };
    const expected = await esSays(warning.text, locale, asIntent);
    expect(expected).not.toBe(await esSays('', locale));
    expect(await esSays(warning.text, locale)).toBe(expected);
    expect(await cxSays(warning.text, locale)).toBe(await cxSays(warning.text, locale, asIntent));
  });

  it('a routine asked for in other words starts it on both webhooks', async () => {
    const name = tr.t(`routine.${routine.id}.name`);
    expect(await esSays(routine.text, locale)).toContain(name);
    expect(await cxSays(routine.text, locale)).toContain(name);
  });

  it('words that mean nothing get what the no-match alone gets: nothing is read into them', async () => {
    expect(await esSays(noise, locale)).toBe(await esSays('', locale));
    expect(await cxSays(noise, locale)).toBe(await cxSays('', locale));
  });
});
