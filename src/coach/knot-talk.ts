import type { Side } from '../content/schema';
import { say, type Act, type Param } from '../speech/acts';
import { spotsOf, trendOf, type KnownSpot } from './knots';

/** How a spot is named aloud: "right neck" ("rechts im Nacken"); never the person's own words. */
export function spotParam(spot: { area: string; side: Side | null }): Param {
  return {
    t: spot.side ? 'coach.learn.spot.sided' : 'coach.learn.spot.centre',
    params: {
      area: { t: `coach.learn.area.${spot.area}` },
      ...(spot.side ? { side: { t: `coach.learn.side.${spot.side}` } } : {}),
    },
  };
}

/** The spots a report names at most: one sentence each, short enough for a voice. */
const MOST_SPOTS = 2;

/**
 * "How is my neck knot doing": from the map, one sentence a spot (the latest met first), the
 * change called real only at 2 points and 30% over three sessions or more; nothing known, it
 * says how to mark one.
 */
export function knotReportActs(map: readonly KnownSpot[], area: string, side: Side | null = null): Act[] {
  const spots = spotsOf(map, area).filter((known) => side === null || known.spot.side === side);
  if (!spots.length) return [say('coach.knots.none', { area: { t: `coach.learn.area.${area}` } })];
  return spots.slice(0, MOST_SPOTS).map((known) => {
    const trend = trendOf(known);
    const spot = spotParam(known.spot);
    if (trend.kind === 'too-few') return say('coach.knots.tooFew', { spot, count: trend.sessions });
    return say(`coach.knots.${trend.kind}`, {
      spot,
      from: Math.round(trend.from),
      to: Math.round(trend.to),
      count: trend.sessions,
    });
  });
}
