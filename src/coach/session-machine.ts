import { enqueueActions, setup } from 'xstate';
import type { Catalogue } from '../content/load';
import { say, type Act } from '../speech/acts';
import type { CoachEvent, TurnEnv } from './events';
import type { CutShort, Effect, JournalDraft, OutputPart } from './output';
import { plannedMinutes } from './length';
import { EMPTY_PROFILE, RESUME_WINDOW_MS, type Profile } from './profile';
import { persistentPainActs, progressActs } from './progress';
import { buildRoutineMachine, type RoutineInput, type RoutineOutput, type RoutineStart } from './routine-machine';
import { routineName, stepTitle } from './units';

export type SessionEvent =
  | (CoachEvent & { env: TurnEnv; profile?: Profile })
  | { type: 'OUT'; part: OutputPart }
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
  /** Routines stopped by a red flag: never resumed in this session. */
  blocked: string[];
  /** Resume point offered at launch. */
  offer: { routine: string; start: RoutineStart; ratingBefore?: number } | null;
  gentleOwed: boolean;
  stepsCompleted: number;
  /** A routine was started and has no journal entry yet. */
  started: boolean;
  /** Why the platform closed the session: the user leaving counts as stopped, silence as silence. */
  closeReason: 'user' | 'silence' | 'error' | null;
  /** A routine the coach offered ("Neck again?", an answer to "which routine …"): yes starts it. */
  suggested: { routine: string; quick: boolean } | null;
  /** Another routine asked for mid-routine, waiting for "yes, switch". */
  switchTo: string | null;
  /** Brief mode, from the profile or "talk less". */
  brief: boolean;
  /** Silences in a row: the question alone, then an offer to pause, then a graceful end. */
  silences: number;
  /** The progress summary the wrap-up gives now and then, without being asked (every third session). */
  summary: Act[] | null;
  /** This session picks up a saved place: its journal entry is the rest of an earlier session. */
  resumed: boolean;
  env: TurnEnv;
}

type Ctx = SessionContext;
type Ev = SessionEvent;
interface Enqueue {
  assign(values: Partial<Ctx>): void;
  emit(event: { type: 'output'; part: OutputPart }): void;
  sendTo(target: string, event: unknown): void;
}
type Reply = { assign?: Partial<Ctx>; out?: OutputPart; forward?: unknown };

const envOf = (context: Ctx, event: Ev): TurnEnv => ('env' in event && event.env ? event.env : context.env);
const profileOf = (event: Ev): Profile => ('profile' in event && event.profile ? event.profile : EMPTY_PROFILE);

interface Self {
  getSnapshot(): { children: Record<string, { getSnapshot(): { context?: { stepsCompleted?: number } } } | undefined> };
}

/** Steps the running routine has completed (read from the child, which owns them). */
const liveStepsCompleted = (context: Ctx, self: Self) =>
  self.getSnapshot().children.routine?.getSnapshot().context?.stepsCompleted ?? context.stepsCompleted;

/**
 * One action: compute a reply, then update context, speak, and pass an event on to the routine.
 * A reply that writes the journal closes the session's routine, so it is journaled once.
 */
const respond = (compute: (context: Ctx, event: Ev, env: TurnEnv) => Reply) =>
  enqueueActions((({ context, event, enqueue, self }: { context: Ctx; event: Ev; enqueue: Enqueue; self: Self }) => {
    const live = { ...context, stepsCompleted: liveStepsCompleted(context, self) };
    const reply = compute(live, event, envOf(context, event));
    // Anything said breaks a run of silences.
    if (event.type !== 'SILENCE' && event.type !== 'OUT' && !event.type.startsWith('xstate.') && context.silences > 0) {
      reply.assign = { silences: 0, ...reply.assign };
    }
    // A switch waits for yes or no; anything else lets it go.
    if (context.switchTo && event.type !== 'YES' && event.type !== 'NO' && event.type !== 'OUT' && !event.type.startsWith('xstate.')) {
      reply.assign = { switchTo: null, ...reply.assign };
    }
    const journals = reply.out?.effects?.some((effect) => effect.type === 'journal') ?? false;
    if (reply.assign || journals) enqueue.assign({ ...reply.assign, ...(journals ? { started: false } : {}) });
    if (reply.out) enqueue.emit({ type: 'output', part: reply.out });
    if (reply.forward) enqueue.sendTo('routine', reply.forward);
  }) as never);
const guardOf = (test: (context: Ctx, event: Ev) => boolean) => (({ context, event }: { context: Ctx; event: Ev }) => test(context, event)) as never;

const ask = (acts: Act[], reprompt: Act[]): OutputPart => ({ acts, reprompt });
const WELCOME_ASK = say('coach.welcome.ask');
const WELCOME_REPROMPT = say('coach.welcome.reprompt');
const PREPARATION = [say('coach.prepare.intro'), say('coach.prepare.warmUp'), say('coach.prepare.between')];

/** The session around the routines: one machine for the process, built from the catalogue once. */
export function buildSessionMachine(catalogue: Catalogue) {
  const routineIds = [...catalogue.routines.keys()];
  const actors = Object.fromEntries(routineIds.map((id) => [id, buildRoutineMachine(catalogue.routines.get(id)!)]));
  const percent = catalogue.guide.startGentlyPercent;

  const journalEntry = (context: Ctx, env: TurnEnv, completed: boolean, cutShort: CutShort | null, extra: Partial<JournalDraft> = {}): Effect => ({
    type: 'journal',
    entry: {
      date: new Date(env.now).toISOString(),
      routine: context.routine ?? 'unknown',
      stepsCompleted: completed ? catalogue.routines.get(context.routine ?? '')?.steps.length ?? 0 : context.stepsCompleted,
      totalSteps: catalogue.routines.get(context.routine ?? '')?.steps.length ?? 0,
      completed,
      cutShort,
      ...(context.ratingBefore !== null ? { ratingBefore: context.ratingBefore } : {}),
      ...(context.ratingAfter !== null ? { ratingAfter: context.ratingAfter } : {}),
      ratingsDuring: context.ratingsDuring,
      ...(context.resumed ? { resumed: true } : {}),
      ...extra,
    },
  });

  /** What the session keeps from the profile it was opened with: brief mode, a summary due now and then. */
  const profileFacts = (profile: Profile): Partial<Ctx> => {
    const progress = profile.progress;
    // Every third session ends with the progress summary, unasked.
    const due = progress !== null && (progress.totalSessions + 1) % 3 === 0;
    return { brief: profile.talk === 'brief', summary: due ? progressActs(profile).slice(0, 2) : null };
  };

  /** The routine to offer a returning user: the one that helped most, else the last one. */
  const againOffer = (profile: Profile, blocked: string[]): { routine: string; helped: boolean } | null => {
    // No last routine (none yet, or a warning sign stopped it): the plain area question.
    if (!profile.progress?.lastRoutine) return null;
    const best = profile.progress.bestRoutine?.routine;
    if (best && catalogue.routines.has(best) && !blocked.includes(best)) return { routine: best, helped: true };
    const last = profile.progress?.lastRoutine;
    if (last && catalogue.routines.has(last) && !blocked.includes(last)) return { routine: last, helped: false };
    return null;
  };

  /** Greets, gives the disclaimer the first time, warns on the two-week rule, offers to resume. */
  const welcome = respond((context, event, env) => {
    const profile = profileOf(event);
    const first = profile.firstSession;
    const known = profileFacts(profile);
    const acts: Act[] = [...(first ? [say('coach.welcome.first'), say('coach.welcome.stopWords')] : []), ...persistentPainActs(profile.persistentPain)];
    const point = profile.resume;
    const routine = point ? catalogue.routines.get(point.routine) : undefined;
    const fresh = point && routine && env.now - point.savedAt < RESUME_WINDOW_MS && point.step < routine.steps.length && !context.blocked.includes(point.routine);
    if (fresh && point && routine) {
      const params = { routine: routineName(routine), step: stepTitle(routine, point.step), ...(point.side ? { side: { t: `sideOn.${point.side}` } } : {}) };
      acts.push(say(point.side ? 'coach.resume.offer_side' : 'coach.resume.offer', params));
      const start: RoutineStart = { step: point.step, unit: point.unit, ...(point.remainingSeconds ? { remaining: point.remainingSeconds } : {}) };
      if (!first) acts.unshift(say('coach.welcome.back'));
      return {
        assign: { offer: { routine: point.routine, start, ...(point.ratingBefore !== undefined ? { ratingBefore: point.ratingBefore } : {}) }, env, ...known },
        out: ask(acts, [say('coach.resume.reprompt')]),
      };
    }
    // A returning user: straight to what they did, or to what helped most ("Neck again?").
    const again = first ? null : againOffer(profile, context.blocked);
    if (again) {
      acts.push(say(again.helped ? 'coach.welcome.helped' : 'coach.welcome.again', { routine: routineName(catalogue.routines.get(again.routine)!) }));
      return { assign: { offer: null, suggested: { routine: again.routine, quick: true }, env, ...known }, out: ask(acts, [say('coach.welcome.againReprompt')]) };
    }
    if (!first) acts.unshift(say('coach.welcome.back'));
    acts.push(WELCOME_ASK);
    return { assign: { offer: null, env, ...known }, out: ask(acts, [WELCOME_REPROMPT]) };
  });
  const hasOffer = guardOf((context) => context.offer !== null);

  const knownRoutine = (event: Ev) => event.type === 'START_ROUTINE' && !!event.routine && catalogue.routines.has(event.routine);
  const isBlocked = (context: Ctx, event: Ev) => event.type === 'START_ROUTINE' && !!event.routine && context.blocked.includes(event.routine);

  /** START_ROUTINE anywhere outside a routine: blocked, unknown, or on to the equipment check. */
  const chooseRoutine = [
    {
      guard: guardOf(isBlocked),
      target: '#session.choose',
      actions: respond((_context, event) => ({
        out: ask([say('coach.choose.blocked', { routine: { t: `routine.${(event as { routine: string }).routine}.name` } })], [WELCOME_REPROMPT]),
      })),
    },
    {
      guard: guardOf((_context, event) => !knownRoutine(event)),
      target: '#session.choose',
      actions: respond(() => ({ out: ask([say('coach.choose.unknown')], [WELCOME_REPROMPT]) })),
    },
    {
      target: '#session.equipment',
      actions: respond((context, event, env) => {
        // A rating given before the choice is kept (the one-shot start rates after it).
        const reply = setUp(context, (event as { routine: string }).routine, env);
        return { ...reply, assign: { ...reply.assign, ratingBefore: context.ratingBefore } };
      }),
    },
  ];

  /** The equipment check for a routine: what it needs, "say ready", the optional rating. */
  const setUp = (context: Ctx, id: string, env: TurnEnv): Reply => {
    const routine = catalogue.routines.get(id)!;
    const equipment = { and: routine.equipment.map((item) => ({ t: `equipment.${item}` })) };
    return {
      assign: { routine: routine.id, start: { step: 0, unit: 0 }, offer: null, suggested: null, ratingBefore: null, ratingAfter: null, ratingsDuring: [], stepsCompleted: 0, resumed: false, env },
      out: ask([say('coach.equipment.ask', { routine: routineName(routine), equipment })], [say('coach.equipment.reprompt')]),
    };
  };

  /** "Neck again?" "Yes": the routine from the top, no equipment talk and no introduction. */
  const quickStart = (context: Ctx): Partial<Ctx> => ({
    routine: context.suggested!.routine,
    start: { step: 0, unit: 0 },
    intro: [],
    suggested: null,
    ratingBefore: null,
    ratingAfter: null,
    ratingsDuring: [],
    stepsCompleted: 0,
    resumed: false,
  });

  /** The offered place picked up: with the before-rating of the interrupted session, journaled as its rest. */
  const resumeOffered = respond((context) => ({
    assign: {
      routine: context.offer!.routine,
      start: context.offer!.start,
      intro: [],
      resumed: true,
      ...(context.offer!.ratingBefore !== undefined ? { ratingBefore: context.offer!.ratingBefore } : {}),
    },
  }));

  const intro = (context: Ctx): Act[] => {
    const routine = catalogue.routines.get(context.routine!)!;
    return [say('coach.routine.intro', { routine: routineName(routine), minutes: plannedMinutes(routine, context.env.locale) })];
  };

  const record = (context: Ctx, value: number | undefined, inRoutine: boolean): Reply | null => {
    if (value === undefined || !Number.isFinite(value) || value < 0 || value > 10) return null;
    const rounded = Math.round(value);
    // Inside a routine a high number is about the pressure right now: always say to ease off.
    const easeOff = inRoutine && rounded > 7 ? [say('coach.rating.high')] : [];
    if (context.ratingBefore === null && (!inRoutine || context.stepsCompleted === 0)) {
      return { assign: { ratingBefore: rounded }, out: { acts: [say('coach.rating.before', { value: rounded }), ...easeOff] } };
    }
    return {
      assign: { ratingsDuring: [...context.ratingsDuring, rounded] },
      out: { acts: [say('coach.rating.during', { value: rounded }), ...easeOff] },
    };
  };
  const rateOutside = (reprompt: Act) =>
    respond((context, event) => {
      const recorded = record(context, event.type === 'RATE' ? event.value : undefined, false);
      if (!recorded) return { out: ask([say('coach.rating.outOfRange')], [reprompt]) };
      return { assign: recorded.assign!, out: ask([...recorded.out!.acts!, reprompt], [reprompt]) };
    });

  const routineStates = Object.fromEntries(
    routineIds.map((id) => [
      id,
      {
        invoke: {
          id: 'routine',
          src: id,
          input: ({ context }: { context: Ctx }): RoutineInput => ({
            env: context.env,
            gentle: context.gentleOwed,
            gentlePercent: percent,
            start: context.start ?? { step: 0, unit: 0 },
            prefix: context.intro,
            brief: context.brief,
            ratingBefore: context.ratingBefore,
          }),
          onDone: [
            { guard: guardOf((_c, event) => (event as { output: RoutineOutput }).output.reason === 'completed'), target: '#session.wrapUp' },
            {
              guard: guardOf((_c, event) => (event as { output: RoutineOutput }).output.reason === 'stopped'),
              target: '#session.ended',
              actions: respond((context, event, env) => {
                const done = { ...context, stepsCompleted: (event as { output: RoutineOutput }).output.stepsCompleted };
                return { out: { acts: [say('coach.stop.saved')], end: true, effects: [journalEntry(done, env, false, 'stopped')] } };
              }),
            },
            {
              target: '#session.ended',
              actions: respond((context, event, env) => {
                const done = { ...context, stepsCompleted: (event as { output: RoutineOutput }).output.stepsCompleted };
                const why: CutShort = context.closeReason === 'user' ? 'stopped' : 'silence';
                return { out: { end: true, effects: [journalEntry(done, env, false, why)] } };
              }),
            },
          ],
        },
      },
    ]),
  );

  /** The user's frequency goal from the guide: daily when pain is chronic, 3 to 5 a week to maintain. */
  const goalReply = (event: Ev, then: Act[]): OutputPart => {
    const goal = event.type === 'SET_GOAL' ? event.goal : undefined;
    if (!goal) return ask([say('coach.goal.ask')], [say('coach.goal.ask')]);
    return { ...ask([say(`coach.goal.${goal}`), ...then], then.length ? then : [WELCOME_REPROMPT]), effects: [{ type: 'setGoal', goal }] };
  };

  /** An answer outside a routine, then the question of the state the user is in (equipment or area). */
  const outside = (context: Ctx, acts: Act[]): OutputPart => {
    const settingUp = context.routine !== null && !context.started;
    const reprompt = settingUp ? say('coach.equipment.reprompt') : WELCOME_ASK;
    return ask([...acts, reprompt], [settingUp ? say('coach.equipment.reprompt') : WELCOME_REPROMPT]);
  };

  const continueWith = (acts: (context: Ctx, event: Ev) => Act[]) =>
    respond((context, event, env) => ({ forward: { type: 'CONTINUE', prefix: acts(context, event), env } }));

  /**
   * Global commands, spread explicitly into every state: a state's own wildcard would otherwise
   * shadow them. A red flag ends whatever is happening, in every state, first.
   */
  const GLOBAL = {
    RED_FLAG: {
      target: '#session.halted',
      actions: respond((context, event, env) => {
        const symptom = event.type === 'RED_FLAG' ? event.symptom : undefined;
        const known = symptom && catalogue.guide.redFlags.some((flag) => flag.id === symptom);
        const effects: Effect[] = [{ type: 'clearResume' }];
        if (context.routine && context.started) {
          effects.push(journalEntry(context, env, false, 'red-flag', known ? { symptom: symptom! } : {}));
        }
        return {
          assign: { blocked: context.routine ? [...new Set([...context.blocked, context.routine])] : context.blocked, start: null, env },
          out: {
            acts: [known ? say('coach.redFlag.stop', { symptom: { t: `symptom.${symptom}.name` } }) : say('coach.redFlag.stop_generic'), say('coach.redFlag.after')],
            end: true,
            effects,
          },
        };
      }),
    },
    OUT: { actions: enqueueActions((({ event, enqueue }: { event: Ev; enqueue: Enqueue }) => {
      if (event.type === 'OUT') enqueue.emit({ type: 'output', part: event.part });
    }) as never) },
    PROGRESS: { actions: respond((_context, event) => ({ out: ask([...progressActs(profileOf(event)), WELCOME_ASK], [WELCOME_REPROMPT]) })) },
    // Coaching questions before or after a routine: answered, then the state's own question again.
    PAIN: { actions: respond((context) => ({ assign: { gentleOwed: true }, out: outside(context, [say('coach.pain.notHolding')]) })) },
    DEEPER: { actions: respond((context) => ({ out: outside(context, [say('coach.pain.deeperNotHolding')]) })) },
    MISSING: { actions: respond((context, event) => ({ out: outside(context, [say(`coach.missing.${(event.type === 'MISSING' && event.item) || 'unknown'}`)]) })) },
    ASK_WHY: { actions: respond((context) => ({ out: outside(context, [say('coach.explain.general')]) })) },
    ASK_WHERE: { actions: respond((context) => ({ out: outside(context, [say('coach.explain.general')]) })) },
    PACE: { actions: respond((context) => ({ out: outside(context, [say('coach.pace.holds')]) })) },
    TALK: {
      actions: respond((context, event) => {
        const brief = !(event.type === 'TALK' && event.mode === 'more');
        const out = outside(context, [say(brief ? 'coach.talk.less' : 'coach.talk.more')]);
        return { assign: { brief }, out: { ...out, effects: [{ type: 'setTalk', talk: brief ? 'brief' : 'full' }] } };
      }),
    },
    SHORT_ON_TIME: {
      actions: respond((context, _event, env) => {
        const routine = context.routine ? catalogue.routines.get(context.routine) : undefined;
        if (!routine) return { out: outside(context, [say('coach.explain.general')]) };
        return { out: outside(context, [say('coach.short.none', { minutes: plannedMinutes(routine, env.locale) })]) };
      }),
    },
    KEEP_GOING: { actions: respond((context) => ({ out: outside(context, [say('coach.ask.reprompt')]) })) },
    /** "Which routine is good for …?" answered from the guide, and offered: yes starts it. */
    ASK_ROUTINE: {
      target: '#session.choose',
      actions: respond((context, event) => {
        const asked = event.type === 'ASK_ROUTINE' ? event.routine : undefined;
        if (!asked || !catalogue.routines.has(asked)) return { out: ask([say('coach.question.where')], [WELCOME_REPROMPT]) };
        const blocked = context.blocked.includes(asked);
        return {
          assign: { suggested: blocked ? null : { routine: asked, quick: false } },
          out: ask([say(`routine.${asked}.goodFor`), blocked ? WELCOME_ASK : say('coach.question.offerStart')], [WELCOME_REPROMPT]),
        };
      }),
    },

    STOP: { target: '#session.ended', actions: respond(() => ({ out: { acts: [say('coach.stop.goodbye')], end: true } })) },
    SESSION_CLOSED: { target: '#session.ended', actions: respond(() => ({ out: { end: true } })) },
    LAUNCH: { target: '#session.welcoming', reenter: true },
    SET_GOAL: { actions: respond((_c, event) => ({ out: goalReply(event, [WELCOME_ASK]) })) },
    // The guide's preparation and integration advice.
    PREPARE: { actions: respond(() => ({ out: ask([...PREPARATION, WELCOME_ASK], [WELCOME_REPROMPT]) })) },
    DELETE_DATA: { target: '#session.confirmDelete', actions: respond(() => ({ out: ask([say('coach.delete.confirm')], [say('coach.delete.confirm')]) })) },
  };
  const { RED_FLAG } = GLOBAL;

  const config = {
    id: 'session',
    context: ({ input }: { input: { env: TurnEnv } }): SessionContext => ({
      routine: null,
      start: null,
      intro: [],
      ratingBefore: null,
      ratingAfter: null,
      ratingsDuring: [],
      blocked: [],
      offer: null,
      gentleOwed: true,
      stepsCompleted: 0,
      started: false,
      closeReason: null,
      suggested: null,
      switchTo: null,
      brief: false,
      silences: 0,
      summary: null,
      resumed: false,
      env: input.env,
    }),
    initial: 'start',
    on: GLOBAL,
    states: {
      start: {
        on: {
          ...GLOBAL,
          // A one-shot start ("ask massage coach to start neck release") still owes the first-session disclaimer.
          START_ROUTINE: chooseRoutine.map((transition) => ({
            ...transition,
            actions: [
              respond((_c, event) => {
                const profile = profileOf(event);
                const first = profile.firstSession ? { out: { acts: [say('coach.welcome.first'), say('coach.welcome.stopWords')] } } : {};
                return { ...first, assign: profileFacts(profile) };
              }),
              transition.actions,
            ],
          })),
          HELP: { target: 'choose', actions: respond(() => ({ out: ask([say('coach.help.choose')], [WELCOME_REPROMPT]) })) },
          '*': { target: 'welcoming' },
        },
      },
      /** Transient: speaks the welcome, then waits for a choice or the resume answer. */
      welcoming: {
        entry: welcome,
        always: [{ guard: hasOffer, target: 'resumeOffer' }, { target: 'choose' }],
      },
      resumeOffer: {
        on: {
          ...GLOBAL,
          YES: { target: 'routine', actions: resumeOffered },
          RESUME: { target: 'routine', actions: resumeOffered },
          NEXT: { target: 'routine', actions: resumeOffered },
          START_OVER: {
            target: 'routine',
            actions: respond((context) => {
              const next = { ...context, routine: context.offer!.routine };
              return { assign: { routine: next.routine, start: { step: 0, unit: 0 }, intro: intro(next) } };
            }),
          },
          NO: { target: 'choose', actions: respond((_c, _e, env) => ({ assign: { offer: null, env }, out: ask([WELCOME_ASK], [WELCOME_REPROMPT]) })) },
          START_ROUTINE: chooseRoutine,
          HELP: { actions: respond(() => ({ out: ask([say('coach.resume.reprompt')], [say('coach.resume.reprompt')]) })) },
          PREPARE: { actions: respond(() => ({ out: ask([...PREPARATION, say('coach.resume.reprompt')], [say('coach.resume.reprompt')]) })) },
          '*': { actions: respond(() => ({ out: ask([say('coach.resume.reprompt')], [say('coach.resume.reprompt')]) })) },
        },
      },
      choose: {
        on: {
          ...GLOBAL,
          START_ROUTINE: chooseRoutine,
          // "Neck again?" yes: straight in, no equipment talk for someone who has done it; an answered
          // question's routine goes through the equipment check first.
          YES: [
            { guard: guardOf((context) => context.suggested?.quick === true), target: 'routine', actions: respond((context) => ({ assign: quickStart(context) })) },
            { guard: guardOf((context) => context.suggested !== null), target: 'equipment', actions: respond((context, _e, env) => setUp(context, context.suggested!.routine, env)) },
            { actions: respond(() => ({ out: ask([WELCOME_ASK], [WELCOME_REPROMPT]) })) },
          ],
          NEXT: [
            { guard: guardOf((context) => context.suggested?.quick === true), target: 'routine', actions: respond((context) => ({ assign: quickStart(context) })) },
            { actions: respond(() => ({ out: ask([WELCOME_ASK], [WELCOME_REPROMPT]) })) },
          ],
          NO: [
            { guard: guardOf((context) => context.suggested !== null), actions: respond(() => ({ assign: { suggested: null }, out: ask([WELCOME_ASK], [WELCOME_REPROMPT]) })) },
            { target: 'ended', actions: respond(() => ({ out: { acts: [say('coach.stop.goodbye')], end: true } })) },
          ],
          HELP: { actions: respond(() => ({ out: ask([say('coach.help.choose')], [WELCOME_REPROMPT]) })) },
          SILENCE: [
            { guard: guardOf((context) => context.silences === 0), actions: respond(() => ({ assign: { silences: 1 }, out: ask([say('coach.silence.choose')], [WELCOME_REPROMPT]) })) },
            { guard: guardOf((context) => context.silences === 1), actions: respond(() => ({ assign: { silences: 2 }, out: ask([say('coach.silence.chooseAgain')], [WELCOME_REPROMPT]) })) },
            { target: 'ended', actions: respond(() => ({ out: { acts: [say('coach.silence.chooseEnd')], end: true } })) },
          ],
          EXPLAIN: {
            actions: respond((_c, event) => {
              const technique = event.type === 'EXPLAIN' && event.technique && catalogue.techniques.has(event.technique) ? event.technique : null;
              const acts = technique
                ? [say(`technique.${technique}.what`), say(`technique.${technique}.how`), say(`technique.${technique}.bestFor`)]
                : [say('coach.explain.general')];
              return { out: ask([...acts, WELCOME_ASK], [WELCOME_REPROMPT]) };
            }),
          },
          WHATS_NEXT: { actions: respond(() => ({ out: ask([say('coach.whatsNext.none')], [WELCOME_REPROMPT]) })) },
          RATE: { actions: rateOutside(WELCOME_ASK) },
          FALLBACK: { actions: respond(() => ({ out: ask([say('coach.fallback.choose')], [WELCOME_REPROMPT]) })) },
          '*': { actions: respond(() => ({ out: ask([WELCOME_ASK], [WELCOME_REPROMPT]) })) },
        },
      },
      equipment: {
        on: {
          ...GLOBAL,
          YES: { target: 'routine', actions: respond((context) => ({ assign: { intro: intro(context) } })) },
          NEXT: { target: 'routine', actions: respond((context) => ({ assign: { intro: intro(context) } })) },
          RESUME: { target: 'routine', actions: respond((context) => ({ assign: { intro: intro(context) } })) },
          START_ROUTINE: chooseRoutine,
          RATE: { actions: rateOutside(say('coach.equipment.reprompt')) },
          NO: { actions: respond(() => ({ out: ask([say('coach.equipment.wait')], [say('coach.equipment.reprompt')]) })) },
          SILENCE: [
            { guard: guardOf((context) => context.silences < 2), actions: respond((context) => ({ assign: { silences: context.silences + 1 }, out: ask([say('coach.equipment.reprompt')], [say('coach.equipment.reprompt')]) })) },
            { target: 'ended', actions: respond(() => ({ out: { acts: [say('coach.silence.chooseEnd')], end: true } })) },
          ],
          PAUSE: { actions: respond(() => ({ out: ask([say('coach.equipment.wait')], [say('coach.equipment.reprompt')]) })) },
          PREPARE: { actions: respond(() => ({ out: ask([...PREPARATION, say('coach.equipment.reprompt')], [say('coach.equipment.reprompt')]) })) },
          TIME_LEFT: {
            actions: respond((context, _event, env) => {
              const routine = catalogue.routines.get(context.routine!)!;
              return { out: ask([say('coach.timeLeft.notStarted', { routine: routineName(routine), minutes: plannedMinutes(routine, env.locale) }), say('coach.equipment.reprompt')], [say('coach.equipment.reprompt')]) };
            }),
          },
          EXPLAIN: {
            actions: respond((context) => {
              const techniques = [...new Set(catalogue.routines.get(context.routine!)!.steps.map((step) => step.technique).filter((t): t is string => !!t))];
              const first = techniques[0];
              const acts = first ? [say(`technique.${first}.what`)] : [say('coach.explain.general')];
              return { out: ask([...acts, say('coach.equipment.reprompt')], [say('coach.equipment.reprompt')]) };
            }),
          },
          '*': { actions: respond(() => ({ out: ask([say('coach.equipment.reprompt')], [say('coach.equipment.reprompt')]) })) },
        },
      },
      routine: {
        initial: 'pick',
        entry: respond((_c, _e, env) => ({ assign: { env, stepsCompleted: 0, started: true } })),
        exit: respond(() => ({ assign: { gentleOwed: false, intro: [] } })),
        states: {
          pick: { always: routineIds.map((id) => ({ guard: guardOf((context) => context.routine === id), target: id })) },
          ...routineStates,
        },
        on: {
          RED_FLAG,
          OUT: GLOBAL.OUT,
          RATE: {
            actions: respond((context, event, env) => {
              const recorded = record(context, event.type === 'RATE' ? event.value : undefined, true);
              const prefix = recorded ? recorded.out!.acts! : [say('coach.rating.outOfRange')];
              const before = recorded?.assign?.ratingBefore;
              return {
                ...(recorded?.assign ? { assign: recorded.assign } : {}),
                forward: { type: 'CONTINUE', prefix, env, ...(before !== undefined ? { ratingBefore: before } : {}) },
              };
            }),
          },
          PROGRESS: { actions: continueWith((_c, event) => progressActs(profileOf(event))) },
          SET_GOAL: {
            actions: respond((_c, event, env) => {
              const reply = goalReply(event, []);
              return { out: { effects: reply.effects ?? [] }, forward: { type: 'CONTINUE', prefix: reply.acts ?? [], env } };
            }),
          },
          DELETE_DATA: { actions: continueWith(() => [say('coach.delete.later')]) },
          PREPARE: { actions: continueWith(() => [say('coach.prepare.short')]) },
          START_ROUTINE: [
            // A routine stopped by a red flag stays stopped, from here too: the current one carries on.
            {
              guard: guardOf(isBlocked),
              actions: continueWith((_c, event) => [say('coach.choose.blocked', { routine: { t: `routine.${(event as { routine: string }).routine}.name` } })]),
            },
            {
              guard: guardOf((context, event) => event.type === 'START_ROUTINE' && event.routine === context.routine),
              actions: respond((_c, event) => ({ forward: { ...event, type: 'START_OVER' } })),
            },
            // Another area mid-routine: asked first, since it ends this one.
            {
              guard: guardOf((_c, event) => knownRoutine(event)),
              actions: respond((context, event) => {
                const wanted = (event as { routine: string }).routine;
                const names = { current: routineName(catalogue.routines.get(context.routine!)!), routine: routineName(catalogue.routines.get(wanted)!) };
                return { assign: { switchTo: wanted }, out: ask([say('coach.question.confirmSwitch', names)], [say('coach.question.switchReprompt')]) };
              }),
            },
            { actions: continueWith(() => [say('coach.choose.unknown')]) },
          ],
          LAUNCH: { actions: continueWith(() => [say('coach.welcome.back')]) },
          // Yes to "switch now?": this routine ends as stopped (its place saved), and the new one is set up.
          YES: [
            {
              guard: guardOf((context) => context.switchTo !== null),
              target: '#session.equipment',
              actions: respond((context, _event, env) => {
                const reply = setUp(context, context.switchTo!, env);
                return { ...reply, assign: { ...reply.assign, switchTo: null }, out: { ...reply.out, effects: [journalEntry(context, env, false, 'stopped')] } };
              }),
            },
            { actions: respond((_c, event) => ({ forward: event })) },
          ],
          NO: [
            { guard: guardOf((context) => context.switchTo !== null), actions: respond((_c, _e, env) => ({ assign: { switchTo: null }, forward: { type: 'CONTINUE', prefix: [], env } })) },
            { actions: respond((_c, event) => ({ forward: event })) },
          ],
          // Silence: the question alone (the routine asks it), then an offer to pause, then a graceful end with the place saved.
          SILENCE: [
            { guard: guardOf((context) => context.silences === 0), actions: respond((_c, event) => ({ assign: { silences: 1 }, forward: event })) },
            { guard: guardOf((context) => context.silences === 1), actions: respond(() => ({ assign: { silences: 2 }, out: ask([say('coach.silence.offerPause')], [say('coach.silence.offerPause')]) })) },
            {
              actions: respond(() => ({
                assign: { silences: 0, closeReason: 'silence' },
                out: { acts: [say('coach.silence.end')] },
                forward: { type: 'SESSION_CLOSED', reason: 'silence' },
              })),
            },
          ],
          SESSION_CLOSED: {
            actions: respond((_c, event) => ({ assign: { closeReason: event.type === 'SESSION_CLOSED' ? (event.reason ?? 'silence') : null }, forward: event })),
          },
          '*': { actions: respond((_c, event) => (event.type.startsWith('xstate.') ? {} : { forward: event })) },
        },
      },
      wrapUp: {
        entry: respond((context) => ({
          out: ask([say('coach.wrapUp.ask', { routine: routineName(catalogue.routines.get(context.routine!)!) })], [say('coach.wrapUp.reprompt')]),
        })),
        on: {
          RED_FLAG,
          OUT: GLOBAL.OUT,
          PROGRESS: { actions: respond((_c, event) => ({ out: ask([...progressActs(profileOf(event)), say('coach.wrapUp.reprompt')], [say('coach.wrapUp.reprompt')]) })) },
          SET_GOAL: { actions: respond((_c, event) => ({ out: goalReply(event, [say('coach.wrapUp.reprompt')]) })) },
          PREPARE: { actions: respond(() => ({ out: ask([say('coach.prepare.between'), say('coach.wrapUp.reprompt')], [say('coach.wrapUp.reprompt')]) })) },
          DELETE_DATA: {
            target: 'confirmDelete',
            actions: respond((context, _e, env) => ({
              out: { ...ask([say('coach.delete.confirm')], [say('coach.delete.confirm')]), effects: [journalEntry(context, env, true, null), { type: 'clearResume' }] },
            })),
          },
          RATE: [
            {
              guard: guardOf((_c, event) => event.type === 'RATE' && event.value !== undefined && event.value >= 0 && event.value <= 10),
              target: 'ended',
              actions: respond((context, event, env) => {
                const after = Math.round((event as { value: number }).value);
                const done = { ...context, ratingAfter: after };
                const before = context.ratingBefore;
                const key = before === null ? 'coach.wrapUp.noted' : after < before ? 'coach.wrapUp.down' : after === before ? 'coach.wrapUp.same' : 'coach.wrapUp.up';
                return {
                  assign: { ratingAfter: after },
                  out: {
                    acts: [say(key, { before: before ?? 0, after }), ...(context.summary ?? []), say('coach.wrapUp.advice')],
                    end: true,
                    effects: [journalEntry(done, env, true, null), { type: 'clearResume' }],
                  },
                };
              }),
            },
            { actions: respond(() => ({ out: ask([say('coach.rating.outOfRange')], [say('coach.wrapUp.reprompt')]) })) },
          ],
          SILENCE: { actions: respond(() => ({ out: ask([say('coach.wrapUp.reprompt')], [say('coach.wrapUp.reprompt')]) })) },
          FALLBACK: { actions: respond(() => ({ out: ask([say('coach.fallback.rating')], [say('coach.wrapUp.reprompt')]) })) },
          PAIN: { actions: respond(() => ({ out: ask([say('coach.pain.notHolding'), say('coach.wrapUp.reprompt')], [say('coach.wrapUp.reprompt')]) })) },
          REPEAT: { actions: respond(() => ({ out: ask([say('coach.wrapUp.reprompt')], [say('coach.wrapUp.reprompt')]) })) },
          SESSION_CLOSED: { target: 'ended', actions: respond((context, _e, env) => ({ out: { end: true, effects: [journalEntry(context, env, true, null), { type: 'clearResume' }] } })) },
          // Another routine straight after: this one is journaled as done (no rating after), then set up.
          START_ROUTINE: chooseRoutine.map((transition) => ({
            ...transition,
            actions: [respond((context, _e, env) => ({ out: { effects: [journalEntry(context, env, true, null), { type: 'clearResume' }] } })), transition.actions],
          })),
          '*': {
            target: 'ended',
            actions: respond((context, _e, env) => ({
              out: {
                acts: [say('coach.wrapUp.noted'), say('coach.wrapUp.advice')],
                end: true,
                effects: [journalEntry(context, env, true, null), { type: 'clearResume' }],
              },
            })),
          },
        },
      },
      /** "Delete my journal": nothing is deleted without a clear yes. */
      confirmDelete: {
        on: {
          ...GLOBAL,
          YES: {
            target: 'choose',
            actions: respond(() => ({ out: { ...ask([say('coach.delete.done'), WELCOME_ASK], [WELCOME_REPROMPT]), effects: [{ type: 'deleteData' }] } })),
          },
          NO: { target: 'choose', actions: respond(() => ({ out: ask([say('coach.delete.kept'), WELCOME_ASK], [WELCOME_REPROMPT]) })) },
          STOP: { target: 'ended', actions: respond(() => ({ out: { acts: [say('coach.delete.kept'), say('coach.stop.goodbye')], end: true } })) },
          '*': { actions: respond(() => ({ out: ask([say('coach.fallback.question'), say('coach.delete.confirm')], [say('coach.delete.confirm')]) })) },
        },
      },
      halted: {
        on: {
          ...GLOBAL,
          RED_FLAG: { actions: respond(() => ({ out: { acts: [say('coach.redFlag.stop_generic'), say('coach.redFlag.after')], end: true } })) },
          START_ROUTINE: chooseRoutine,
          '*': { actions: respond(() => ({ out: { acts: [say('coach.redFlag.after')], end: true } })) },
        },
      },
      ended: {
        on: {
          ...GLOBAL,
          START_ROUTINE: chooseRoutine,
          '*': { target: 'welcoming' },
        },
      },
    },
  };

  return setup({
    types: {} as { context: SessionContext; events: SessionEvent; input: { env: TurnEnv } },
    actors: actors as never,
  }).createMachine(config as never);
}

export type SessionMachine = ReturnType<typeof buildSessionMachine>;
