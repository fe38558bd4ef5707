import { runTurn, type PersistedCoach } from '../src/coach/turn';
import { catalogue } from '../src/content/load';
import type { Act } from '../src/speech/acts';
import { LIMITS } from '../src/speech/limits';
import { planSpeech } from '../src/speech/plan';
import { renderText } from '../src/speech/render';

/**
 * Issue 25: a first-time user hears at most 90 words before the first timed activity (a hold, a
 * count or a guided pause), and every safety sentence still: the disclaimer and the doctor check
 * before anything starts, the stop words before the first pressure hold.
 */
const MAX_WORDS = 90;
const T0 = Date.UTC(2026, 10, 25, 9);
const timed = (act: Act) =>
  act.type === 'hold' || act.type === 'count' || (act.type === 'pause' && act.unit !== undefined);
const wordsIn = (acts: readonly Act[], locale: string) =>
  renderText(planSpeech(acts, locale))
    .split(/\s+/)
    .filter((word) => /[\p{L}\p{N}]/u.test(word)).length;

/** A new user's turns, each with what the coach said (acts), until the routine has played `turns` responses. */
function firstSession(locale: string, events: object[]) {
  let snapshot: PersistedCoach | null = null;
  let now = T0;
  return events.map((event) => {
    const result = runTurn(snapshot, event, { now, locale, budgetSeconds: LIMITS.alexa.maxResponseSeconds });
    snapshot = result.snapshot;
    now += planSpeech(result.output.acts, locale).seconds * 1000 + 2000;
    return result.output.acts;
  });
}

/** Words said before the first timed act, over the turns in order. */
function wordsBeforeTimed(turns: Act[][], locale: string) {
  let words = 0;
  for (const acts of turns) {
    const first = acts.findIndex(timed);
    words += wordsIn(first < 0 ? acts : acts.slice(0, first), locale);
    if (first >= 0) return words;
  }
  throw new Error('no timed activity');
}

const keys = (acts: readonly Act[]) => acts.flatMap((act) => (act.type === 'say' ? [act.key] : []));

describe.each(['en-US', 'de-DE'])('a first session, %s', (locale) => {
  const routines = [...catalogue().routines.keys()];
  const paths = {
    'from the menu': (id: string) => [{ type: 'LAUNCH' }, { type: 'START_ROUTINE', routine: id }, { type: 'YES' }],
    'started in one go': (id: string) => [{ type: 'START_ROUTINE', routine: id }, { type: 'YES' }],
  };
  describe.each(Object.keys(paths) as Array<keyof typeof paths>)('%s', (path) => {
    it.each(routines)(`%s: at most ${MAX_WORDS} words before the first timed activity`, (id) => {
      const turns = firstSession(locale, paths[path](id));
      const words = wordsBeforeTimed(turns, locale);
      expect(words).toBeLessThanOrEqual(MAX_WORDS);
      // The disclaimer and the doctor check come before it.
      expect(keys(turns.flat()).indexOf('coach.welcome.first')).toBeGreaterThanOrEqual(0);
    });

    it.each(routines)('%s: the stop words come before the first pressure hold, once', (id) => {
      const next = Array.from({ length: 6 }, () => ({ type: 'NEXT' }));
      const turns = firstSession(locale, [...paths[path](id), ...next]);
      const acts = turns.flat();
      const firstPressure = acts.findIndex(
        (act) => act.type === 'hold' && keys(acts.slice(0, acts.indexOf(act))).includes('coach.routine.gentle'),
      );
      expect(firstPressure).toBeGreaterThan(0);
      const said = keys(acts.slice(0, firstPressure));
      expect(said.filter((key) => key === 'coach.welcome.stopWords')).toHaveLength(1);
      expect(keys(acts).filter((key) => key === 'coach.welcome.stopWords')).toHaveLength(1);
    });
  });

  it('a returning user hears neither again', () => {
    const turns = firstSession(locale, [{ type: 'LAUNCH' }]);
    expect(keys(turns[0]!)).toContain('coach.welcome.first');
    const back = runTurn(
      null,
      { type: 'LAUNCH' },
      {
        now: T0,
        locale,
        budgetSeconds: 60,
        profile: { firstSession: false, resume: null, progress: null, persistentPain: null },
      },
    );
    expect(keys(back.output.acts)).not.toContain('coach.welcome.first');
    expect(keys(back.output.acts)).not.toContain('coach.welcome.stopWords');
  });
});
