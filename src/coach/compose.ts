import type { Catalogue } from '../content/load';
import type { Routine, Side, Step } from '../content/schema';
import { addRoutineStrings, supportedLocales, translator } from '../i18n';
import { COMPOSED_PLAN_PREFIX, compilePlan, type CompiledPlan } from '../plan/compile';
import { PLAN_FORMAT, type Plan, type PlanStep } from '../plan/schema';
import type { Act } from '../speech/acts';
import { planSpeech } from '../speech/plan';
import { isCautioned } from './caution-steps';
import { targetsOf, type JournalFacts, type LeftOutArea, type ScanAnswer, type Target } from './compose-targets';
import { knotMap, spotsOf, usualDosesSince, type KnotEntry, type KnownSpot } from './knots';
import { learnableRange, learnedDose, type LearnableRange, type LearnedDose } from './learned-dose';
import { plannedSeconds } from './length';

export type { JournalFacts, LeftOutArea, ScanAnswer } from './compose-targets';

/**
 * Today's session from the body scan: at most four of the guide's steps for the areas named (or,
 * with nothing named, the areas history points to), each area with its warm-up and finisher where
 * the guide has them, its known spots first, both sides the same time, holds learned from the
 * knot map inside the guide's ranges, and nothing a safety stop blocked or a caution rules out.
 * Its length is the coach's own plan of it (speech, set-up windows, holds), so it fits honestly.
 */
export interface ComposeRequest {
  answers: readonly ScanAnswer[];
  /** The time the person has; none said (or not a number): only the four-step limit. */
  seconds?: number;
  locale: string;
  knots?: readonly KnotEntry[];
  journal?: readonly JournalFacts[];
  /** Routines a safety stop blocked this session. */
  blocked?: readonly string[];
  /** Cautions heard this session (signs.json, tier caution): never stored, passed in by the session. */
  cautions?: readonly string[];
}

/** Adherence is best with two to four exercises (Bachmann 2017). */
export const MAX_STEPS = 4;

export interface ComposedStep {
  /** The step's id in the plan. */
  id: string;
  routine: string;
  step: string;
  /** The learned time: in the plan's dose for a hold; the roller's pause on the spot, for the coach to say. */
  learned: LearnedDose | null;
}

export type Composition =
  | {
      ok: true;
      plan: Plan;
      compiled: CompiledPlan;
      /** The real length: every unit as the coach plays it, and the sentences saying what was learned. */
      seconds: number;
      areas: string[];
      steps: ComposedStep[];
      /** What changed and why, one sentence a changed step. */
      acts: Act[];
      leftOut: LeftOutArea[];
    }
  | { ok: false; reason: 'nothing-named' | 'all-left-out' | 'too-short'; leftOut: LeftOutArea[]; shortest?: number };

interface Part {
  routine: Routine;
  step: Step;
  sides: Side[] | null;
  /** The hold's seconds for today, where a hold learns. */
  holdSeconds: number | null;
  learned: LearnedDose | null;
}

interface Context {
  catalogue: Catalogue;
  map: KnownSpot[];
  since: string | null;
  cautions: readonly string[];
  locale: string;
}

const FRAME = new Set(['warm-up', 'finisher']);

export function composeSession(catalogue: Catalogue, request: ComposeRequest): Composition {
  const map = knotMap(request.knots ?? []);
  const context: Context = {
    catalogue,
    map,
    since: usualDosesSince(request.knots ?? []),
    cautions: request.cautions ?? [],
    locale: request.locale,
  };
  const { targets, leftOut } = targetsOf(catalogue, request.answers, map, request.journal ?? []);
  const budget = typeof request.seconds === 'number' && !Number.isNaN(request.seconds) ? request.seconds : Infinity;
  const fitter = new Fitter(context, budget);
  // First every area named, with one main step, so the scan's areas are covered before any grows.
  for (const target of targets) {
    const block = (request.blocked ?? []).includes(target.routine.id) ? 'blocked' : blockOf(context, target);
    if (block === 'blocked' || block === null) leftOut.push({ area: target.area, why: block ?? 'cautioned' });
    else {
      const why = fitter.add(block);
      if (why) leftOut.push({ area: target.area, why });
    }
  }
  // Then, area by area, more of its main steps and the learned holds, while they fit.
  fitter.grow();
  if (!fitter.measured) {
    if (!targets.length) return { ok: false, reason: 'nothing-named', leftOut };
    if (fitter.shortest === undefined) return { ok: false, reason: 'all-left-out', leftOut };
    return { ok: false, reason: 'too-short', leftOut, shortest: Math.ceil(fitter.shortest) };
  }
  const parts = partsOf(context, fitter.chosen);
  return {
    ok: true,
    // The chosen plan under its own id: the drafts tried on the way shared one.
    ...measure(context, parts, 'final'),
    areas: fitter.chosen.map((choice) => choice.block.target.area),
    steps: parts.map((part) => ({
      id: stepIdOf(part),
      routine: part.routine.id,
      step: part.step.id,
      learned: part.learned,
    })),
    acts: learnedActs(parts),
    leftOut,
  };
}

/** Keeps the areas chosen so far, and the measure of the last selection that fit the steps and the time. */
class Fitter {
  readonly chosen: Choice[] = [];
  measured: Measured | null = null;
  /** The shortest the first area alone takes: what "too short" says. */
  shortest: number | undefined;

  constructor(
    private readonly context: Context,
    private readonly seconds: number,
  ) {}

  private fits(selection: Choice[]): boolean {
    const parts = partsOf(this.context, selection);
    if (parts.length > MAX_STEPS) return false;
    const measured = measure(this.context, parts);
    if (selection.length === 1) this.shortest = Math.min(this.shortest ?? Infinity, measured.seconds);
    if (measured.seconds > this.seconds) return false;
    this.measured = measured;
    return true;
  }

  /** The area with one main step, at its learned holds or else its shortest; or why it does not fit. */
  add(block: Block): 'too-many-steps' | 'no-time' | null {
    const choice = [false, true]
      .map((shortened) => ({ block, count: 1, shortened }))
      .find((candidate) => this.fits([...this.chosen, candidate]));
    if (choice) {
      this.chosen.push(choice);
      return null;
    }
    const steps = partsOf(this.context, [...this.chosen, { block, count: 1, shortened: true }]).length;
    return steps > MAX_STEPS ? 'too-many-steps' : 'no-time';
  }

  /** Each area in turn takes the most main steps, at learned holds before shortest, that still fit. */
  grow(): void {
    this.chosen.forEach((choice, index) => {
      for (let count = choice.block.mains.length; count >= choice.count; count -= 1)
        for (const shortened of [false, true]) {
          if (count === choice.count && (shortened || !choice.shortened)) continue;
          const candidate = { ...choice, count, shortened };
          if (this.fits(this.chosen.map((other, at) => (at === index ? candidate : other)))) {
            this.chosen[index] = candidate;
            return;
          }
        }
    });
  }
}

type Measured = ReturnType<typeof measure>;

/** An area's steps: the frame the guide gives it (warm-up, finisher) and its main steps, known spots first. */
interface Block {
  target: Target;
  frame: Step[];
  mains: Step[];
}

/** An area as chosen: how many main steps, and whether its holds are cut to the shortest the guide allows. */
interface Choice {
  block: Block;
  count: number;
  shortened: boolean;
}

function blockOf(context: Context, target: Target): Block | null {
  const { routine } = target;
  const allowed = routine.steps.filter((step) => !isCautioned(routine.id, step, context.cautions));
  const known = spotsOf(context.map, target.area).map((spot) => spot.spot.step);
  const rank = (step: Step) => (known.includes(step.id) ? known.indexOf(step.id) : known.length);
  const mains = allowed
    .filter((step) => !FRAME.has(step.id))
    .sort((a, b) => rank(a) - rank(b) || routine.steps.indexOf(a) - routine.steps.indexOf(b));
  return mains.length ? { target, frame: allowed.filter((step) => FRAME.has(step.id)), mains } : null;
}

/** The session's parts: each area's frame and chosen main steps, in the guide's order. */
function partsOf(context: Context, choices: readonly Choice[]): Part[] {
  return choices.flatMap(({ block, count, shortened }) => {
    const order = block.target.routine.steps;
    return [...block.frame, ...block.mains.slice(0, count)]
      .sort((a, b) => order.indexOf(a) - order.indexOf(b))
      .map((step) => partOf(context, block.target, step, shortened));
  });
}

function partOf(context: Context, target: Target, step: Step, shortest: boolean): Part {
  const { routine } = target;
  const spots = spotsOf(context.map, target.area).filter((known) => known.spot.step === step.id);
  const guideSides = step.dose.type === 'hold' ? step.dose.sides : undefined;
  // The side named in the scan goes first, else the side of the spot met last: "known spots first".
  const first = [...target.sides, ...spots.map((known) => known.spot.side)].find(
    (side): side is Side => side !== null && !!guideSides?.includes(side),
  );
  const sides = guideSides ? [...(first ? [first] : []), ...guideSides.filter((side) => side !== first)] : null;
  const range = learnableRange(context.catalogue, step);
  if (!range) return { routine, step, sides, holdSeconds: null, learned: null };
  const learned = stepDose(context, range, spots, step, target.area);
  if (range.kind === 'pause') return { routine, step, sides, holdSeconds: null, learned };
  const holdSeconds = shortest ? range.min : learned.seconds;
  // Cut to fit, the learned hold is not what is played: nothing is said about it.
  return { routine, step, sides, holdSeconds, learned: holdSeconds === learned.seconds ? learned : null };
}

/**
 * A step's learned time from its spots: each side learns from its own visits (those after "the
 * usual doses"), and as both sides get the same time, the side that needs the longest decides and
 * is the one named. A step with no known spot keeps the guide's dose.
 */
function stepDose(context: Context, range: LearnableRange, spots: readonly KnownSpot[], step: Step, area: string) {
  const doses = spots.map((known) =>
    learnedDose(
      range,
      known.visits.filter((visit) => context.since === null || visit.date > context.since),
      { area, side: known.spot.side },
      { noLonger: context.cautions.length > 0 },
    ),
  );
  // A side never met keeps the guide's time: the step shortens only where every side is known and quiet.
  const sides = step.dose.type === 'hold' ? (step.dose.sides?.length ?? 1) : 1;
  if (doses.length < sides) doses.push(learnedDose(range, [], { area, side: null }));
  return doses.reduce((most, dose) => (dose.seconds > most.seconds ? dose : most));
}

/** A composed step's id: its area and the guide's step ("neck-compression"), the same words every time. */
const stepIdOf = (part: Part) => `${part.routine.area}-${part.step.id}`;

/** The plan's dose for a step: the guide's, with today's hold and side order where they differ. */
function doseOf(part: Part): Step['dose'] | undefined {
  const dose = part.step.dose;
  if (dose.type !== 'hold') return undefined;
  const usual = typeof dose.seconds === 'number' ? dose.seconds : dose.seconds.default;
  const seconds = part.holdSeconds ?? usual;
  const reordered = part.sides !== null && dose.sides !== undefined && part.sides.join() !== dose.sides.join();
  if (seconds === usual && !reordered) return undefined;
  return {
    ...dose,
    seconds: typeof dose.seconds === 'number' ? seconds : { ...dose.seconds, default: seconds },
    ...(reordered ? { sides: part.sides! } : {}),
  };
}

/** The id every draft is measured under, so trying sessions adds no words for each one tried. */
const DRAFT_ID = `${COMPOSED_PLAN_PREFIX}draft`;

function planOf(context: Context, parts: readonly Part[], id: 'draft' | 'final'): Plan {
  const steps: PlanStep[] = parts.map((part) => {
    const dose = doseOf(part);
    return { id: stepIdOf(part), from: { routine: part.routine.id, step: part.step.id }, ...(dose ? { dose } : {}) };
  });
  const languages = supportedLocales();
  return {
    format: PLAN_FORMAT,
    // One id per distinct session: lengths cached by routine id never mix two compositions.
    id: id === 'draft' ? DRAFT_ID : `${COMPOSED_PLAN_PREFIX}${hashOf(JSON.stringify(steps))}`,
    author: { name: 'Massage Coach', role: 'composed from the body scan' },
    languages,
    title: Object.fromEntries(languages.map((locale) => [locale, translator(locale).t('coach.learn.title')])),
    daysPerWeek: 1,
    cautions: [...context.cautions],
    steps,
  };
}

/** The plan of these parts, compiled (its words added under routine.<id>), and its real length. */
function measure(context: Context, parts: readonly Part[], id: 'draft' | 'final' = 'draft') {
  const plan = planOf(context, parts, id);
  const compiled = compilePlan(plan, context.catalogue);
  for (const locale of plan.languages) addRoutineStrings(locale, plan.id, compiled.strings[locale]!);
  const said = learnedActs(parts);
  const seconds =
    plannedSeconds(compiled.routine, context.locale) + (said.length ? planSpeech(said, context.locale).seconds : 0);
  return { plan, compiled, seconds };
}

const learnedActs = (parts: readonly Part[]): Act[] =>
  parts.flatMap((part) => (part.learned?.act ? [part.learned.act] : []));

/** A short, stable name for a text (FNV-1a, base 36). */
export function hashOf(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}
