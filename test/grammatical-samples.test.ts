import { esAgentFiles } from '../src/platforms/dialogflow/agent-es';
import { alexaModel } from '../src/platforms/alexa/model';

/**
 * Every generated sample is a sentence a person says. Composition (carriers around verb phrases,
 * slot values in samples) must not make what no one says: a first person subject with the
 * speaker as a plain object ("can we give me a second", "lass uns mir helfen": the object would
 * be "myself", "uns"), or a word said twice running ("do my my calves", "mein mein rücken"). The
 * speaker may be the object of a relative clause with its own subject ("the exercises my physio
 * gave me", "die Übungen, die mir mein Physio gegeben hat").
 * The grammar here is the test's own, not the generator's data, so the two check each other.
 */
const GRAMMAR = {
  'en-US': {
    code: 'en',
    firstPersonSubject: /^(?:(?:ok|okay|so) )?(?:can we|let's|let us|i want to|i'd like to|we|i)\b.*\bme\b/,
    // "… the exercises my physio gave me": me is the object of a relative clause with its own subject.
    relativeClause:
      /\bmy (?:physio|physiotherapist|physical therapist|pt|therapist|physio therapist|doctor)(?: \w+){1,3} me\b/,
  },
  'de-DE': {
    code: 'de',
    firstPersonSubject: /^(?:(?:ok|okay|also) )?(?:lass uns|lasst uns|ich will|ich möchte|wir|ich)\b.*\b(?:mir|mich)\b/,
    // "… die Übungen, die mir mein Physio gegeben hat": mir in a relative clause with its own subject.
    relativeClause: /\b(?:die|der|das|den) mir\b/,
  },
} as const;
const DOUBLED = /(?:^| )(\p{L}+) \1(?= |$)/u;

const problems = (text: string, firstPersonSubject: RegExp, relativeClause: RegExp) => [
  ...(firstPersonSubject.test(text) && !relativeClause.test(text)
    ? ['first person subject with the speaker as object']
    : []),
  ...(DOUBLED.test(text) ? ['a word twice running'] : []),
];

describe.each(Object.entries(GRAMMAR))(
  '%s: the generated samples',
  (locale, { code, firstPersonSubject, relativeClause }) => {
    it('on Alexa are grammatical', () => {
      const wrong = alexaModel(locale).interactionModel.languageModel.intents.flatMap((intent) =>
        intent.samples.flatMap((sample) =>
          problems(sample.toLowerCase(), firstPersonSubject, relativeClause).map(
            (why) => `${intent.name} "${sample}": ${why}`,
          ),
        ),
      );
      expect(wrong).toEqual([]);
    });

    it('as Dialogflow training phrases, slot examples filled in, are grammatical', () => {
      const files = esAgentFiles();
      const wrong: string[] = [];
      for (const [path, text] of files) {
        if (!path.endsWith(`_usersays_${code}.json`)) continue;
        for (const example of JSON.parse(text) as Array<{ data: Array<{ text: string }> }>) {
          const said = example.data
            .map((part) => part.text)
            .join('')
            .toLowerCase();
          for (const why of problems(said, firstPersonSubject, relativeClause)) wrong.push(`${path} "${said}": ${why}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  },
);
