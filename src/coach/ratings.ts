import { say, type Act } from '../speech/acts';

/**
 * Ratings on one named scale, before and after: how tense the area is, zero relaxed, ten very
 * tense. The same words ask both, so "eight" always means tense, never "feeling good".
 */

/** The change a person notices: at least 2 points and at least 30% of where it started (Farrar; Salaffi). */
export const MEANINGFUL_POINTS = 2;
export const MEANINGFUL_SHARE = 0.3;

export type RatingChange = 'down' | 'downSmall' | 'same' | 'upSmall' | 'up';

/** How the after-rating compares with the before-rating, on the 2-point-and-30% rule. */
export function ratingChange(before: number, after: number): RatingChange {
  const difference = after - before;
  if (difference === 0) return 'same';
  // From zero, any rise of 2 points or more is a real one: the share is taken of at least 1.
  const meaningful =
    Math.abs(difference) >= MEANINGFUL_POINTS && Math.abs(difference) / Math.max(before, 1) >= MEANINGFUL_SHARE;
  if (difference < 0) return meaningful ? 'down' : 'downSmall';
  return meaningful ? 'up' : 'upSmall';
}

/** A number the user gave as a rating, whole and on the scale; null when it is not one. */
export function ratingValue(value: number | undefined): number | null {
  if (value === undefined || !Number.isFinite(value) || value < 0 || value > 10) return null;
  return Math.round(value);
}

/**
 * What a rating means where it was given: the first, before any step, is "before"; later ones are
 * "during". Inside a routine a high number is about the pressure right now: ease off.
 */
export function recordRating(
  ratings: { ratingBefore: number | null; ratingsDuring: number[] },
  value: number | undefined,
  where: { inRoutine: boolean; stepsCompleted: number },
): { assign: { ratingBefore?: number; ratingsDuring?: number[] }; acts: Act[] } | null {
  const rounded = ratingValue(value);
  if (rounded === null) return null;
  const easeOff = where.inRoutine && rounded > 7 ? [say('coach.rating.high')] : [];
  if (ratings.ratingBefore === null && (!where.inRoutine || where.stepsCompleted === 0)) {
    return { assign: { ratingBefore: rounded }, acts: [say('coach.rating.before', { value: rounded }), ...easeOff] };
  }
  return {
    assign: { ratingsDuring: [...ratings.ratingsDuring, rounded] },
    acts: [say('coach.rating.during', { value: rounded }), ...easeOff],
  };
}

/**
 * The wrap-up's comparison, said plainly: a real change (2 points and 30%) is named as one, a
 * smaller one as not yet clear. Without a before-rating: how to get a comparison next time.
 */
export function comparisonActs(before: number | null, after: number): Act[] {
  if (before === null) return [say('coach.wrapUp.noted'), say('coach.wrapUp.compareNext', { after })];
  return [say(`coach.wrapUp.${ratingChange(before, after)}`, { before, after })];
}
