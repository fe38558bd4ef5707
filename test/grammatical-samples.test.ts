import { esAgentFiles } from '../src/platforms/dialogflow/agent-es';
import { alexaModel } from '../src/platforms/alexa/model';

/**
 * Every generated sample is a sentence a person says. Composition (carriers around verb phrases,
 * slot values in samples) must not make what no one says: a first person subject with the
 * speaker as a plain object ("can we give me a second", "lass uns mir helfen": the object would
 * be "myself", "uns"), or a word said twice running ("do my my calves", "mein mein rücken").
 * The grammar here is the test's own, not the generator's data, so the two check each other.
 */
const GRAMMAR = {
  'en-US': {
    code: 'en',
    firstPersonSubject: /^(?:(?:ok|okay|so) )?(?:can we|let's|let us|i want to|i'd like to|we|i)\b.*\bme\b/,
  },
  'de-DE': {
    code: 'de',
    firstPersonSubject: /^(?:(?:ok|okay|also) )?(?:lass uns|lasst uns|ich will|ich möchte|wir|ich)\b.*\b(?:mir|mich)\b/,
  },
} as const;
const DOUBLED = /(?:^| )(\p{L}+) \1(?= |$)/u;

const problems = (text: string, firstPersonSubject: RegExp) => [
  ...(firstPersonSubject.test(text) ? ['first person subject with the speaker as object'] : []),
  ...(DOUBLED.test(text) ? ['a word twice running'] : []),
];

describe.each(Object.entries(GRAMMAR))('%s: the generated samples', (locale, { code, firstPersonSubject }) => {
  it('on Alexa are grammatical', () => {
    const wrong = alexaModel(locale).interactionModel.languageModel.intents.flatMap((intent) =>
      intent.samples.flatMap((sample) =>
        problems(sample.toLowerCase(), firstPersonSubject).map((why) => `${intent.name} "${sample}": ${why}`),
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
        for (const why of problems(said, firstPersonSubject)) wrong.push(`${path} "${said}": ${why}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
