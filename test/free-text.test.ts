import type { Intent } from 'ask-sdk-model';
import { readSentence } from '../src/nlu/sentence';
import { freeTextCarriers, alexaModel } from '../src/platforms/alexa/model';
import { eventFromAlexaIntent } from '../src/platforms/alexa/request';

/**
 * The free-text intent on Alexa (TellingIntent: carrier phrases around AMAZON.SearchQuery). Alexa
 * sends the slot's words without the carrier, so each carrier is its own Alexa intent and the
 * skill reads the carrier with the words: exactly what the user said, through our matcher.
 */
const told = (name: string, words: string): Intent => ({
  name,
  confirmationStatus: 'NONE',
  slots: { words: { name: 'words', value: words, confirmationStatus: 'NONE' } },
});

describe('the free-text intent on Alexa', () => {
  it('is one Alexa intent per carrier phrase (or per group of leads that mean one thing), each with one AMAZON.SearchQuery slot, in every English and the German model', () => {
    for (const locale of ['en-US', 'de-DE']) {
      const carriers = freeTextCarriers(locale);
      expect(carriers.length).toBeGreaterThan(20);
      const intents = alexaModel(locale).interactionModel.languageModel.intents;
      for (const carrier of carriers) {
        expect(intents.find((intent) => intent.name === carrier.name)).toEqual({
          name: carrier.name,
          slots: [{ name: 'words', type: 'AMAZON.SearchQuery' }],
          samples: carrier.samples,
        });
      }
    }
  });

  it.each([
    ['en-US', 'Telling_my', 'calf is hot and swollen', { type: 'RED_FLAG', symptom: 'calf-clot' }],
    // A group's leads are read back as one word: fillers as nothing, a cry of pain as "ow".
    ['en-US', 'Telling_filler', "i've got to go let's end it here", { type: 'STOP' }],
    ['en-US', 'Telling_cry', "that's way too much", { type: 'PAIN' }],
    ['de-DE', 'Telling_cry', 'das ist zu viel', { type: 'PAIN' }],
    ['en-US', 'Telling_chest', 'pain and i feel sick and sweaty', { type: 'RED_FLAG', symptom: 'chest-pain' }],
    ['en-US', 'Telling_i', 'fell yesterday and hurt my back', { type: 'RED_FLAG', symptom: 'fall-or-accident' }],
    ['en-US', 'Telling_i', "don't have any numbness", { type: 'REPORT', feeling: 'good' }],
    ['en-US', 'Telling_i', 'almost fell asleep', { type: 'FALLBACK' }],
    ['en-US', 'Telling_my', 'neck feels better', { type: 'REPORT', feeling: 'good' }],
    ['en-US', 'Telling_it_s', 'maybe a six', { type: 'RATE', value: 6 }],
    ['en-US', 'Telling_my', 'calves please', { type: 'START_ROUTINE', routine: 'calves-hamstrings' }],
    ['de-DE', 'Telling_meine', 'Finger kribbeln', { type: 'RED_FLAG', symptom: 'tingling' }],
    ['de-DE', 'Telling_ich', 'bekomme keine Luft', { type: 'RED_FLAG', symptom: 'breathlessness' }],
    ['de-DE', 'Telling_ich', 'bin fast eingeschlafen', { type: 'FALLBACK' }],
    ['de-DE', 'Telling_mein', 'Nacken fühlt sich besser an', { type: 'REPORT', feeling: 'good' }],
    ['de-DE', 'Telling_es', 'kribbelt nicht mehr', { type: 'REPORT', feeling: 'good' }],
  ])('%s %s "%s" is read with its carrier', (locale, name, words, event) => {
    expect(eventFromAlexaIntent(told(name, words), locale)).toEqual(event);
  });

  it('reads an empty slot as the carrier alone, and an unknown carrier intent as nothing', () => {
    expect(eventFromAlexaIntent(told('Telling_my', ''), 'en-US')).toEqual({ type: 'FALLBACK' });
    expect(eventFromAlexaIntent({ name: 'Telling_nonsense', confirmationStatus: 'NONE' }, 'en-US')).toEqual({
      type: 'FALLBACK',
    });
  });

  // The validator lets a carrier take a phrase from a bare slot sample ("{routine}", "{symptom}"):
  // such a sample has no words to win with, so the free text must mean the same through our reading of a sentence.
  it.each(['en-US', 'de-DE'])(
    '%s: what a carrier takes from a bare slot sample means the same as free text',
    (locale) => {
      const model = alexaModel(locale).interactionModel.languageModel;
      const carriers = freeTextCarriers(locale).map((carrier) => ({
        ...carrier,
        pattern: new RegExp(`^${carrier.sample.replace(`{${carrier.slot}}`, '').trim()} .+`),
      }));
      const differ: string[] = [];
      for (const intent of model.intents) {
        const bare = intent.samples.find((sample) => /^\{\w+\}$/.test(sample));
        const slot = intent.slots?.find((candidate) => `{${candidate.name}}` === bare);
        const type = model.types.find((candidate) => candidate.name === slot?.type);
        if (!type) continue;
        for (const value of type.values) {
          for (const text of [value.name.value, ...(value.name.synonyms ?? [])].map((t) => t.toLowerCase())) {
            if (!carriers.some((carrier) => carrier.pattern.test(text))) continue;
            const asSample = eventFromAlexaIntent(
              {
                name: intent.name,
                confirmationStatus: 'NONE',
                slots: { [slot!.name]: { name: slot!.name, value: text, confirmationStatus: 'NONE' } },
              },
              locale,
            );
            const asWords = readSentence(text, locale);
            if (JSON.stringify(asWords) !== JSON.stringify(asSample))
              differ.push(
                `"${text}": ${JSON.stringify(asSample)} as a sample, ${JSON.stringify(asWords)} as free text`,
              );
          }
        }
      }
      expect(differ).toEqual([]);
    },
  );
});
