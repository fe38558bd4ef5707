import { matcherFor } from '../src/nlu/matcher';
import { interactionModel } from '../src/nlu/utterances';

const cases: Record<string, Array<[string, Record<string, unknown>]>> = {
  'en-US': [
    ['hang on', { type: 'PAUSE' }],
    ['Hang on a sec!', { type: 'PAUSE' }],
    ['wait', { type: 'PAUSE' }],
    ['um, wait a second please', { type: 'PAUSE' }],
    ['hold on', { type: 'PAUSE' }],
    ['ok go on', { type: 'NEXT' }],
    ['OK, go on.', { type: 'NEXT' }],
    ['next', { type: 'NEXT' }],
    ['nxet', { type: 'NEXT' }],
    ['skip this one', { type: 'NEXT' }],
    ["i'm ready", { type: 'NEXT' }],
    ['done', { type: 'NEXT' }],
    ['say that again', { type: 'REPEAT' }],
    ['sorry, what was that?', { type: 'REPEAT' }],
    ['repaet', { type: 'REPEAT' }],
    ['go back', { type: 'PREVIOUS' }],
    ['resume', { type: 'RESUME' }],
    ['continue', { type: 'RESUME' }],
    ['start over', { type: 'START_OVER' }],
    ['from the top', { type: 'START_OVER' }],
    ['how much longer', { type: 'TIME_LEFT' }],
    ['how much longer?', { type: 'TIME_LEFT' }],
    ['are we nearly done', { type: 'TIME_LEFT' }],
    ["what's next", { type: 'WHATS_NEXT' }],
    ['what comes next?', { type: 'WHATS_NEXT' }],
    ['explain this', { type: 'EXPLAIN' }],
    ['what is trigger point compression', { type: 'EXPLAIN', technique: 'trigger-point-compression' }],
    ['how does foam rolling work', { type: 'EXPLAIN', technique: 'foam-roller-release' }],
    ['tell me about the tennis ball', { type: 'EXPLAIN', technique: 'tennis-ball-release' }],
    ['help', { type: 'HELP' }],
    ['what can I say?', { type: 'HELP' }],
    ['stop', { type: 'STOP' }],
    ['cancel', { type: 'STOP' }],
    ["that's enough", { type: 'STOP' }],
    ["it's about a seven", { type: 'RATE', value: 7 }],
    ["it's a 4", { type: 'RATE', value: 4 }],
    ['maybe a three', { type: 'RATE', value: 3 }],
    ['seven out of ten', { type: 'RATE', value: 7 }],
    ['nought', { type: 'RATE', value: 0 }],
    ['8', { type: 'RATE', value: 8 }],
    ['my fingers are tingling', { type: 'RED_FLAG', symptom: 'tingling' }],
    ['my hand is tingling', { type: 'RED_FLAG', symptom: 'tingling' }],
    ['I have pins and needles in my arm', { type: 'RED_FLAG', symptom: 'tingling' }],
    ['it feels swollen', { type: 'RED_FLAG', symptom: 'swelling' }],
    ['my arm went numb', { type: 'RED_FLAG', symptom: 'numbness' }],
    ["I can't feel my fingers", { type: 'RED_FLAG', symptom: 'numbness' }],
    ['my leg feels weak', { type: 'RED_FLAG', symptom: 'weakness' }],
    ['the knot feels hot', { type: 'RED_FLAG', symptom: 'heat' }],
    ['I think I tore something, it popped', { type: 'RED_FLAG', symptom: 'injury' }],
    ["it's been hurting for weeks", { type: 'RED_FLAG', symptom: 'persistent-pain' }],
    ['yes', { type: 'YES' }],
    ['yeah sure', { type: 'YES' }],
    ['no', { type: 'NO' }],
    ['not yet', { type: 'NO' }],
    ['how am i doing', { type: 'PROGRESS' }],
    ['longer', { type: 'ADJUST', direction: 'longer' }],
    ['make it a bit shorter', { type: 'ADJUST', direction: 'shorter' }],
    ['start neck release', { type: 'START_ROUTINE', routine: 'neck' }],
    ['loosen my upper traps', { type: 'START_ROUTINE', routine: 'neck' }],
    // A report is never a command: a knot is answered with the routine for it, an ache encouraged.
    ['my shoulder blade hurts', { type: 'REPORT', feeling: 'mild' }],
    ['I have a knot in my piriformis', { type: 'ASK_ROUTINE', routine: 'glutes-piriformis' }],
    ['calf', { type: 'START_ROUTINE', routine: 'calves-hamstrings' }],
    ['let us do something for my lower back', { type: 'START_ROUTINE', routine: 'mid-lower-back' }],
    ['start the hamstrings routine', { type: 'START_ROUTINE', routine: 'calves-hamstrings' }],
    ['shoulders and chest', { type: 'START_ROUTINE', routine: 'shoulders-chest' }],
    ['I had a hot shower before', { type: 'FALLBACK' }],
    ['purple monkey dishwasher', { type: 'FALLBACK' }],
    ['', { type: 'FALLBACK' }],
  ],
  'de-DE': [
    ['Warte mal', { type: 'PAUSE' }],
    ['Moment bitte', { type: 'PAUSE' }],
    ['Wie lange noch?', { type: 'TIME_LEFT' }],
    ['wie lange dauert es noch', { type: 'TIME_LEFT' }],
    ['weiter', { type: 'NEXT' }],
    ['okay weiter', { type: 'NEXT' }],
    ['nochmal', { type: 'REPEAT' }],
    ['wie bitte?', { type: 'REPEAT' }],
    ['zurück', { type: 'PREVIOUS' }],
    ['weitermachen', { type: 'RESUME' }],
    ['von vorne', { type: 'START_OVER' }],
    ['was kommt als nächstes', { type: 'WHATS_NEXT' }],
    ['erklär das', { type: 'EXPLAIN' }],
    ['was ist die Faszienrolle', { type: 'EXPLAIN', technique: 'foam-roller-release' }],
    ['Hilfe', { type: 'HELP' }],
    ['stopp', { type: 'STOP' }],
    ['abbrechen', { type: 'STOP' }],
    ['es ist eine sieben', { type: 'RATE', value: 7 }],
    ['ungefähr eine vier', { type: 'RATE', value: 4 }],
    ['acht von zehn', { type: 'RATE', value: 8 }],
    ['meine Finger kribbeln', { type: 'RED_FLAG', symptom: 'tingling' }],
    ['mein Arm ist taub', { type: 'RED_FLAG', symptom: 'numbness' }],
    ['es ist geschwollen', { type: 'RED_FLAG', symptom: 'swelling' }],
    ['das Bein fühlt sich schwach an', { type: 'RED_FLAG', symptom: 'weakness' }],
    ['ich glaube da ist was gerissen', { type: 'RED_FLAG', symptom: 'injury' }],
    ['ja', { type: 'YES' }],
    ['nein', { type: 'NO' }],
    ['noch nicht', { type: 'NO' }],
    ['länger', { type: 'ADJUST', direction: 'longer' }],
    ['etwas kürzer bitte', { type: 'ADJUST', direction: 'shorter' }],
    ['starte Nacken', { type: 'START_ROUTINE', routine: 'neck' }],
    ['mein Rücken tut weh', { type: 'REPORT', feeling: 'mild' }],
    ['Waden', { type: 'START_ROUTINE', routine: 'calves-hamstrings' }],
    ['lockere meine Schultern', { type: 'START_ROUTINE', routine: 'shoulders-chest' }],
    ['Piriformis', { type: 'START_ROUTINE', routine: 'glutes-piriformis' }],
    ['ueber die Schulter', { type: 'START_ROUTINE', routine: 'shoulders-chest' }],
    ['Blumenkohl', { type: 'FALLBACK' }],
  ],
};

describe('typed phrasings reach the right event', () => {
  for (const [locale, list] of Object.entries(cases)) {
    it.each(list)(`${locale}: "%s"`, (text, expected) => {
      expect(matcherFor(locale).match(text).event).toEqual(expected);
    });
  }

  it('puts no sample in two intents, in any locale', () => {
    for (const locale of Object.keys(cases)) {
      const owners = new Map<string, string>();
      for (const intent of interactionModel(locale).intents) {
        for (const sample of intent.samples) {
          expect({ sample, other: owners.get(sample) ?? intent.name }).toEqual({ sample, other: intent.name });
          owners.set(sample, intent.name);
        }
      }
    }
  });

  it('serves en-GB and other English locales from the English utterances', () => {
    expect(matcherFor('en-GB').match('hang on').event).toEqual({ type: 'PAUSE' });
    expect(interactionModel('en-AU').locale).toBe('en-US');
  });
});
