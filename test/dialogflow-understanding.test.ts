import { randomUUID } from 'node:crypto';
import { cxAgentFiles } from '../src/platforms/dialogflow/agent-cx';
import { esAgentFiles } from '../src/platforms/dialogflow/agent-es';
import { eventFromDialogflow } from '../src/platforms/dialogflow/events';
import { interactionModel, withCarriers } from '../src/nlu/utterances';
import { normalize } from '../src/nlu/normalize';
import { postJson } from './helpers/dialogflow-client';
import { examplesOf, parametersOf } from './helpers/exported-agent';
import { startServer } from './helpers/server';
import { intentPhrases, landed, oneShotRequest, safetyPhrases, type Phrase } from './helpers/phrasings';

/**
 * Dialogflow: every phrase of test/phrasings/intents.json is a training phrase of an intent that
 * means its event, or reaches that event through our matcher on the webhook path (the agent's
 * fallback sends the user's words; the webhook matches them). Both ways are posted to the real
 * ES and CX webhooks. The ES and CX agents carry the same phrases and synonyms (one source).
 */
const es = esAgentFiles();
const cx = cxAgentFiles();
const LANGUAGES = [
  { code: 'en', locale: 'en-US' },
  { code: 'de', locale: 'de-DE' },
] as const;
const read = (files: Map<string, string>, path: string) => JSON.parse(files.get(path)!);

let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

/** Posts the turn to both webhooks as the agent would send it; both must answer. */
async function postBoth(
  text: string,
  locale: string,
  names: { displayName: string; action: string },
  parameters: Record<string, unknown>,
) {
  const esResponse = await postJson(`${server.baseUrl}/dialogflow`, {
    responseId: randomUUID(),
    session: `projects/massage-coach/agent/sessions/${randomUUID()}`,
    queryResult: {
      queryText: text,
      action: names.action,
      parameters,
      allRequiredParamsPresent: true,
      intent: { displayName: names.displayName },
      languageCode: locale.toLowerCase(),
    },
    originalDetectIntentRequest: { source: 'DIALOGFLOW_CONSOLE', payload: {} },
  });
  const cxResponse = await postJson(`${server.baseUrl}/dialogflow-cx`, {
    detectIntentResponseId: randomUUID(),
    languageCode: locale.slice(0, 2),
    fulfillmentInfo: { tag: names.action },
    intentInfo: {
      displayName: names.displayName,
      parameters: Object.fromEntries(
        Object.entries(parameters).map(([k, v]) => [k, { originalValue: String(v), resolvedValue: v }]),
      ),
    },
    sessionInfo: { session: `projects/p/locations/global/agents/a/sessions/${randomUUID()}`, parameters: {} },
    text,
  });
  return [esResponse.status, cxResponse.status];
}

describe.each(LANGUAGES)('the Dialogflow agents in $code', ({ code, locale }) => {
  it('understand every phrase of the set: as a training phrase, or through our matcher on the webhook path', async () => {
    const model = interactionModel(locale);
    let trained = 0;
    let matched = 0;
    const missed: string[] = [];
    const heldOut: string[] = [];
    const heldOutMissed: string[] = [];
    for (const phrase of intentPhrases(locale)) {
      const said = oneShotRequest(phrase.text) ?? phrase.text;
      const text = normalize(said, locale);
      const intents = model.intents.filter((intent) => intent.event && phrase.events.includes(intent.event));
      let how: 'trained' | 'matcher' | null = null;
      for (const intent of intents) {
        for (const example of examplesOf(intent.name, code, locale)) {
          const found = example.regex.exec(text);
          if (!found) continue;
          const parameters = parametersOf(example, found);
          const event = eventFromDialogflow({ names: [intent.event, intent.name], parameters, text: said, locale });
          if (!landed(phrase, { phrase: said, intent: intent.name, event, speech: '', endsSession: false })) continue;
          expect(await postBoth(said, locale, { displayName: intent.name, action: intent.event! }, parameters)).toEqual(
            [200, 200],
          );
          how = 'trained';
          break;
        }
        if (how) break;
      }
      if (!how) {
        // No training phrase: the agent's fallback fires and the webhook reads the user's words.
        const event = eventFromDialogflow({
          names: ['input.unknown', 'Default Fallback Intent'],
          parameters: {},
          text: said,
          locale,
        });
        if (landed(phrase as Phrase, { phrase: said, intent: null, event, speech: '', endsSession: false })) {
          expect(
            await postBoth(said, locale, { displayName: 'Default Fallback Intent', action: 'FALLBACK' }, {}),
          ).toEqual([200, 200]);
          how = 'matcher';
        }
      }
      // Held-out phrases measure generalisation: reported, not required.
      if (phrase.source === 'holdout') (how ? heldOut : heldOutMissed).push(phrase.text);
      else if (how === 'trained') trained += 1;
      else if (how === 'matcher') matched += 1;
      else missed.push(phrase.text);
    }
    console.log(
      `Dialogflow ${code}: ${trained} training phrases, ${matched} through the matcher on the webhook, ${missed.length} missed${missed.length ? `: ${missed.join('; ')}` : ''}` +
        `\n  holdout: ${heldOut.length}/${heldOut.length + heldOutMissed.length}${heldOutMissed.length ? `, not reached: ${heldOutMissed.join('; ')}` : ''}`,
    );
    expect(missed).toEqual([]);
  });

  it('scan the query text of every phrase of test/phrasings/safety.json on the webhook path, whatever intent the agent matched', async () => {
    const { warning, comfortable } = safetyPhrases(locale);
    expect(warning.length).toBeGreaterThan(0);
    // The agent's fallback, or a wrong intent (a routine, "next"): the user's words decide.
    const matches = [
      { names: ['input.unknown', 'Default Fallback Intent'], parameters: {} },
      { names: ['START_ROUTINE', 'StartRoutineIntent'], parameters: { routine: 'neck' } },
      { names: ['NEXT', 'NextIntent'], parameters: {} },
    ];
    const wrong: string[] = [];
    for (const { names, parameters } of matches) {
      for (const text of warning)
        if (eventFromDialogflow({ names, parameters, text, locale }).type !== 'RED_FLAG')
          wrong.push(`missed via ${names[1]}: "${text}"`);
      for (const text of comfortable)
        if (eventFromDialogflow({ names, parameters, text, locale }).type === 'RED_FLAG')
          wrong.push(`false alarm via ${names[1]}: "${text}"`);
    }
    expect(wrong).toEqual([]);
    expect(
      await postBoth(warning[0]!, locale, { displayName: 'Default Fallback Intent', action: 'FALLBACK' }, {}),
    ).toEqual([200, 200]);
  });

  it("take a report that holds a command's training phrase as the report: the routine is not moved on", () => {
    const text =
      code === 'en' ? "it's a little sore but I'll keep going" : 'tut ein bisschen weh, aber ich kann weitermachen';
    expect(eventFromDialogflow({ names: ['NextIntent'], parameters: {}, text, locale })).toEqual({
      type: 'REPORT',
      feeling: 'mild',
    });
  });

  it('carry the same training phrases and synonyms in ES and CX, from the one source', () => {
    const textOf = (parts: Array<{ text: string }>) => parts.map((part) => part.text).join('');
    for (const path of [...es.keys()].filter(
      (p) => p.endsWith(`_usersays_${code}.json`) && !p.includes('Default Welcome'),
    )) {
      const intent = /^intents\/(.+)_usersays_/.exec(path)![1]!;
      const esPhrases = read(es, path).map((example: { data: Array<{ text: string }> }) => textOf(example.data));
      const cxPhrases = read(cx, `intents/${intent}/trainingPhrases/${code}.json`).trainingPhrases.map(
        (phrase: { parts: Array<{ text: string }> }) => textOf(phrase.parts),
      );
      expect({ intent, phrases: cxPhrases }).toEqual({ intent, phrases: esPhrases });
      const model = interactionModel(locale);
      const source = model.intents.find((candidate) => candidate.name === intent)!;
      expect({ intent, count: esPhrases.length }).toEqual({
        intent,
        count: withCarriers(source, model.carriers).length,
      });
    }
    for (const path of [...es.keys()].filter((p) => p.endsWith(`_entries_${code}.json`))) {
      const entity = /^entities\/(.+)_entries_/.exec(path)![1]!;
      const cxEntries = read(cx, `entityTypes/${entity}/entities/${code}.json`).entities.map(
        ({ value, synonyms }: { value: string; synonyms: string[] }) => ({ value, synonyms }),
      );
      expect({ entity, entries: cxEntries }).toEqual({ entity, entries: read(es, path) });
    }
  });
});
