import type { Catalogue } from '../content/load';
import { say, type Act } from '../speech/acts';
import { cautionPlan, cautionPlanActs, spokenRoutine } from './cautions';
import type { TurnEnv } from './events';
import { plannedMinutes } from './length';
import { envOf } from './machine-kit';
import type { CutShort, Effect, JournalDraft } from './output';
import type { Profile } from './profile';
import { progressActs } from './progress';
import { recordRating } from './ratings';
import { profileOf, type SessionContext, type SessionEvent, type Speech } from './session-context';
import { knownRoutine } from './session-plans';
import { routineName } from './units';

/**
 * What the session's actions work out from the catalogue and the context: the journal entry, a
 * rating, the equipment check, the routine's honest length, the cautions' plan, the welcome's facts.
 */
export function sessionKit(catalogue: Catalogue) {
  /** The guide's routines, and the plans compiled in this process (a linked or composed plan). */
  const routineOf = (id: string | null) => knownRoutine(id);

  /**
   * The journal keeps the guide's routines: a composed or linked plan is journaled under the guide
   * routine of the area it mostly works (its progress, "my usual" and history read it).
   */
  const journaledAs = (id: string | null): string => {
    if (!id || catalogue.routines.has(id)) return id ?? 'unknown';
    const area = routineOf(id)?.area;
    return [...catalogue.routines.values()].find((guide) => guide.area === area)?.id ?? id;
  };

  const journalEntry = (
    context: SessionContext,
    completed: boolean,
    cutShort: CutShort | null,
    extra: Partial<JournalDraft> = {},
  ): Effect => {
    const totalSteps = routineOf(context.routine)?.steps.length ?? 0;
    return {
      type: 'journal',
      entry: {
        date: new Date(context.env.now).toISOString(),
        routine: journaledAs(context.routine),
        stepsCompleted: completed ? totalSteps : context.stepsCompleted,
        totalSteps,
        completed,
        cutShort,
        ...(context.ratingBefore !== null ? { ratingBefore: context.ratingBefore } : {}),
        ...(context.ratingAfter !== null ? { ratingAfter: context.ratingAfter } : {}),
        ratingsDuring: context.ratingsDuring,
        ...(context.resumed ? { resumed: true } : {}),
        ...extra,
      },
    };
  };

  /** A rating from 0 to 10, recorded where it was given (see ratings.ts). */
  const rateFrom = (context: SessionContext, event: SessionEvent, inRoutine: boolean) =>
    recordRating(context, event.type === 'RATE' ? event.value : undefined, {
      inRoutine,
      stepsCompleted: context.stepsCompleted,
    });

  /** The user's frequency goal from the guide: daily when pain is chronic, 3 to 5 a week to maintain. */
  const goalReply = (event: SessionEvent, then: Act[]): Speech => {
    const goal = event.type === 'SET_GOAL' ? event.goal : undefined;
    if (!goal) return { acts: [say('coach.goal.ask')], reprompt: [say('coach.goal.ask')] };
    return { acts: [say(`coach.goal.${goal}`), ...then], effects: [{ type: 'setGoal', goal }] };
  };

  /** What the session keeps from the profile it was opened with: brief mode, a summary due now and then. */
  const profileFacts = (profile: Profile): Partial<SessionContext> => {
    const progress = profile.progress;
    // Every third session ends with the progress summary, unasked.
    const due = progress !== null && (progress.totalSessions + 1) % 3 === 0;
    return { brief: profile.talk === 'brief', summary: due ? progressActs(profile).slice(0, 2) : null };
  };

  /** The routine to offer a returning user: the one that helped most, else the last one (never one a warning sign stopped). */
  const againOffer = (profile: Profile, blocked: string[]): { routine: string; helped: boolean } | null => {
    if (!profile.progress?.lastRoutine) return null;
    const best = profile.progress.bestRoutine?.routine;
    if (best && catalogue.routines.has(best) && !blocked.includes(best)) return { routine: best, helped: true };
    const last = profile.progress.lastRoutine;
    if (catalogue.routines.has(last) && !blocked.includes(last)) return { routine: last, helped: false };
    return null;
  };

  /** The equipment check for a routine: its set-up, then what it needs, "say ready" and the optional rating. */
  const setUpFor = (context: SessionContext, event: SessionEvent, id: string) => {
    const routine = routineOf(id)!;
    const equipment = { and: routine.equipment.map((item) => ({ t: `equipment.${item}` })) };
    return {
      assign: {
        routine: routine.id,
        start: { step: 0, unit: 0 },
        offer: null,
        suggested: null,
        switchTo: null,
        silences: 0,
        resumed: false,
        ratingBefore: null,
        ratingAfter: null,
        ratingsDuring: [],
        stepsCompleted: 0,
        env: envOf(context, event),
      } satisfies Partial<SessionContext>,
      // A returning user is asked the before-rating in five words; the first time, the scale is named in full.
      acts: [
        ...planActs(context, id),
        say(profileOf(event).firstSession ? 'coach.equipment.ask' : 'coach.equipment.askBack', {
          routine: routineName(routine),
          minutes: minutesOf(id, envOf(context, event), context.cautions),
          equipment,
        }),
      ],
    };
  };

  /** A routine fitted into the user's minutes says its own length with its plan, not the full one. */
  const introOf = (id: string, env: TurnEnv, shortMinutes?: number | null, cautions: string[] = []): Act[] => {
    const routine = routineOf(id)!;
    if (shortMinutes) return [say('coach.routine.introShort', { routine: routineName(routine) })];
    return [say('coach.routine.intro', { routine: routineName(routine), minutes: minutesOf(id, env, cautions) })];
  };
  /** The honest length of a routine as it will be played: a caution may have changed it. */
  const minutesOf = (id: string, env: TurnEnv, cautions: string[] = []) => {
    const routine = routineOf(id)!;
    const changes = cautionPlan(catalogue, routine, cautions);
    return plannedMinutes(spokenRoutine(routine, changes.replaced), env.locale, changes.leftOut);
  };

  const symptomOf = (event: SessionEvent) => (event.type === 'RED_FLAG' ? event.symptom : undefined);
  /** The session's cautions with the one just heard: held for the session, never stored. */
  const withCaution = (context: SessionContext, event: SessionEvent): string[] => {
    const symptom = symptomOf(event);
    const known = context.cautions ?? [];
    return symptom && !known.includes(symptom) ? [...known, symptom] : known;
  };
  /** What the session's cautions change in a routine, in one sentence (or nothing). */
  const planActs = (context: SessionContext, id: string): Act[] => {
    const routine = routineOf(id)!;
    return cautionPlanActs(routine, cautionPlan(catalogue, routine, context.cautions ?? []));
  };
  /** Said once, at the first launch after a safety stop: the resume slot keeps only that it happened, and where. */
  const safetyNotice = (profile: Profile): Speech => {
    if (!profile.resume?.safetyStop) return { acts: [], effects: [] };
    const stopped = routineOf(profile.resume.routine);
    return {
      acts: [
        stopped ? say('coach.redFlag.lastTime', { routine: routineName(stopped) }) : say('coach.redFlag.lastTimeAny'),
      ],
      effects: [{ type: 'clearResume' }],
    };
  };

  const techniquesOf = (id: string) => [
    ...new Set(
      routineOf(id)!
        .steps.map((step) => step.technique)
        .filter((t): t is string => !!t),
    ),
  ];

  return {
    routineOf,
    journalEntry,
    rateFrom,
    goalReply,
    profileFacts,
    againOffer,
    setUpFor,
    introOf,
    symptomOf,
    withCaution,
    planActs,
    safetyNotice,
    techniquesOf,
  };
}

export type SessionKit = ReturnType<typeof sessionKit>;
