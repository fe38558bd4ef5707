import type { Intent } from 'ask-sdk-model';
import type { CoachEvent } from '../src/coach/events';
import { signOf } from '../src/content/safety';
import { interactionModel } from '../src/nlu/utterances';
import { alexaModel, freeTextCarriers, isAlexaIntent, type FreeTextCarrier } from '../src/platforms/alexa/model';
import { eventFromAlexaIntent } from '../src/platforms/alexa/request';

/**
 * One sentence, one event: where the Alexa model lets the same words land on two intents (a
 * sample of one intent that is also a free-text carrier's phrase with words after it, or the same
 * words in two intents' samples), Alexa may pick either, so both must mean the same to the coach.
 * Every such conflict of the generated model is run through the skill's own mapping
 * (eventFromAlexaIntent), as Alexa would send it: slots resolved to their ids, free text as said.
 */
const LOCALES = ['en-US', 'de-DE'];
const SPREAD = 17;

interface Said {
  words: string;
  intent: Intent;
}

/** The utterance source's slot type of an Alexa intent's slot (the model names AMAZON.NUMBER for a code too). */
function sourceTypeOf(alexaIntent: string, slot: string, locale = 'en-US'): string {
  const intent = interactionModel(locale).intents.find((candidate) => isAlexaIntent(candidate, alexaIntent));
  return intent?.slots?.[slot] ?? '';
}

/** Every sentence an intent's samples say, each custom slot filled with each of its values' words. */
function sentencesOf(locale: string): Said[] {
  const source = interactionModel(locale);
  const carriers = new Set(freeTextCarriers(locale).map((carrier) => carrier.name));
  const said: Said[] = [];
  for (const intent of alexaModel(locale).interactionModel.languageModel.intents) {
    if (carriers.has(intent.name)) continue;
    const types = Object.fromEntries((intent.slots ?? []).map((slot) => [slot.name, slot.type]));
    for (const sample of intent.samples) {
      let filled: Array<{ words: string; slots: Intent['slots'] }> = [{ words: sample, slots: {} }];
      for (const [position, slot] of (sample.match(/\{\w+\}/g) ?? []).entries()) {
        const name = slot.slice(1, -1);
        const type = source.slotTypes[types[name] ?? ''];
        // Numbers, codes and times: one spoken example each (Alexa resolves them itself).
        const values =
          type?.kind === 'custom'
            ? type.values
                .flatMap((value) => value.synonyms.map((words) => ({ words, id: value.id })))
                // A long list (body parts with sides) gives a spread of its values, and a sample's
                // later slots two: three such lists in one sample are millions of sentences.
                .filter(
                  (_, index, all) => all.length <= SPREAD * 4 || index % Math.ceil(all.length / (SPREAD * 4)) === 0,
                )
                .filter((_, index) => position === 0 || index % SPREAD === position)
                .slice(0, position === 0 ? undefined : 2)
            : source.slotTypes[sourceTypeOf(intent.name, name)]?.kind === 'code'
              ? [{ words: locale.startsWith('de') ? 'vier sieben eins neun' : 'four seven one nine', id: '4719' }]
              : [{ words: locale.startsWith('de') ? 'sieben' : 'seven', id: '7' }];
        filled = filled.flatMap((sentence) =>
          values.map(({ words, id }) => ({
            words: sentence.words.replace(slot, words),
            slots: {
              ...sentence.slots,
              [name]: {
                name,
                value: type?.kind === 'custom' ? words : id,
                confirmationStatus: 'NONE' as const,
                ...(type?.kind === 'custom'
                  ? {
                      resolutions: {
                        resolutionsPerAuthority: [
                          {
                            authority: `amzn1.er-authority.echo-sdk.test.${types[name]}`,
                            status: { code: 'ER_SUCCESS_MATCH' as const },
                            values: [{ value: { name: words, id } }],
                          },
                        ],
                      },
                    }
                  : {}),
              },
            },
          })),
        );
      }
      for (const { words, slots } of filled)
        said.push({ words: words.toLowerCase(), intent: { name: intent.name, confirmationStatus: 'NONE', slots } });
    }
  }
  return said;
}

/** The free-text carrier reading of a sentence: a sample's words before (any lead of a group), the rest as the slot. */
function asCarrier(words: string, carrier: FreeTextCarrier): Intent | null {
  for (const sample of carrier.samples) {
    const [before, after] = sample.toLowerCase().split(`{${carrier.slot}}`) as [string, string];
    if (!words.startsWith(before) || !words.endsWith(after)) continue;
    const rest = words.slice(before.length, words.length - after.length).trim();
    if (!rest || (before && !before.endsWith(' '))) continue;
    return {
      name: carrier.name,
      confirmationStatus: 'NONE',
      slots: { [carrier.slot]: { name: carrier.slot, value: rest, confirmationStatus: 'NONE' } },
    };
  }
  return null;
}

/** What the coach does with an event: its type, and for a warning sign its tier. */
const meaning = (event: CoachEvent) =>
  event.type === 'RED_FLAG' ? `RED_FLAG:${signOf(event.symptom)?.tier ?? '?'}` : event.type;

describe.each(LOCALES)('%s: every free-text conflict of the Alexa model', (locale) => {
  it('gives one event for one sentence, whichever intent Alexa picks', () => {
    const carriers = freeTextCarriers(locale);
    const sentences = sentencesOf(locale);
    const differ: string[] = [];
    let conflicts = 0;
    const byWords = new Map<string, Said>();
    for (const said of sentences) {
      const first = byWords.get(said.words);
      const readings: Intent[] = carriers.flatMap((carrier) => asCarrier(said.words, carrier) ?? []);
      if (first && first.intent.name !== said.intent.name) readings.push(first.intent);
      else byWords.set(said.words, said);
      if (!readings.length) continue;
      const mine = meaning(eventFromAlexaIntent(said.intent, locale));
      for (const other of readings) {
        conflicts += 1;
        const theirs = meaning(eventFromAlexaIntent(other, locale));
        if (theirs !== mine) differ.push(`"${said.words}": ${said.intent.name} ${mine}, ${other.name} ${theirs}`);
      }
    }
    console.log(
      `${locale}: ${conflicts} conflicts among ${sentences.length} sentences, ${differ.length} differ${differ.length ? `:\n  ${differ.slice(0, 400).join('\n  ')}` : ''}`,
    );
    expect(conflicts).toBeGreaterThan(0);
    expect(differ).toEqual([]);
  });
});
