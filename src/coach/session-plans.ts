import { catalogue } from '../content/load';
import type { Routine } from '../content/schema';
import { addRoutineStrings } from '../i18n';
import { compilePlan } from '../plan/compile';
import type { Plan } from '../plan/schema';
import { checkPlan } from '../plan/validate';
import { supportedLocales } from '../i18n';
import { MAX_CARRIED_PLAN_BYTES } from '../speech/limits';
import { hashOf } from './compose';
import type { CoachEvent } from './events';
import type { Profile } from './profile';
import type { SessionContext } from './session-context';

/**
 * Plans the coach runs: a guide routine (by id), or a plan file compiled (an authored plan, a
 * physiotherapist's linked plan, a composed session), carried inline. One coach machine is built
 * per plan (turn.ts); see docs/machine.md.
 */
export type PlanRef = { routine: string } | { plan: Plan };

/** The key a plan's machine is cached under: the routine's id, or the plan file's content hash. */
export const planKey = (ref: PlanRef): string =>
  'routine' in ref ? ref.routine : `plan:${ref.plan.id}:${hashOf(JSON.stringify(ref.plan))}`;

interface Compiled {
  plan: Plan;
  routine: Routine;
}
/** Plans compiled in this process, by their routine's id (its words are registered under routine.<id>). */
const compiledById = new Map<string, Compiled>();
const MAX_COMPILED = 64;

const sameRoutine = (a: Routine, b: Routine) => JSON.stringify(a.steps) === JSON.stringify(b.steps) && a.id === b.id;

/**
 * A plan made runnable: compiled, its words added per locale (as compile.ts makes them). A plan
 * named like a guide routine must be that routine (content/plans/*.json are the guide's own).
 */
export function compiledPlan(plan: Plan): Routine {
  const known = compiledById.get(plan.id);
  if (known && JSON.stringify(known.plan) === JSON.stringify(plan)) return known.routine;
  const { routine, strings } = compilePlan(plan, catalogue());
  const guide = catalogue().routines.get(plan.id);
  if (guide) {
    if (!sameRoutine(guide, routine)) throw new Error(`plan ${plan.id}: a guide routine's id names another plan`);
  } else for (const locale of plan.languages) addRoutineStrings(locale, plan.id, strings[locale]!);
  compiledById.delete(plan.id);
  compiledById.set(plan.id, { plan, routine });
  while (compiledById.size > MAX_COMPILED) compiledById.delete(compiledById.keys().next().value!);
  return routine;
}

/** Any routine the coach may name: the guide's, or a plan compiled in this process. */
export const knownRoutine = (id: string | null | undefined): Routine | undefined =>
  id ? (catalogue().routines.get(id) ?? compiledById.get(id)?.routine) : undefined;

/** The routine a plan runs as. */
export const routineOfRef = (ref: PlanRef): Routine | undefined =>
  'routine' in ref ? catalogue().routines.get(ref.routine) : compiledPlan(ref.plan);

/** How the snapshot records a chosen routine: by id when the guide has it, else its plan inline. */
export function refOf(id: string | null | undefined): PlanRef | null {
  if (!id) return null;
  if (catalogue().routines.has(id)) return { routine: id };
  const compiled = compiledById.get(id);
  return compiled ? { plan: compiled.plan } : null;
}

/** A plan read back from a snapshot: checked (cached by content once checked), and small enough to carry. */
export function readRef(raw: unknown): PlanRef | null {
  if (!raw || typeof raw !== 'object') return null;
  if ('routine' in raw && typeof raw.routine === 'string')
    return catalogue().routines.has(raw.routine) ? { routine: raw.routine } : null;
  if (!('plan' in raw) || JSON.stringify(raw.plan).length > MAX_CARRIED_PLAN_BYTES) return null;
  // Checked as a plan file is (safe doses, risky spots): a snapshot is whatever the client sent.
  const checked = checkPlan(raw.plan, catalogue(), supportedLocales());
  return checked.ok ? { plan: checked.plan } : null;
}

/**
 * The plan an event starts, if it names one: a routine asked for, the linked plan. Session code
 * that starts a plan another way in the same turn (yes to the scan's composed session, kept in
 * the context) adds its line here, so the turn steps the machine of that plan (docs/machine.md,
 * "Starting a plan").
 */
export function planStartedBy(event: CoachEvent, profile: Profile, _context: Partial<SessionContext>): PlanRef | null {
  if (event.type === 'START_ROUTINE' && event.routine && catalogue().routines.has(event.routine))
    return { routine: event.routine };
  if (event.type === 'START_PLAN' && profile.plan) return { plan: profile.plan };
  return null;
}
