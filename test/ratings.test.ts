import { comparisonActs, ratingChange, recordRating } from '../src/coach/ratings';
import { translator } from '../src/i18n';

/**
 * Issue 25: before and after are asked on one named scale (how tense, zero relaxed, ten very
 * tense), and the wrap-up says plainly whether the change is one that matters: at least 2 points
 * and at least 30% of where it started.
 */
describe('the change that matters: 2 points and 30%', () => {
  it.each([
    [7, 3, 'down'],
    [6, 4, 'down'],
    [8, 6, 'downSmall'], // 2 points but 25%
    [5, 4, 'downSmall'],
    [4, 4, 'same'],
    [4, 5, 'upSmall'],
    [3, 6, 'up'],
    [0, 2, 'up'],
    [0, 1, 'upSmall'],
    [10, 8, 'downSmall'],
  ] as const)('%i then %i is %s', (before, after, change) => {
    expect(ratingChange(before, after)).toBe(change);
  });
});

describe.each(['en-US', 'de-DE'])('the wrap-up says it in words (%s)', (locale) => {
  const tr = translator(locale);
  const spoken = (before: number | null, after: number) =>
    comparisonActs(before, after)
      .map((act) => (act.type === 'say' ? tr.t(act.key as string, act.params as never) : ''))
      .join(' ');
  it('names both numbers, and more than "thanks, noted" without a before-rating', () => {
    expect(spoken(7, 3)).toMatch(/7.*3/);
    const key = (before: number, after: number) => (comparisonActs(before, after)[0] as { key: string }).key;
    expect(key(7, 3)).not.toBe(key(8, 6));
    expect(spoken(null, 3)).not.toBe(tr.t('coach.wrapUp.noted'));
    expect(spoken(null, 3).length).toBeGreaterThan(tr.t('coach.wrapUp.noted').length + 20);
  });
  it('asks both ratings on the same named scale, the short one in five words or fewer', () => {
    const scale = locale === 'en-US' ? /zero relaxed, ten very tense/ : /null locker, zehn sehr verspannt/;
    expect(tr.t('coach.equipment.ask', { routine: 'x', equipment: 'y' })).toMatch(scale);
    expect(tr.t('coach.wrapUp.ask', { routine: 'x' })).toMatch(scale);
    const tense = locale === 'en-US' ? /tense/ : /verspannt/;
    expect(tr.t('coach.rating.askBack')).toMatch(tense);
    expect(tr.t('coach.rating.askBack').split(/\s+/).length).toBeLessThanOrEqual(5);
    // The equipment check of a returning user asks it in the same five words.
    expect(tr.t('coach.equipment.askBack', { routine: 'x', equipment: 'y' })).toContain(tr.t('coach.rating.askBack'));
  });
});

describe('a rating is "before" until the first step is done, then "during"', () => {
  it('keeps the first as before, later ones as during, and a high one in a routine eases off', () => {
    const first = recordRating({ ratingBefore: null, ratingsDuring: [] }, 6, { inRoutine: false, stepsCompleted: 0 });
    expect(first?.assign).toEqual({ ratingBefore: 6 });
    const later = recordRating({ ratingBefore: 6, ratingsDuring: [] }, 8.4, { inRoutine: true, stepsCompleted: 2 });
    expect(later?.assign).toEqual({ ratingsDuring: [8] });
    expect(later?.acts.map((act) => (act.type === 'say' ? act.key : ''))).toContain('coach.rating.high');
    expect(recordRating({ ratingBefore: null, ratingsDuring: [] }, 11, { inRoutine: false, stepsCompleted: 0 })).toBe(
      null,
    );
  });
});
