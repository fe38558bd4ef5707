import { assertEvent, enqueueActions, setup } from 'xstate';
import type { Catalogue } from '../content/load';
import { say, type Act } from '../speech/acts';
import type { CoachEvent, TurnEnv } from './events';
import { envOf, outputEvent, waitingFor, type OutputEvent } from './machine-kit';
import type { CutShort, Effect, JournalDraft } from './output';
import { EMPTY_PROFILE, RESUME_WINDOW_MS, type Profile } from './profile';
import { persistentPainActs, progressActs } from './progress';
import { buildRoutineMachine, type RoutineOutput, type RoutineStart } from './routine-machine';
import { afterHalt, safetyAnswer, type SafetyHalt } from './safety';
import { routineName, routineNamed, stepTitle } from './units';

export type SessionEvent =
  | (CoachEvent & { env: TurnEnv; profile?: Profile })
  | OutputEvent
  | { type: 'xstate.done.actor.routine'; output: RoutineOutput };

export interface SessionContext {
  routine: string | null;
  /** Where the chosen routine starts (its top, or a resumed place). */
  start: RoutineStart | null;
  /** Said first in the routine's first response. */
  intro: Act[];
  ratingBefore: number | null;
  ratingAfter: number | null;
  ratingsDuring: number[];
  /** Routines stopped by a warning sign: not worked again in this session. */
  blocked: string[];
  /** Why the session was halted for safety, if it was: what to say if the user speaks again. */
  halt: SafetyHalt | null;
  /** Resume point offered at launch. */
  offer: { routine: string; start: RoutineStart } | null;
  /** The "start gently" reminder is still owed (no routine has run yet this session). */
  gentleOwed: boolean;
  stepsCompleted: number;
  /** A routine was started and has no journal entry yet. */
  routineUnjournaled: boolean;
  /** Why the platform closed the session: the user leaving counts as stopped, silence as silence. */
  closeReason: 'user' | 'silence' | 'error' | null;
  env: TurnEnv;
}

export const WELCOME_ASK = say('coach.welcome.ask');
export const PREPARATION = [say('coach.prepare.intro'), say('coach.prepare.warmUp'), say('coach.prepare.between')];

const profileOf = (event: SessionEvent): Profile => ('profile' in event && event.profile ? event.profile : EMPTY_PROFILE);
const routineAsked = (event: SessionEvent) => (event.type === 'START_ROUTINE' ? event.routine : undefined);

/** A reply of the session's own, spoken in the state it leads to (whose `meta` gives the reprompt). */
interface Speech {
  acts?: Act[];
  reprompt?: Act[];
  end?: boolean;
  effects?: Effect[];
}
/** Named actions that only speak, with their words as parameters: `speak(say('coach.help.choose'))`. */
export const speak = (...acts: Act[]) => ({ type: 'speak' as const, params: { acts } });
export const speakAndEnd = (...acts: Act[]) => ({ type: 'speak' as const, params: { acts, end: true } });
export const continueWith = (...acts: Act[]) => ({ type: 'continueRoutine' as const, params: { acts } });
export const tellProgress = (...then: Act[]) => ({ type: 'tellProgress' as const, params: { then } });
export const setGoal = (...then: Act[]) => ({ type: 'setGoal' as const, params: { then } });
export const rateOutsideRoutine = (then: Act) => ({ type: 'rateOutsideRoutine' as const, params: { then } });
export const journalLeftRoutine = (completed: boolean) => ({ type: 'journalLeftRoutine' as const, params: { completed } });
export const closeRoutineDone = (speech: Speech) => ({ type: 'closeRoutineDone' as const, params: speech });
/** A caution (blood thinners, pregnancy …) answered where the user is, then `then`; nothing stored. */
export const answerCaution = (then: Act) => ({ type: 'answerCaution' as const, params: { then } });
/** A stop or emergency sign: `busy` when a routine is chosen or under way (it is the area blocked). */
export const stopForSafety = (busy: boolean) => ({ type: 'stopForSafety' as const, params: { busy } });

/** The most urgent halt of a session wins: after an emergency, the number is said again, not a plain stop. */
const HALT_RANK: Record<SafetyHalt, number> = { emergency: 0, 'same-day': 1, stop: 2 };

interface LiveChild {
  getSnapshot(): { context?: { stepsCompleted?: number } };
}

/** The session's named actions and guards, and the routine machines it invokes; the chart itself is in session-machine.ts. */
export function sessionSetup(catalogue: Catalogue) {
  const routineIds = [...catalogue.routines.keys()];
  const actors = Object.fromEntries(routineIds.map((id) => [id, buildRoutineMachine(catalogue.routines.get(id)!)]));
  const routineOf = (id: string | null) => catalogue.routines.get(id ?? '');

  /** Steps done so far: the running routine owns the count, so it is read from the child. */
  const stepsDone = (context: SessionContext, self: { getSnapshot(): { children: Record<string, unknown> } }) =>
    (self.getSnapshot().children.routine as LiveChild | undefined)?.getSnapshot().context?.stepsCompleted ?? context.stepsCompleted;

  const journalEntry = (context: SessionContext, completed: boolean, cutShort: CutShort | null, extra: Partial<JournalDraft> = {}): Effect => {
    const totalSteps = routineOf(context.routine)?.steps.length ?? 0;
    return {
      type: 'journal',
      entry: {
        date: new Date(context.env.now).toISOString(),
        routine: context.routine ?? 'unknown',
        stepsCompleted: completed ? totalSteps : context.stepsCompleted,
        totalSteps,
        completed,
        cutShort,
        ...(context.ratingBefore !== null ? { ratingBefore: context.ratingBefore } : {}),
        ...(context.ratingAfter !== null ? { ratingAfter: context.ratingAfter } : {}),
        ratingsDuring: context.ratingsDuring,
        ...extra,
      },
    };
  };

  /** A rating from 0 to 10: the first, before any step, is "before"; later ones are "during". */
  const recordRating = (context: SessionContext, event: SessionEvent, inRoutine: boolean) => {
    const value = event.type === 'RATE' ? event.value : undefined;
    if (value === undefined || !Number.isFinite(value) || value < 0 || value > 10) return null;
    const rounded = Math.round(value);
    // Inside a routine a high number is about the pressure right now: always say to ease off.
    const easeOff = inRoutine && rounded > 7 ? [say('coach.rating.high')] : [];
    if (context.ratingBefore === null && (!inRoutine || context.stepsCompleted === 0)) {
      return { assign: { ratingBefore: rounded }, acts: [say('coach.rating.before', { value: rounded }), ...easeOff] };
    }
    return { assign: { ratingsDuring: [...context.ratingsDuring, rounded] }, acts: [say('coach.rating.during', { value: rounded }), ...easeOff] };
  };

  /** The user's frequency goal from the guide: daily when pain is chronic, 3 to 5 a week to maintain. */
  const goalReply = (event: SessionEvent, then: Act[]): Speech => {
    const goal = event.type === 'SET_GOAL' ? event.goal : undefined;
    if (!goal) return { acts: [say('coach.goal.ask')], reprompt: [say('coach.goal.ask')] };
    return { acts: [say(`coach.goal.${goal}`), ...then], effects: [{ type: 'setGoal', goal }] };
  };

  const symptomOf = (event: SessionEvent) => (event.type === 'RED_FLAG' ? event.symptom : undefined);
  /** Said once, at the first launch after a safety stop: the resume slot keeps only that it happened, and where. */
  const safetyNotice = (profile: Profile): Speech => {
    if (!profile.resume?.safetyStop) return { acts: [], effects: [] };
    const stopped = routineOf(profile.resume.routine);
    return { acts: [stopped ? say('coach.redFlag.lastTime', { routine: routineName(stopped) }) : say('coach.redFlag.lastTimeAny')], effects: [{ type: 'clearResume' }] };
  };

  const techniquesOf = (id: string) => [...new Set(routineOf(id)!.steps.map((step) => step.technique).filter((t): t is string => !!t))];

  return setup({
    types: {} as { context: SessionContext; events: SessionEvent; input: { env: TurnEnv }; emitted: OutputEvent; meta: ReturnType<typeof waitingFor> },
    actors,
    guards: {
      hasOffer: ({ context }) => context.offer !== null,
      isBlocked: ({ context, event }) => context.blocked.includes(routineAsked(event) ?? ''),
      isUnknownRoutine: ({ event }) => !catalogue.routines.has(routineAsked(event) ?? ''),
      isCurrentRoutine: ({ context, event }) => routineAsked(event) === context.routine,
      isRoutine: ({ context }, params: { id: string }) => context.routine === params.id,
      isRoutineCompleted: ({ event }) => event.type === 'xstate.done.actor.routine' && event.output.reason === 'completed',
      /** A caution is answered and the session goes on; every other sign (or none known) halts it. */
      isCaution: ({ event }) => event.type === 'RED_FLAG' && safetyAnswer(catalogue, event.symptom, null, null).halt === null,
      /** After an emergency or a same-day sign, nothing (help included) lowers the message to call for care. */
      haltedForCare: ({ context }) => context.halt === 'emergency' || context.halt === 'same-day',
      isRatingInRange: ({ event }) => event.type === 'RATE' && event.value !== undefined && event.value >= 0 && event.value <= 10,
    },
    actions: {
      /** Words only; a reply that writes the journal also marks the routine journaled. */
      speak: enqueueActions(({ enqueue }, params: Speech) => {
        if (params.effects?.some((effect) => effect.type === 'journal')) enqueue.assign({ routineUnjournaled: false });
        enqueue.emit(outputEvent(params));
      }),
      /** A routine's speech, passed on to the turn. */
      relayOutput: enqueueActions(({ event, enqueue }) => {
        assertEvent(event, 'output');
        enqueue.emit(event);
      }),

      /** Greets, gives the disclaimer the first time, says once that last time stopped for safety, warns on the two-week rule, offers to resume. */
      welcome: enqueueActions(({ context, event, enqueue }) => {
        const env = envOf(context, event);
        const profile = profileOf(event);
        const acts: Act[] = [say(profile.firstSession ? 'coach.welcome.first' : 'coach.welcome.back'), ...persistentPainActs(profile.persistentPain)];
        const notice = safetyNotice(profile);
        if (notice.acts?.length) {
          enqueue.assign({ offer: null, env });
          return enqueue.emit(outputEvent({ acts: [...acts, ...notice.acts, WELCOME_ASK], effects: notice.effects ?? [] }));
        }
        const point = profile.resume;
        const routine = point && routineOf(point.routine);
        const fresh = point && routine && env.now - point.savedAt < RESUME_WINDOW_MS && point.step < routine.steps.length && !context.blocked.includes(point.routine);
        if (fresh && point && routine) {
          const params = { routine: routineName(routine), step: stepTitle(routine, point.step), ...(point.side ? { side: { t: `sideOn.${point.side}` } } : {}) };
          acts.push(say(point.side ? 'coach.resume.offer_side' : 'coach.resume.offer', params));
          const start: RoutineStart = { step: point.step, unit: point.unit, ...(point.remainingSeconds ? { remaining: point.remainingSeconds } : {}) };
          enqueue.assign({ offer: { routine: point.routine, start }, env });
        } else {
          acts.push(WELCOME_ASK);
          enqueue.assign({ offer: null, env });
        }
        enqueue.emit(outputEvent({ acts }));
      }),
      /** A one-shot start ("ask massage coach to start neck release") still owes the first-session disclaimer and the safety notice. */
      greetFirstTime: enqueueActions(({ event, enqueue }) => {
        const profile = profileOf(event);
        const notice = safetyNotice(profile);
        const acts = [...(profile.firstSession ? [say('coach.welcome.first')] : []), ...(notice.acts ?? [])];
        if (acts.length) enqueue.emit(outputEvent({ acts, effects: notice.effects ?? [] }));
      }),
      refuseBlocked: enqueueActions(({ event, enqueue }) => {
        assertEvent(event, 'START_ROUTINE');
        enqueue.emit(outputEvent({ acts: [say('coach.choose.blocked', { routine: routineNamed(event.routine!) })] }));
      }),

      /** The one set-up of a routine, whether chosen at the start, after another, or mid-routine. */
      setUpRoutine: enqueueActions(({ context, event, enqueue }) => {
        assertEvent(event, 'START_ROUTINE');
        const routine = routineOf(event.routine!)!;
        enqueue.assign({
          routine: routine.id,
          start: { step: 0, unit: 0 },
          offer: null,
          ratingBefore: null,
          ratingAfter: null,
          ratingsDuring: [],
          stepsCompleted: 0,
          env: envOf(context, event),
        });
        const equipment = { and: routine.equipment.map((item) => ({ t: `equipment.${item}` })) };
        enqueue.emit(outputEvent({ acts: [say('coach.equipment.ask', { routine: routineName(routine), equipment })] }));
      }),
      /** The routine the user leaves for another is journaled before the new one is set up. */
      journalLeftRoutine: enqueueActions(({ context, event, enqueue, self }, params: { completed: boolean }) => {
        const done = { ...context, env: envOf(context, event), stepsCompleted: stepsDone(context, self) };
        const effects: Effect[] = [journalEntry(done, params.completed, params.completed ? null : 'stopped')];
        if (params.completed) effects.push({ type: 'clearResume' });
        enqueue.assign({ routineUnjournaled: false });
        enqueue.emit(outputEvent({ effects }));
      }),
      takeOffer: enqueueActions(({ context, enqueue }) => {
        enqueue.assign({ routine: context.offer!.routine, start: context.offer!.start, intro: [] });
      }),
      startOfferOver: enqueueActions(({ context, enqueue }) => {
        const routine = routineOf(context.offer!.routine)!;
        enqueue.assign({ routine: routine.id, start: { step: 0, unit: 0 }, intro: [say('coach.routine.intro', { routine: routineName(routine), minutes: routine.minutes.max })] });
      }),
      introduceRoutine: enqueueActions(({ context, enqueue }) => {
        const routine = routineOf(context.routine)!;
        enqueue.assign({ intro: [say('coach.routine.intro', { routine: routineName(routine), minutes: routine.minutes.max })] });
      }),
      declineOffer: enqueueActions(({ context, event, enqueue }) => {
        enqueue.assign({ offer: null, env: envOf(context, event) });
        enqueue.emit(outputEvent({ acts: [WELCOME_ASK] }));
      }),

      rateOutsideRoutine: enqueueActions(({ context, event, enqueue }, params: { then: Act }) => {
        const recorded = recordRating(context, event, false);
        if (!recorded) return enqueue.emit(outputEvent({ acts: [say('coach.rating.outOfRange')] }));
        enqueue.assign(recorded.assign);
        enqueue.emit(outputEvent({ acts: [...recorded.acts, params.then] }));
      }),
      rateInRoutine: enqueueActions(({ context, event, enqueue, self }) => {
        const recorded = recordRating({ ...context, stepsCompleted: stepsDone(context, self) }, event, true);
        if (recorded) enqueue.assign(recorded.assign);
        enqueue.sendTo('routine', { type: 'CONTINUE', prefix: recorded ? recorded.acts : [say('coach.rating.outOfRange')], env: envOf(context, event) });
      }),
      tellProgress: enqueueActions(({ event, enqueue }, params: { then: Act[] }) => {
        enqueue.emit(outputEvent({ acts: [...progressActs(profileOf(event)), ...params.then] }));
      }),
      setGoal: enqueueActions(({ event, enqueue }, params: { then: Act[] }) => enqueue.emit(outputEvent(goalReply(event, params.then)))),
      explainTechnique: enqueueActions(({ event, enqueue }) => {
        const technique = event.type === 'EXPLAIN' && event.technique && catalogue.techniques.has(event.technique) ? event.technique : null;
        const acts = technique ? [say(`technique.${technique}.what`), say(`technique.${technique}.how`), say(`technique.${technique}.bestFor`)] : [say('coach.explain.general')];
        enqueue.emit(outputEvent({ acts: [...acts, WELCOME_ASK] }));
      }),
      explainChosenRoutine: enqueueActions(({ context, enqueue }) => {
        const first = techniquesOf(context.routine!)[0];
        enqueue.emit(outputEvent({ acts: [first ? say(`technique.${first}.what`) : say('coach.explain.general'), say('coach.equipment.reprompt')] }));
      }),
      tellChosenRoutineLength: enqueueActions(({ context, enqueue }) => {
        const routine = routineOf(context.routine)!;
        enqueue.emit(outputEvent({ acts: [say('coach.timeLeft.notStarted', { routine: routineName(routine), minutes: routine.minutes.max }), say('coach.equipment.reprompt')] }));
      }),

      /**
       * Safety first, in every state: a stop or emergency sign (content/safety/signs.json) is answered
       * in one short line, the session ends, the area is blocked for the session. The journal keeps
       * that the routine was cut short for safety, the resume slot that a safety stop happened here;
       * neither keeps the sign.
       */
      stopForSafety: enqueueActions(({ context, event, enqueue, self }, params: { busy: boolean }) => {
        assertEvent(event, 'RED_FLAG');
        const env = envOf(context, event);
        const routine = params.busy ? context.routine : null;
        const answer = safetyAnswer(catalogue, event.symptom, env.emergencyNumber, routine);
        const halt = [answer.halt ?? 'stop', ...(context.halt ? [context.halt] : [])].sort((a, b) => HALT_RANK[a] - HALT_RANK[b])[0]!;
        const effects: Effect[] = [{ type: 'saveResume', point: { routine: routine ?? '', step: 0, unit: 0, savedAt: env.now, safetyStop: true } }];
        if (params.busy && context.routine && context.routineUnjournaled) {
          effects.push(journalEntry({ ...context, env, stepsCompleted: stepsDone(context, self) }, false, 'red-flag'));
        }
        enqueue.assign({ blocked: [...new Set([...context.blocked, ...answer.blocks])], halt, start: null, env, routineUnjournaled: false });
        enqueue.emit(outputEvent({ acts: answer.acts, end: true, effects }));
      }),
      answerCaution: enqueueActions(({ event, enqueue }, params: { then: Act }) => {
        enqueue.emit(outputEvent({ acts: [...safetyAnswer(catalogue, symptomOf(event), null, null).acts, params.then] }));
      }),
      continueWithCaution: enqueueActions(({ context, event, enqueue }) => {
        enqueue.sendTo('routine', { type: 'CONTINUE', prefix: safetyAnswer(catalogue, symptomOf(event), null, null).acts, env: envOf(context, event) });
      }),
      /** After a safety halt, anything said gets the matching follow-up (the number again after an emergency). */
      repeatAfterHalt: enqueueActions(({ context, event, enqueue }) => {
        const caution = event.type === 'RED_FLAG' ? safetyAnswer(catalogue, event.symptom, null, null).acts : [];
        enqueue.emit(outputEvent({ acts: [...caution, afterHalt(context.halt, envOf(context, event).emergencyNumber)], end: true }));
      }),

      // --- while a routine runs: the session speaks first, then the routine goes on ------------------
      enterRoutine: enqueueActions(({ context, event, enqueue }) => enqueue.assign({ env: envOf(context, event), stepsCompleted: 0, routineUnjournaled: true })),
      leaveRoutine: enqueueActions(({ enqueue }) => enqueue.assign({ gentleOwed: false, intro: [] })),
      continueRoutine: enqueueActions(({ context, event, enqueue }, params: { acts: Act[] }) => {
        enqueue.sendTo('routine', { type: 'CONTINUE', prefix: params.acts, env: envOf(context, event) });
      }),
      continueWithProgress: enqueueActions(({ context, event, enqueue }) => {
        enqueue.sendTo('routine', { type: 'CONTINUE', prefix: progressActs(profileOf(event)), env: envOf(context, event) });
      }),
      continueWithGoal: enqueueActions(({ context, event, enqueue }) => {
        const reply = goalReply(event, []);
        enqueue.emit(outputEvent({ effects: reply.effects ?? [] }));
        enqueue.sendTo('routine', { type: 'CONTINUE', prefix: reply.acts ?? [], env: envOf(context, event) });
      }),
      continueRefusingBlocked: enqueueActions(({ context, event, enqueue }) => {
        assertEvent(event, 'START_ROUTINE');
        enqueue.sendTo('routine', { type: 'CONTINUE', prefix: [say('coach.choose.blocked', { routine: routineNamed(event.routine!) })], env: envOf(context, event) });
      }),
      startRoutineOver: enqueueActions(({ event, enqueue }) => enqueue.sendTo('routine', { ...event, type: 'START_OVER' })),
      noteCloseReason: enqueueActions(({ event, enqueue }) => {
        assertEvent(event, 'SESSION_CLOSED');
        enqueue.assign({ closeReason: event.reason ?? 'silence' });
        enqueue.sendTo('routine', event);
      }),
      /** Everything else goes to the routine, which answers in its own step. */
      forwardToRoutine: enqueueActions(({ event, enqueue }) => {
        if (!event.type.startsWith('xstate.')) enqueue.sendTo('routine', event);
      }),
      /** The routine ended before its last step: journaled as stopped, or as the platform closed it. */
      journalCutShort: enqueueActions(({ context, event, enqueue }) => {
        assertEvent(event, 'xstate.done.actor.routine');
        const { output } = event;
        const why: CutShort = output.reason === 'stopped' || context.closeReason === 'user' ? 'stopped' : 'silence';
        const effects = [journalEntry({ ...context, stepsCompleted: output.stepsCompleted }, false, why)];
        enqueue.assign({ routineUnjournaled: false });
        enqueue.emit(outputEvent(output.reason === 'stopped' ? { acts: [say('coach.stop.saved')], end: true, effects } : { end: true, effects }));
      }),

      // --- the wrap-up -------------------------------------------------------------------------
      askRatingAfter: enqueueActions(({ context, enqueue }) => {
        enqueue.emit(outputEvent({ acts: [say('coach.wrapUp.ask', { routine: routineNamed(context.routine!) })] }));
      }),
      closeWithRating: enqueueActions(({ context, event, enqueue }) => {
        assertEvent(event, 'RATE');
        const after = Math.round(event.value!);
        const before = context.ratingBefore;
        const key = before === null ? 'coach.wrapUp.noted' : after < before ? 'coach.wrapUp.down' : after === before ? 'coach.wrapUp.same' : 'coach.wrapUp.up';
        const done = { ...context, ratingAfter: after, env: envOf(context, event) };
        enqueue.assign({ ratingAfter: after, routineUnjournaled: false });
        enqueue.emit(outputEvent({ acts: [say(key, { before: before ?? 0, after }), say('coach.wrapUp.advice')], end: true, effects: [journalEntry(done, true, null), { type: 'clearResume' }] }));
      }),
      /** The routine is done whatever the answer: journaled as completed, with the words given. */
      closeRoutineDone: enqueueActions(({ context, event, enqueue }, params: Speech) => {
        const effects: Effect[] = [journalEntry({ ...context, env: envOf(context, event) }, true, null), { type: 'clearResume' }, ...(params.effects ?? [])];
        enqueue.assign({ routineUnjournaled: false });
        enqueue.emit(outputEvent({ ...params, effects }));
      }),
    },
  });
}
