import { catalogue } from '../content/load';
import type { Plan } from '../plan/schema';
import { say, type Act } from '../speech/acts';
import { composeSession } from './compose';
import { compositionActs } from './compose-talk';
import type { CoachEvent, TurnEnv } from './events';
import { knotReportActs } from './knot-talk';
import { knownFirstAct, markDraft, tensionDrafts, usualDosesDraft } from './knot-dialogue';
import { isGuideSpot, knotMap, type Spot } from './knots';
import { usualDosesAct } from './learned-dose';
import { usualRoutine, usualActs, type Usual } from './my-usual';
import type { Effect, View } from './output';
import type { Profile } from './profile';
import { answerScan, oneShotScan, SCAN_AREAS, scanSeconds, startScan, type ScanProgress, type ScanReply } from './scan';

/**
 * The coach learning the person, as the session speaks it: the scan that composes today's
 * session, "that's the spot", "how is my neck knot doing", "the usual doses" and "my usual".
 * Each is a pure reply over the few facts it needs; the chart names them (docs/learning.md).
 */

/**
 * A spot worked this session (marked now, or known and in today's composed steps), and the hold
 * it had: its tension goes in at the session's ratings, so a quiet known spot is seen as quiet.
 */
export interface MarkedSpot {
  spot: Spot;
  holdSeconds: number | null;
}

/** What the session keeps for this: small, JSON, in the snapshot. */
export interface LearnFacts {
  /** The scan under way, if one is. */
  scan?: ScanProgress | null;
  /** Today's composed session, waiting for "Shall we?". */
  composed?: Plan | null;
  /** The next turn composes: the runner reads the stored facts for it (profile.ts, FACTS_NEXT). */
  factsNext?: boolean;
  /** Spots worked this session: marked, or known spots of today's composed steps. */
  marked?: MarkedSpot[];
}

export interface LearnContext extends LearnFacts {
  env: TurnEnv;
  blocked: readonly string[];
  cautions?: readonly string[];
}

/** Where the scan's reply leaves the session: asking on, asking "Shall we?", or back at the menu. */
export interface ScanStep {
  assign: LearnFacts;
  acts: Act[];
  next: 'scan' | 'confirm' | 'choose';
}

/** The scan's last answer composes: the turn before it asks the runner for the stored facts. */
const composesNext = (progress: ScanProgress) => progress.at >= SCAN_AREAS.length - 1;

/** SCAN ("I'm not sure") or COMPOSE (the one-shot form, or just the minutes) at the menu. */
export function beginScan(context: LearnContext, event: CoachEvent, profile: Profile): ScanStep {
  const minutes = 'minutes' in event && typeof event.minutes === 'number' ? event.minutes : null;
  const areas = event.type === 'COMPOSE' ? (event.areas ?? []) : [];
  const reply = areas.length ? oneShotScan(areas, minutes) : startScan(minutes);
  return stepOf(context, reply, profile);
}

/** One answer of the scan (an area, or the time). */
export function continueScan(context: LearnContext, event: CoachEvent, profile: Profile): ScanStep {
  return stepOf(context, answerScan(context.scan ?? startScan().progress, event), profile);
}

function stepOf(context: LearnContext, reply: ScanReply, profile: Profile): ScanStep {
  if (!reply.done)
    return {
      assign: { scan: reply.progress, factsNext: composesNext(reply.progress) },
      acts: reply.acts,
      next: 'scan',
    };
  const composed = composeToday(context, reply.progress, profile);
  return { ...composed, acts: [...reply.acts, ...composed.acts] };
}

/**
 * The session composed from the scan: its real length and steps, what it learned and why, the
 * known spot first, then "Shall we?". Nothing to compose: why, and the menu's question.
 */
export function composeToday(context: LearnContext, progress: ScanProgress, profile: Profile): ScanStep {
  const result = composeSession(catalogue(), {
    answers: progress.answers,
    ...(scanSeconds(progress) !== undefined ? { seconds: scanSeconds(progress)! } : {}),
    locale: context.env.locale,
    knots: profile.knots ?? [],
    journal: profile.recent ?? [],
    blocked: context.blocked,
    cautions: context.cautions ?? [],
  });
  const done = { scan: null, factsNext: false };
  if (!result.ok)
    return {
      assign: { ...done, composed: null },
      acts: [...compositionActs(result), say('coach.welcome.ask')],
      next: 'choose',
    };
  const steps = result.steps.map(({ routine, step, learned }) => ({
    area: catalogue().routines.get(routine)!.area,
    step,
    holdSeconds: learned?.kind === 'hold' ? learned.seconds : null,
  }));
  const map = knotMap(profile.knots ?? []);
  const first = knownFirstAct(map, steps, context.env.now);
  const known = steps.flatMap(({ area, step, holdSeconds }) =>
    map.filter(({ spot }) => spot.area === area && spot.step === step).map(({ spot }) => ({ spot, holdSeconds })),
  );
  return {
    assign: { ...done, composed: result.plan, marked: known },
    acts: [...compositionActs(result), ...(first ? [first] : []), say('coach.scan.shallWe')],
    next: 'confirm',
  };
}

/**
 * The guide spot a position works: the area and step of a guide routine, or of a composed step
 * (`<area>-<step>`), and the side under way. Null where it is no spot of the guide (a physio's own step).
 */
export function spotAt(view: View | null): Spot | null {
  if (!view) return null;
  const guide = catalogue().routines.get(view.routine);
  const [area, ...rest] = view.stepId.split('-');
  const spot = guide
    ? { area: guide.area, side: view.side, step: view.stepId }
    : { area: area ?? '', side: view.side, step: rest.join('-') };
  return isGuideSpot(catalogue(), spot) ? spot : null;
}

/** "That's the spot" during a hold: kept (area, side, step; never words), answered in a few words. */
export function markSpot(
  context: LearnContext,
  view: View | null,
): { assign: LearnFacts; acts: Act[]; effects: Effect[] } {
  const spot = view?.holdSeconds ? spotAt(view) : null;
  if (!spot) return { assign: {}, acts: [say('coach.knotMap.markLater')], effects: [] };
  const marked = [...(context.marked ?? []).filter((known) => JSON.stringify(known.spot) !== JSON.stringify(spot))];
  return {
    assign: { marked: [...marked, { spot, holdSeconds: view!.holdSeconds }] },
    acts: [say('coach.knotMap.marked')],
    effects: [{ type: 'knot', entry: markDraft(spot, context.env.now) }],
  };
}

/** At the session's ratings: the tension of every spot worked in it. */
export const markedTensions = (context: LearnContext, before: number | null, after: number | null): Effect[] =>
  tensionDrafts(context.marked ?? [], { before, after }, context.env.now).map((entry) => ({ type: 'knot', entry }));

/** "How is my neck knot doing": from the map; no area said, the area under way, else which one. */
export function knotStatus(event: CoachEvent, profile: Profile, areaNow: string | null): Act[] {
  const asked = event.type === 'KNOT_STATUS' ? event.area : undefined;
  const area = asked && (SCAN_AREAS as readonly string[]).includes(asked) ? asked : areaNow;
  if (!area) return [say('coach.knotMap.askArea')];
  return knotReportActs(knotMap(profile.knots ?? []), area);
}

/** "The usual doses": every learned hold back to the guide's, said and kept. */
export const usualDoses = (context: LearnContext): { acts: Act[]; effects: Effect[] } => ({
  acts: [usualDosesAct()],
  effects: [{ type: 'knot', entry: usualDosesDraft(context.env.now) }],
});

/** "My usual": the routine, and what to say first; none known: how to find one. */
export function myUsual(context: LearnContext, profile: Profile): { usual: Usual | null; acts: Act[] } {
  const usual = usualRoutine(catalogue(), profile.recent ?? [], context.env.now);
  const blocked = usual && context.blocked.includes(usual.routine);
  return blocked ? { usual: null, acts: usualActs(null) } : { usual, acts: usualActs(usual) };
}
