import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTurn, type PersistedCoach } from '../src/coach/turn';
import { CONTENT_DIR, ContentError, catalogue, loadCatalogue } from '../src/content/load';
import { LIMITS } from '../src/speech/limits';
import { emergencyNumberParam } from '../src/coach/safety';
import { emergencyNumberFor } from '../src/content/safety';
import { translator } from '../src/i18n';
import { matcherFor } from '../src/nlu/matcher';
import { scannerFor } from '../src/nlu/symptoms';
import { interactionModel } from '../src/nlu/utterances';
import { planSpeech } from '../src/speech/plan';
import { renderText } from '../src/speech/render';
import { say, type Params } from '../src/speech/acts';
import phrasings from './phrasings/safety.json';

type Warning = { text: string; tier: 'emergency' | 'stop' | 'caution'; sign: string; area?: string };
const SET = phrasings as Record<string, { warning: Warning[]; comfortable: string[] }>;
const LOCALES = ['en-US', 'de-DE'];
const ALEXA_LOCALES: Record<string, string> = {
  'en-US': '911',
  'en-CA': '911',
  'en-GB': '999',
  'en-AU': '000',
  'en-IN': '112',
  'de-DE': '112',
};
const { safety } = catalogue();
const spoken = (locale: string, key: string, params?: Params) => renderText(planSpeech([say(key, params)], locale));
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
const sentences = (text: string) => text.split(/(?<=[.!?])\s+/).filter(Boolean);

describe('safety content', () => {
  it('has the three tiers, each sign with known sources and a real area, emergency care said for emergency signs', () => {
    const tiers = new Set(safety.signs.map((sign) => sign.tier));
    expect([...tiers].sort()).toEqual(['caution', 'emergency', 'stop']);
    for (const sign of safety.signs) {
      for (const source of sign.sources)
        expect({ sign: sign.id, source, known: Boolean(safety.sources[source]) }).toEqual({
          sign: sign.id,
          source,
          known: true,
        });
      for (const area of sign.areas) expect(area === 'any' || catalogue().routines.has(area)).toBe(true);
    }
    // The guide's own list is all there, in the stop tier, sourced to the guide.
    for (const flag of catalogue().guide.redFlags) {
      const sign = safety.signs.find((candidate) => candidate.id === flag.id);
      expect({ id: flag.id, tier: sign?.tier, guide: sign?.sources.includes('guide') }).toEqual({
        id: flag.id,
        tier: 'stop',
        guide: true,
      });
    }
  });

  it('fails to load with the file and field when a sign names an unknown source or area', () => {
    const dir = mkdtempSync(join(tmpdir(), 'safety-'));
    cpSync(CONTENT_DIR, dir, { recursive: true });
    const file = join(dir, 'safety', 'signs.json');
    const signs = JSON.parse(readFileSync(file, 'utf8'));
    signs.signs[0].sources = ['nowhere'];
    signs.signs[1].areas = ['elbows'];
    writeFileSync(file, JSON.stringify(signs));
    expect(() => loadCatalogue(dir)).toThrow(ContentError);
    expect(() => loadCatalogue(dir)).toThrow(
      /safety\/signs\.json: signs\.0\.sources: unknown source "nowhere"; signs\.1\.areas: unknown routine "elbows"/,
    );
  });

  it('names the right emergency number for each of the six Alexa locales, from the locale and not the language', () => {
    for (const [locale, number] of Object.entries(ALEXA_LOCALES))
      expect({ locale, number: emergencyNumberFor(locale) }).toEqual({ locale, number });
    // Dialogflow sends a bare language; a country we have no number for gets "your local emergency number".
    expect(emergencyNumberFor('en')).toBe('911');
    expect(emergencyNumberFor('de')).toBe('112');
    expect(emergencyNumberFor('en-gb')).toBe('999');
    expect(emergencyNumberFor('en-NZ')).toBeNull();
    expect(emergencyNumberFor('fr-FR')).toBeNull();
    expect(spoken('en-US', 'coach.redFlag.stopEmergency', { number: emergencyNumberParam(null) })).toContain(
      'call your local emergency number',
    );
    expect(spoken('de-DE', 'coach.redFlag.stopEmergency', { number: emergencyNumberParam('112') })).toContain(
      'ruf die 112 an',
    );
  });
});

describe('safety speech', () => {
  const keysFor = (locale: string) =>
    safety.signs.flatMap((sign) =>
      sign.tier === 'emergency'
        ? [sign.care === 'same-day' ? 'coach.redFlag.stopSameDay' : 'coach.redFlag.stopEmergency']
        : sign.tier === 'stop'
          ? [
              translator(locale).has(`coach.redFlag.stopSign.${sign.id}`)
                ? `coach.redFlag.stopSign.${sign.id}`
                : 'coach.redFlag.stop',
            ]
          : [`coach.redFlag.caution.${sign.id}`],
    );

  it('is at most two sentences and about 30 words, action first, capitalised, never a raw symptom slot', () => {
    const actionFirst: Record<string, RegExp> = {
      'en-US': /^(Stop|Let's stop|Let go|Thanks for telling me)\b/,
      'de-DE': /^(Hör|Lass uns|Lass sofort|Danke)\b/,
    };
    for (const locale of LOCALES) {
      const keys = [
        ...new Set([
          ...keysFor(locale),
          'coach.redFlag.stop',
          'coach.redFlag.after',
          'coach.redFlag.afterEmergency',
          'coach.redFlag.afterSameDay',
        ]),
      ];
      for (const key of keys) {
        for (const number of Object.values(ALEXA_LOCALES)) {
          const text = spoken(locale, key, { number: emergencyNumberParam(number) });
          const check = {
            locale,
            key,
            text,
            sentences: sentences(text).length <= 2,
            words: words(text) <= 30,
            capital: /^[A-ZÄÖÜ]/.test(text),
            keyLeft: /\{\{|redFlag\./.test(text),
          };
          expect(check).toEqual({ ...check, sentences: true, words: true, capital: true, keyLeft: false });
          if (!key.includes('.after'))
            expect({ key, text, actionFirst: actionFirst[locale]!.test(text) }).toEqual({
              key,
              text,
              actionFirst: true,
            });
        }
      }
      // No line takes the user's symptom words: the slot never reaches speech.
      for (const key of keys) expect(JSON.stringify(translator(locale).t(key))).not.toMatch(/\{\{symptom/);
    }
  });

  it('has words for every sign in every locale: a name and at least three phrasings', () => {
    for (const locale of LOCALES) {
      const tr = translator(locale);
      for (const sign of safety.signs) {
        expect({
          locale,
          sign: sign.id,
          name: tr.has(`symptom.${sign.id}.name`),
          phrasings: tr.list(`symptom.${sign.id}.synonyms`).length >= 3,
        }).toEqual({ locale, sign: sign.id, name: true, phrasings: true });
        if (sign.tier === 'caution') expect(tr.has(`coach.redFlag.caution.${sign.id}`)).toBe(true);
      }
    }
  });

  it('adds the check-with-your-doctor sentence to the first-session disclaimer', () => {
    expect(spoken('en-US', 'coach.welcome.first')).toMatch(
      /not medical advice\. Pregnant, on blood thinners, or a clotting or bone condition\? Check with your doctor first\.$/,
    );
    expect(spoken('de-DE', 'coach.welcome.first')).toMatch(
      /kein medizinischer Rat\. Schwanger, auf Blutverdünnern oder mit einer Gerinnungs- oder Knochenerkrankung\? Dann sprich vorher/,
    );
  });
});

describe('understanding warning signs', () => {
  it('reaches every sign in the content, in its tier, from at least two phrasings per locale', () => {
    for (const locale of LOCALES) {
      for (const sign of safety.signs) {
        const phrasings = SET[locale]!.warning.filter((warning) => warning.sign === sign.id);
        expect({ locale, sign: sign.id, phrasings: phrasings.length >= 2 }).toEqual({
          locale,
          sign: sign.id,
          phrasings: true,
        });
        for (const warning of phrasings) {
          expect(warning.tier).toBe(sign.tier);
          const { event } = matcherFor(locale).match(warning.text);
          expect({ locale, text: warning.text, event }).toEqual({
            locale,
            text: warning.text,
            event: { type: 'RED_FLAG', symptom: sign.id },
          });
        }
      }
    }
  });

  it('never hears a warning sign in the comfortable phrasings', () => {
    for (const locale of LOCALES) {
      for (const text of SET[locale]!.comfortable) {
        expect({
          locale,
          text,
          sign: scannerFor(locale).scan(text),
          event: matcherFor(locale).match(text).event.type,
        }).toEqual({ locale, text, sign: null, event: expect.not.stringMatching(/^RED_FLAG$/) });
      }
    }
  });

  it('hears negation before, inside and after a sign, and not across a clause', () => {
    const en = scannerFor('en-US');
    expect(en.scan('no tingling')).toBeNull();
    expect(en.scan('less numb now')).toBeNull();
    expect(en.scan('my calf is not swollen')).toBeNull();
    expect(en.scan('the tingling has gone')).toBeNull();
    expect(en.scan('no tingling, but my hand is numb')?.id).toBe('numbness');
    expect(en.scan('no swelling and now my fingers are tingling')?.id).toBe('tingling');
    expect(en.read('no tingling').denied).toBe(true);
    expect(en.scan('warm and relaxed')).toBeNull();
    expect(en.scan('it is hot')?.id).toBe('heat');
    expect(en.scan('I had a hot shower and now my calf is hot')?.id).toBe('calf-clot');
    // The most urgent sign answers a sentence that names several.
    expect(en.scan('I feel dizzy and my speech is slurred')?.tier).toBe('emergency');
    expect(en.scan('my calf is swollen and I am short of breath')?.id).toBe('breathlessness');
    const de = scannerFor('de-DE');
    expect(de.scan('es kribbelt nicht mehr')).toBeNull();
    expect(de.scan('ich bin in der Taubenhaltung')).toBeNull();
    expect(de.scan('mein Bein ist eingeschlafen')?.id).toBe('numbness');
  });

  it('keeps the red-flag samples narrow: no sample takes "it feels …" or "it\'s …"', () => {
    for (const locale of LOCALES) {
      const samples = interactionModel(locale).intents.find((intent) => intent.event === 'RED_FLAG')!.samples;
      expect(
        samples.filter((sample) => /^(it feels|it's|it is|es ist|es fühlt sich) \{symptom\}/.test(sample)),
      ).toEqual([]);
    }
    expect(matcherFor('en-US').match('it feels better').event.type).not.toBe('RED_FLAG');
    // A symptom slot that names no sign resolves to nothing.
    expect(matcherFor('en-US').resolve('SYMPTOM', 'better')).toBeUndefined();
    expect(matcherFor('en-US').resolve('SYMPTOM', 'no tingling')).toBeUndefined();
    expect(matcherFor('en-US').resolve('SYMPTOM', 'pins and needles')).toBe('tingling');
  });
});

describe('risky spots', () => {
  const guideLine = (routine: string, step: string) =>
    catalogue()
      .routines.get(routine)!
      .steps.find((candidate) => candidate.id === step)!.guide;

  it('are spoken in every step they name, in every locale', () => {
    for (const locale of LOCALES) {
      for (const spot of safety.spots) {
        const line = spoken(locale, `safety.spot.${spot.id}`);
        expect(line.length).toBeGreaterThan(20);
        for (const step of spot.steps) {
          const instruction = spoken(locale, `routine.${spot.routine}.step.${step}.instruction`);
          expect({ locale, spot: spot.id, step, says: instruction.includes(line) }).toEqual({
            locale,
            spot: spot.id,
            step,
            says: true,
          });
        }
      }
    }
  });

  it('quote the guide words they depart from, and the coach no longer says them', () => {
    const departures = safety.spots.filter((spot) => spot.departsFrom);
    expect(departures.map((spot) => spot.id)).toEqual(['calf-knee-crease']);
    for (const spot of departures) {
      for (const step of spot.steps) {
        expect(guideLine(spot.routine, step)).toContain(spot.departsFrom);
        const routine = `routine.${spot.routine}.step.${step}`;
        expect(spoken('en-US', `${routine}.instruction`) + spoken('en-US', `${routine}.switch`)).not.toMatch(
          /behind the knee/,
        );
        expect(spoken('de-DE', `${routine}.instruction`) + spoken('de-DE', `${routine}.switch`)).not.toMatch(
          /hinter das Knie/,
        );
        expect(spoken('en-US', `${routine}.switch`)).toContain("a hand's width below the knee crease");
      }
    }
  });
});

describe('the store listing', () => {
  const skill = JSON.parse(readFileSync(join(__dirname, '..', 'skill.json'), 'utf8'));
  const generated = JSON.parse(readFileSync(join(__dirname, '..', 'skill-package', 'skill.json'), 'utf8'));

  it('carries the certification disclaimer and the local emergency number in every locale', () => {
    const locales = skill.manifest.publishingInformation.locales as Record<string, { description: string }>;
    expect(Object.keys(locales).sort()).toEqual(Object.keys(ALEXA_LOCALES).sort());
    for (const [locale, { description }] of Object.entries(locales)) {
      const number = ALEXA_LOCALES[locale]!;
      if (locale.startsWith('en')) {
        expect(description).toContain('is not a substitute for professional medical advice, treatment or diagnosis');
        expect(description).toContain(
          `If you think you may have a medical emergency, please dial your local emergency response phone number (${number}).`,
        );
      } else {
        expect(description).toContain('ersetzt keine professionelle medizinische Beratung, Behandlung oder Diagnose');
        expect(description).toContain(`wähle die örtliche Notrufnummer (${number})`);
      }
      expect(description.length).toBeLessThanOrEqual(4000);
    }
    // skill-package/skill.json is what npm run models copies from skill.json.
    expect(generated).toEqual(skill);
  });
});

describe('a chat session that goes on after a warning sign (Dialogflow chat keeps the session)', () => {
  const T0 = Date.UTC(2026, 10, 25, 9);
  function chat(requestLocale = 'en-US') {
    let snapshot: PersistedCoach | null = null;
    let now = T0;
    return (event: object) => {
      now += 5000;
      const result = runTurn(snapshot, event, {
        now,
        locale: requestLocale,
        requestLocale,
        budgetSeconds: LIMITS.alexa.maxResponseSeconds,
      });
      snapshot = result.snapshot;
      return { ...result, text: renderText(planSpeech(result.output.acts, requestLocale)) };
    };
  }
  const holds = (acts: readonly { type: string }[]) => acts.filter((act) => act.type === 'hold').length;

  it('blocks every area after a fever said before choosing, and the routine under way after a stop sign in it', () => {
    const send = chat();
    expect(send({ type: 'RED_FLAG', symptom: 'fever' }).output.endSession).toBe(true);
    expect(send({ type: 'START_ROUTINE', routine: 'calves-hamstrings' }).text).toMatch(
      /We stopped calf and hamstring release today because of a warning sign/,
    );
    const other = chat();
    other({ type: 'START_ROUTINE', routine: 'glutes-piriformis' });
    other({ type: 'YES' });
    const stop = other({ type: 'RED_FLAG', symptom: 'nerve-pain' });
    expect(stop.output.effects).toEqual([
      {
        type: 'saveResume',
        point: { routine: 'glutes-piriformis', step: 0, unit: 0, savedAt: expect.any(Number), safetyStop: true },
      },
      { type: 'journal', entry: expect.objectContaining({ routine: 'glutes-piriformis', cutShort: 'red-flag' }) },
    ]);
    expect(JSON.stringify(stop.output.effects)).not.toMatch(/nerve/);
    expect(other({ type: 'START_ROUTINE', routine: 'glutes-piriformis' }).text).toMatch(/warning sign/);
    expect(other({ type: 'START_ROUTINE', routine: 'neck' }).text).toMatch(
      /For neck release: about \d+ minutes, with just your hands/,
    );
  });

  it('keeps the most urgent follow-up: after an emergency anything said repeats the number; a stop after it does not lower it', () => {
    const send = chat('en-GB');
    send({ type: 'START_ROUTINE', routine: 'neck' });
    send({ type: 'YES' });
    expect(send({ type: 'RED_FLAG', symptom: 'chest-pain' }).text).toBe(
      'Stop now and call 9-9-9. This needs urgent help, not massage.',
    );
    expect(send({ type: 'NEXT' }).text).toBe("Please call 9-9-9 now. I've ended the routine.");
    expect(send({ type: 'RED_FLAG', symptom: 'tingling' }).output.endSession).toBe(true);
    expect(send({ type: 'HELP' }).text).toBe("Please call 9-9-9 now. I've ended the routine.");
  });

  it('answers a caution mid-hold and carries on with the hold, storing nothing', () => {
    const send = chat();
    send({ type: 'START_ROUTINE', routine: 'calves-hamstrings' });
    send({ type: 'YES' });
    send({ type: 'NEXT' });
    const caution = send({ type: 'RED_FLAG', symptom: 'varicose-veins' });
    expect(caution.text).toMatch(/^Thanks for telling me\. Never roll or press over varicose veins/);
    expect(holds(caution.output.acts)).toBeGreaterThan(0);
    expect(caution.output.endSession).toBe(false);
    expect(caution.output.effects).toEqual([]);
    expect(caution.routine).toBe('calves-hamstrings');
  });

  it('treats a red flag with no known sign as the stop tier: the adapters only send one when a sign was heard', () => {
    const send = chat('de-DE');
    send({ type: 'START_ROUTINE', routine: 'neck' });
    const stop = send({ type: 'RED_FLAG' });
    expect(stop.text).toBe(spoken('de-DE', 'coach.redFlag.stop'));
    expect(stop.output.endSession).toBe(true);
  });
});
