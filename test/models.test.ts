import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { generatedFiles, modelProblems } from '../src/platforms/generated';
import { matcherFor } from '../src/nlu/matcher';
import { ALEXA_LOCALES, alexaModel, type AlexaModel } from '../src/platforms/alexa/model';
import { validateAlexaModel } from '../src/platforms/alexa/validate-model';

const ROOT = join(__dirname, '..');

describe('generated models', () => {
  it('are committed exactly as `npm run models` generates them', () => {
    const stale = [...generatedFiles()]
      .filter(([path, content]) => !existsSync(join(ROOT, path)) || readFileSync(join(ROOT, path), 'utf8') !== content)
      .map(([path]) => path);
    expect(stale).toEqual([]);
  });

  it('break no platform rule (npm run models refuses to write models that do)', () => {
    expect(modelProblems()).toEqual([]);
  });

  it.each([...ALEXA_LOCALES])('%s passes the Alexa model rules', (locale) => {
    expect(validateAlexaModel(locale, alexaModel(locale))).toEqual([]);
  });

  it('carries name-free launch phrases in English models only', () => {
    expect(alexaModel('en-GB').interactionModel._nameFreeInteraction?.ingressPoints.length).toBeGreaterThan(0);
    expect(alexaModel('de-DE').interactionModel._nameFreeInteraction).toBeUndefined();
  });

  describe('the validator catches what the model builder would refuse', () => {
    const broken = (change: (model: AlexaModel) => void) => {
      const model = structuredClone(alexaModel('en-US'));
      change(model);
      return validateAlexaModel('en-US', model).join('\n');
    };
    const intent = (model: AlexaModel, name: string) =>
      model.interactionModel.languageModel.intents.find((i) => i.name === name)!;
    it.each<[string, (model: AlexaModel) => void, RegExp]>([
      [
        'a one-word invocation name',
        (m) => (m.interactionModel.languageModel.invocationName = 'massage'),
        /two or more words/,
      ],
      [
        'an invocation name with a launch word',
        (m) => (m.interactionModel.languageModel.invocationName = 'open massage coach'),
        /launch word/,
      ],
      [
        'an invocation name with "alexa"',
        (m) => (m.interactionModel.languageModel.invocationName = 'alexa massage coach'),
        /may not contain/,
      ],
      [
        'a two-word name with a connector',
        (m) => (m.interactionModel.languageModel.invocationName = 'the coach'),
        /two-word name/,
      ],
      ['digits in a sample', (m) => intent(m, 'RateIntent').samples.push('it is a 7'), /spelled out/],
      ['punctuation in a sample', (m) => intent(m, 'TimeLeftIntent').samples.push('how long?'), /only letters/],
      [
        'an undeclared slot',
        (m) => intent(m, 'TimeLeftIntent').samples.push('how long for {routine}'),
        /slot \{routine\} is not declared/,
      ],
      [
        'a sample in two intents',
        (m) => intent(m, 'AMAZON.HelpIntent').samples.push('next'),
        /also a sample of AMAZON\.NextIntent/,
      ],
      [
        'a missing required intent',
        (m) =>
          (m.interactionModel.languageModel.intents = m.interactionModel.languageModel.intents.filter(
            (i) => i.name !== 'AMAZON.StopIntent',
          )),
        /AMAZON\.StopIntent is missing/,
      ],
      [
        'an undeclared slot type',
        (m) =>
          (m.interactionModel.languageModel.types = m.interactionModel.languageModel.types.filter(
            (t) => t.name !== 'ROUTINE',
          )),
        /slot type ROUTINE is not declared/,
      ],
      [
        'one synonym for two values',
        (m) =>
          m.interactionModel.languageModel.types
            .find((t) => t.name === 'ROUTINE')!
            .values.find((v) => v.id === 'neck')!
            .name.synonyms!.push('calves'),
        /names both/,
      ],
      [
        'six launch phrases',
        (m) =>
          m.interactionModel._nameFreeInteraction!.ingressPoints.push({
            type: 'LAUNCH',
            sampleUtterances: [{ format: 'RAW_TEXT', value: 'one more' }],
          }),
        /at most 5 skill launch/,
      ],
      [
        "a sample that equals another intent's once a slot is filled",
        (m) => intent(m, 'TimeLeftIntent').samples.push('tell me about the ball'),
        /ExplainIntent: sample "tell me about \{technique\}" filled in is "tell me about the ball", a sample of TimeLeftIntent/,
      ],
      [
        'a slot value that is a command word ("back" as a ROUTINE synonym)',
        (m) =>
          m.interactionModel.languageModel.types
            .find((t) => t.name === 'ROUTINE')!
            .values.find((v) => v.id === 'mid-lower-back')!
            .name.synonyms!.push('back'),
        /"back" \(mid-lower-back\) is also a command: a sample of AMAZON\.PreviousIntent/,
      ],
      [
        'a bare slot sample that a synonym turns into a command',
        (m) =>
          m.interactionModel.languageModel.types
            .find((t) => t.name === 'ROUTINE')!
            .values.find((v) => v.id === 'neck')!
            .name.synonyms!.push('next'),
        /StartRoutineIntent: sample "\{routine\}" filled in is "next", a sample of AMAZON\.NextIntent/,
      ],
      [
        'a slot value with a hyphen',
        (m) =>
          m.interactionModel.languageModel.types
            .find((t) => t.name === 'ROUTINE')!
            .values[0]!.name.synonyms!.push('waden- und oberschenkel'),
        /"waden- und oberschenkel" can never be heard/,
      ],
      [
        'a slot plus filler words ("{routine} please")',
        (m) => intent(m, 'StartRoutineIntent').samples.push('{routine} please'),
        /"\{routine\} please" is slots and filler words only/,
      ],
      [
        'two intents whose filled samples meet',
        (m) => {
          intent(m, 'ExplainIntent').samples.push('work on my {technique}');
          m.interactionModel.languageModel.types
            .find((t) => t.name === 'TECHNIQUE')!
            .values[0]!.name.synonyms!.push('neck');
        },
        /filled in is "work on my neck", as is "work on my \{routine\}" of StartRoutineIntent|StartRoutineIntent: sample "work on my \{routine\}" filled in is "work on my neck", as is "work on my \{technique\}"/,
      ],
      [
        'a free-text sample without a carrier phrase',
        (m) => intent(m, 'Telling_my').samples.push('{words}'),
        /Telling_my: sample "\{words\}": AMAZON\.SearchQuery needs a carrier phrase/,
      ],
      [
        'a free-text sample whose carrier is blanks',
        (m) => intent(m, 'Telling_my').samples.push('  {words}'),
        /AMAZON\.SearchQuery needs a carrier phrase/,
      ],
      [
        'another slot beside free text',
        (m) => {
          intent(m, 'Telling_my').slots!.push({ name: 'routine', type: 'ROUTINE' });
          intent(m, 'Telling_my').samples.push('my {routine} {words}');
        },
        /sample "my \{routine\} \{words\}": no other slot may stand beside AMAZON\.SearchQuery/,
      ],
      [
        'two free-text slots in one intent',
        (m) => intent(m, 'Telling_my').slots!.push({ name: 'more', type: 'AMAZON.SearchQuery' }),
        /Telling_my: 2 AMAZON\.SearchQuery slots: an intent may have one/,
      ],
      [
        "a carrier phrase that takes another intent's sample",
        (m) => intent(m, 'Telling_my').samples.push('my goal is every {words}'),
        /carrier phrase "my goal is every \{words\}" takes "my goal is every day" from SetGoalIntent \("my goal is \{goal\}"\)/,
      ],
      [
        'two intents of one name',
        (m) => m.interactionModel.languageModel.intents.push(structuredClone(intent(m, 'Telling_my'))),
        /Telling_my: two intents have this name/,
      ],
      [
        'a slot in a name-free phrase',
        (m) =>
          (m.interactionModel._nameFreeInteraction!.ingressPoints[0]!.sampleUtterances[0]!.value = 'start {routine}'),
        /no slots/,
      ],
    ])('%s', (_name, change, problem) => {
      expect(broken(change)).toMatch(problem);
    });
  });
});

describe('skill.json', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'skill.json'), 'utf8'));
  const schema = z.object({
    manifest: z.object({
      manifestVersion: z.literal('1.0'),
      publishingInformation: z.object({
        locales: z.record(
          z.string(),
          z.object({
            name: z.string().min(2).max(50),
            summary: z.string().min(1).max(160),
            description: z.string().min(1).max(4000),
            examplePhrases: z.array(z.string().startsWith('Alexa,')).min(1).max(3),
            keywords: z.array(z.string()).max(30),
            // ASK CLI uploads icons from the package (skill-package/assets) at deploy time.
            smallIconUri: z.string().regex(/^file:\/\/assets\/images\/\w+\.png$/),
            largeIconUri: z.string().regex(/^file:\/\/assets\/images\/\w+\.png$/),
          }),
        ),
        isAvailableWorldwide: z.boolean(),
        distributionCountries: z.array(z.string().length(2)).min(1),
        category: z.literal('HEALTH_AND_FITNESS'),
        testingInstructions: z.string().min(1),
      }),
      privacyAndCompliance: z.object({
        allowsPurchases: z.boolean(),
        usesPersonalInfo: z.boolean(),
        isChildDirected: z.literal(false),
        isExportCompliant: z.boolean(),
        containsAds: z.boolean(),
        // The listing pages' URLs and the endpoint are set at deploy time (scripts/deploy-package.ts).
        locales: z.never().optional(),
      }),
      permissions: z.array(z.object({ name: z.string() })),
      events: z.object({
        endpoint: z.never().optional(),
        subscriptions: z.array(z.object({ eventName: z.string() })),
      }),
      apis: z.object({
        custom: z.object({
          endpoint: z.never().optional(),
          interfaces: z.array(z.object({ type: z.string() }).loose()),
        }),
      }),
    }),
  });

  it('is a complete manifest', () => {
    const parsed = schema.parse(manifest).manifest;
    expect(Object.keys(parsed.publishingInformation.locales).sort()).toEqual([...ALEXA_LOCALES].sort());
    expect(parsed.apis.custom.interfaces.map((i) => i.type).sort()).toEqual([
      'ALEXA_PRESENTATION_APL',
      'CAN_FULFILL_INTENT_REQUEST',
    ]);
    expect(parsed.permissions).toContainEqual({ name: 'alexa::alerts:reminders:skill:readwrite' });
    expect(parsed.events.subscriptions).toContainEqual({ eventName: 'SKILL_DISABLED' });
  });

  it('says in every description that it is not medical advice', () => {
    for (const [locale, info] of Object.entries<any>(manifest.manifest.publishingInformation.locales)) {
      expect({
        locale,
        disclaimer:
          /not a substitute for professional medical advice|ersetzt keine professionelle medizinische Beratung/.test(
            info.description,
          ),
      }).toEqual({ locale, disclaimer: true });
    }
  });

  it('has example phrases the model understands', () => {
    for (const [locale, info] of Object.entries<any>(manifest.manifest.publishingInformation.locales)) {
      for (const phrase of info.examplePhrases as string[]) {
        const request = phrase.replace(/^Alexa, /, '').replace(/^(open|öffne) massage coach$/, '');
        if (!request) continue;
        const utterance = request.replace(/^(ask|tell|frag|sag) massage coach (to )?/, '');
        expect({ phrase, event: matcherFor(locale).match(utterance).event.type }).not.toEqual({
          phrase,
          event: 'FALLBACK',
        });
      }
    }
  });
});
