import fc from 'fast-check';
import { matcherFor } from '../src/nlu/matcher';
import { lexiconPhrases } from '../src/nlu/lexicon';
import { runTurn } from '../src/coach/turn';
import { coachIn, HELDOUT_STATES, type HeldoutLine } from './helpers/heldout';

/**
 * Reports of how the body feels, by meaning (issue 18): pain by degree, comfort, past signs that
 * are over, and the rule that a report is never a command. Sentences here are composed for the
 * test, never taken from a held-out set.
 */
const NOW = Date.UTC(2026, 11, 5, 9, 0, 0);
const context = (locale: string) => ({ now: NOW, locale, budgetSeconds: 90 });
const keysOf = (acts: readonly unknown[]) =>
  acts.flatMap((act) => (act && typeof act === 'object' && 'key' in act ? [String(act.key)] : []));

/** The coach mid-hold, a sentence said, what the user notices. */
function saidInHold(text: string, locale: string, routine = 'calves-hamstrings') {
  const line: HeldoutLine = { text, state: 'hold', routine, class: 'comfort' };
  const before = coachIn(line, locale);
  const event = matcherFor(locale).match(text).event;
  const after = runTurn(before.snapshot, event, context(locale));
  return { event, before, after, keys: keysOf(after.output.acts) };
}

describe('pain by degree', () => {
  it.each([
    ['en-US', 'argh, this is seriously painful'],
    ['en-US', 'I cannot bear this any more'],
    ['en-US', 'owww'],
    ['de-DE', 'mann, das ist echt schmerzhaft'],
    ['de-DE', 'auaua'],
    ['de-DE', 'das ist viel zu fest'],
  ])('%s "%s" eases off, and the hold goes on', (locale, text) => {
    const { event, before, after, keys } = saidInHold(text, locale);
    expect(event).toEqual({ type: 'PAIN' });
    expect(keys.some((key) => key.startsWith('coach.pain.'))).toBe(true);
    expect({ state: after.state, step: after.view?.stepIndex }).toEqual({
      state: before.state,
      step: before.view?.stepIndex,
    });
  });

  it.each([
    ['en-US', 'slightly achy but fine', 'mild'],
    ['en-US', 'it stings a little, the good kind', 'mild'],
    ['en-US', 'my hamstring feels much looser', 'good'],
    ['de-DE', 'zieht leicht, aber passt', 'mild'],
    ['de-DE', 'die Wade ist schon viel lockerer', 'good'],
  ])('%s "%s" is a %s report: encouraged, nothing else changes', (locale, text, feeling) => {
    const { event, before, after, keys } = saidInHold(text, locale);
    expect(event).toEqual({ type: 'REPORT', feeling });
    expect(keys).toContain(`coach.report.${feeling}`);
    expect({
      state: after.state,
      routine: after.routine,
      step: after.view?.stepIndex,
      end: after.output.endSession,
    }).toEqual({
      state: before.state,
      routine: before.routine,
      step: before.view?.stepIndex,
      end: false,
    });
  });

  it('says "so much better" is comfort, not pain raised by "so much"', () => {
    expect(matcherFor('en-US').match('my back feels so much better').event).toEqual({
      type: 'REPORT',
      feeling: 'good',
    });
  });
});

describe('signs of the past', () => {
  it.each([
    ['en-US', 'the swelling I had last week has gone down and gone'],
    ['en-US', 'I had numbness yesterday, it is gone now'],
    ['en-US', 'I used to get tingling in my hand, but not any more'],
    ['de-DE', 'die Schwellung von letzter Woche ist verschwunden'],
  ])('%s "%s" is no alarm', (locale, text) => {
    expect(matcherFor(locale).match(text).event.type).not.toBe('RED_FLAG');
  });

  it.each([
    ['en-US', 'the numbness from yesterday went away, but now my fingers are tingling', 'tingling'],
    ['en-US', 'the tingling has not gone since yesterday', 'tingling'],
    ['de-DE', 'das Taubheitsgefühl von gestern ist weg, aber jetzt kribbeln meine Finger', 'tingling'],
  ])('%s "%s" still alarms: a sign now, or one that has not ended', (locale, text, symptom) => {
    expect(matcherFor(locale).match(text).event).toEqual({ type: 'RED_FLAG', symptom });
  });
});

describe('a report is never a command (property, composed from the lexicon)', () => {
  const bare = (phrase: string) => phrase.replace(/\*$/, '').replace(/ \* /g, ' ');
  const FRAMES: Record<string, Array<(part: string, feeling: string) => string>> = {
    'en-US': [
      (part, feeling) => `my ${part} feels ${feeling}`,
      (part, feeling) => `the ${part} is ${feeling} now`,
      (part, feeling) => `my left ${part} is a bit ${feeling}`,
      (part, feeling) => `yeah my ${part} feels ${feeling}, thanks`,
    ],
    'de-DE': [
      (part, feeling) => `mein ${part} fühlt sich ${feeling} an`,
      (part, feeling) => `die ${part} ist jetzt ${feeling}`,
      (part, feeling) => `ja, rechts ist der ${part} etwas ${feeling}`,
    ],
  };
  const ROUTINES = ['neck', 'shoulders-chest', 'mid-lower-back', 'glutes-piriformis', 'calves-hamstrings'];

  it.each(['en-US', 'de-DE'])(
    '%s: body part x sensation x frame never starts or restarts a routine, in any state',
    (locale) => {
      const lexicon = lexiconPhrases(locale);
      const parts = Object.values(lexicon.bodyParts).flat().map(bare);
      const feelings = [...lexicon.comfort, ...lexicon.pain.words.filter((word) => !word.includes('*'))].map(bare);
      fc.assert(
        fc.property(
          fc.constantFrom(...parts),
          fc.constantFrom(...feelings),
          fc.constantFrom(...FRAMES[locale]!),
          fc.constantFrom(...HELDOUT_STATES),
          fc.constantFrom(...ROUTINES),
          (part, feeling, frame, state, routine) => {
            const text = frame(part, feeling);
            const event = matcherFor(locale).match(text).event;
            const before = coachIn({ text, state, routine, class: 'comfort' }, locale);
            const after = runTurn(before.snapshot, event, context(locale));
            const keys = keysOf(after.output.acts);
            expect({ text, state, type: event.type }).not.toEqual({ text, state, type: 'START_ROUTINE' });
            expect({ text, state, type: event.type }).not.toEqual({ text, state, type: 'START_OVER' });
            expect({
              text,
              state,
              started: after.routine != null && after.routine !== before.routine,
              restarted: keys.includes('coach.routine.startOver'),
            }).toEqual({
              text,
              state,
              started: false,
              restarted: false,
            });
          },
        ),
        { numRuns: 150 },
      );
    },
  );
});
