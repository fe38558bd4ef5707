import { ALEXA_LOCALES } from '../src/platforms/alexa/model';
import {
  coverageReport,
  intentPhrases,
  landed,
  safetyPhrases,
  type Phrase,
  type PhraseState,
} from './helpers/phrasings';
import { AlexaUnderstanding, serverForVirtualAlexa } from './helpers/virtual-alexa';
import { DRIVE } from './helpers/channels';

/**
 * Understanding measured on the platform's side: Bespoken's virtual-alexa resolves each phrase of
 * test/phrasings/intents.json through the generated interaction model (the file we ship) and
 * posts the request to the real /alexa route (signature checks off: this test is about the
 * model, test/alexa.test.ts checks signatures). A phrase lands when the skill takes it as the
 * coach event it means. Coverage is printed per locale and per event; each locale needs 95%.
 */
const TARGET = 0.95;
const language = (locale: string) => (locale.startsWith('de') ? 'de-DE' : 'en-US');
const baseUrl = serverForVirtualAlexa();

async function statesFor(client: AlexaUnderstanding) {
  const drive = DRIVE[language(client.locale)]!;
  const states: Partial<Record<PhraseState, Record<string, unknown> | null>> = { oneshot: null };
  for (const [state, lines] of Object.entries(drive)) states[state as PhraseState] = await client.stateAfter(lines);
  return states as Record<PhraseState, Record<string, unknown> | null>;
}

describe.each([...ALEXA_LOCALES])('the %s model, driven by virtual-alexa', (locale) => {
  it(`lands at least ${TARGET * 100}% of the phrasing set on the intended event`, async () => {
    const client = new AlexaUnderstanding(baseUrl(), locale);
    const states = await statesFor(client);
    const results: Array<{ phrase: Phrase; ok: boolean }> = [];
    const misses: string[] = [];
    for (const phrase of intentPhrases(language(locale))) {
      const resolution = await client.say(phrase.text, states[phrase.state]);
      expect({ phrase: phrase.text, speaks: resolution.speech.length > 0 }).toEqual({
        phrase: phrase.text,
        speaks: true,
      });
      const ok = landed(phrase, resolution);
      results.push({ phrase, ok });
      if (!ok)
        misses.push(`"${phrase.text}" → ${resolution.intent ?? 'no intent'} (${JSON.stringify(resolution.event)})`);
    }
    const report = coverageReport(locale, results);
    console.log(`${report}${misses.length ? `\n  resolved as: ${misses.join('; ')}` : ''}`);
    // The held-out phrases measure generalisation and are reported only; the target is on the rest.
    const gated = results.filter((r) => r.phrase.source !== 'holdout');
    expect(gated.filter((r) => r.ok).length / gated.length).toBeGreaterThanOrEqual(TARGET);
  });

  it('takes every help phrase without ending the session', async () => {
    const client = new AlexaUnderstanding(baseUrl(), locale);
    const states = await statesFor(client);
    for (const phrase of intentPhrases(language(locale)).filter((p) => p.events.includes('HELP'))) {
      const resolution = await client.say(phrase.text, states[phrase.state]);
      expect({ phrase: phrase.text, state: phrase.state, endsSession: resolution.endsSession }).toEqual({
        phrase: phrase.text,
        state: phrase.state,
        endsSession: false,
      });
    }
  });

  const safety = safetyPhrases(language(locale));
  (safety.warning.length + safety.comfortable.length ? it : it.skip)(
    'sends warning signs to the red-flag handling and comfortable phrasings elsewhere (test/phrasings/safety.json)',
    async () => {
      const client = new AlexaUnderstanding(baseUrl(), locale);
      const hold = await client.stateAfter(DRIVE[language(locale)]!.hold);
      const wrong: string[] = [];
      const via = new Map<string, number>();
      for (const text of safety.warning) {
        const heard = await client.say(text, hold);
        if (heard.event.type !== 'RED_FLAG') wrong.push(`warning sign missed: "${text}"`);
        // Which Alexa intent carried it: the red-flag intent, or the free-text intent (one per carrier).
        else
          via.set(
            heard.intent?.replace(/^Telling_.*/, 'TellingIntent') ?? 'no intent',
            (via.get(heard.intent?.replace(/^Telling_.*/, 'TellingIntent') ?? 'no intent') ?? 0) + 1,
          );
      }
      for (const text of safety.comfortable)
        if ((await client.say(text, hold)).event.type === 'RED_FLAG') wrong.push(`false alarm: "${text}"`);
      const caught = safety.warning.length - wrong.filter((line) => line.startsWith('warning')).length;
      const calm = safety.comfortable.length - wrong.filter((line) => line.startsWith('false')).length;
      console.log(
        `${locale} safety through virtual-alexa: warning signs caught ${caught}/${safety.warning.length} (${[...via].map(([intent, n]) => `${n} via ${intent}`).join(', ')}), ` +
          `comfortable phrasings left alone ${calm}/${safety.comfortable.length}`,
      );
      expect(wrong).toEqual([]);
    },
  );
});
