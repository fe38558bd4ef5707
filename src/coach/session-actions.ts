import { assertEvent, enqueueActions, setup } from 'xstate';
import type { Catalogue } from '../content/load';
import { say, type Act } from '../speech/acts';
import { plannedMinutes } from './length';
import type { TurnEnv } from './events';
import { envOf, outputEvent, waitingFor, type OutputEvent } from './machine-kit';
import type { CutShort, Effect } from './output';
import { RESUME_WINDOW_MS } from './profile';
import { persistentPainActs, progressActs } from './progress';
import { comparisonActs } from './ratings';
import { buildRoutineMachine } from './routine-machine';
import type { RoutineStart } from './routine-context';
import { afterHalt, safetyAnswer } from './safety';
import { reportActs } from './reports';
import { planLinkActs } from './plan-link';
import {
  HALT_RANK,
  profileOf,
  routineAsked,
  WELCOME_ASK,
  type SessionContext,
  type SessionEvent,
  type Speech,
} from './session-context';
import { sessionKit } from './session-kit';
import { routineName, routineNamed, stepTitle } from './units';

/** The session's named actions and guards, and the routine machines it invokes; the chart itself is in session-machine.ts. */
export function sessionSetup(catalogue: Catalogue) {
  const routineIds = [...catalogue.routines.keys()];
  const actors = Object.fromEntries(routineIds.map((id) => [id, buildRoutineMachine(catalogue.routines.get(id)!)]));
  const kit = sessionKit(catalogue);

  return setup({
    types: {} as {
      context: SessionContext;
      events: SessionEvent;
      input: { env: TurnEnv };
      emitted: OutputEvent;
      meta: ReturnType<typeof waitingFor>;
    },
    actors,
    guards: {
      hasOffer: ({ context }) => context.offer !== null,
      isBlocked: ({ context, event }) => context.blocked.includes(routineAsked(event) ?? ''),
      isUnknownRoutine: ({ event }) => !catalogue.routines.has(routineAsked(event) ?? ''),
      isCurrentRoutine: ({ context, event }) => routineAsked(event) === context.routine,
      isRoutine: ({ context }, params: { id: string }) => context.routine === params.id,
      isRoutineCompleted: ({ event }) =>
        event.type === 'xstate.done.actor.routine' && event.output.reason === 'completed',
      /** A caution is answered and the session goes on; every other sign (or none known) halts it. */
      isCaution: ({ event }) =>
        event.type === 'RED_FLAG' && safetyAnswer(catalogue, event.symptom, null, null).halt === null,
      /** After an emergency or a same-day sign, nothing (help included) lowers the message to call for care. */
      haltedForCare: ({ context }) => context.halt === 'emergency' || context.halt === 'same-day',
      isRatingInRange: ({ event }) =>
        event.type === 'RATE' && event.value !== undefined && event.value >= 0 && event.value <= 10,
      hasQuickSuggestion: ({ context }) => context.suggested?.quick === true,
      hasSuggestion: ({ context }) => context.suggested !== null,
      isSwitchAsked: ({ context }) => context.switchTo !== null,
      /** Silences in a row so far: 0, 1, 2 … */
      isSilence: ({ context }, params: { count: number }) => context.silences === params.count,
    },
    actions: {
      /** Words only; a reply that writes the journal also marks the routine journaled. */
      speak: enqueueActions(({ context, event, enqueue }, params: Speech) => {
        if (params.effects?.some((effect) => effect.type === 'journal')) enqueue.assign({ routineUnjournaled: false });
        // Anything the user says breaks a run of silences.
        if (event.type !== 'SILENCE' && context.silences > 0) enqueue.assign({ silences: 0 });
        enqueue.emit(outputEvent(params));
      }),
      /** A run of silences grows by one. */
      countSilence: enqueueActions(({ context, enqueue }) => enqueue.assign({ silences: context.silences + 1 })),
      /** A routine's speech, passed on to the turn. */
      relayOutput: enqueueActions(({ event, enqueue }) => {
        assertEvent(event, 'output');
        enqueue.emit(event);
      }),

      /** Greets, gives the disclaimer the first time, says once that last time stopped for safety, warns on the two-week rule, offers to resume. */
      welcome: enqueueActions(({ context, event, enqueue }) => {
        const env = envOf(context, event);
        const profile = profileOf(event);
        const first = profile.firstSession;
        // The first time: the disclaimer and, in one sentence, the words that stop everything.
        const acts: Act[] = [
          ...(first ? [say('coach.welcome.first')] : []),
          ...persistentPainActs(profile.persistentPain),
        ];
        enqueue.assign({ ...kit.profileFacts(profile), stopWordsOwed: first });
        const notice = kit.safetyNotice(profile);
        if (notice.acts?.length) {
          enqueue.assign({ offer: null, env });
          const greeting = first ? [] : [say('coach.welcome.back')];
          return enqueue.emit(
            outputEvent({ acts: [...greeting, ...acts, ...notice.acts, WELCOME_ASK], effects: notice.effects ?? [] }),
          );
        }
        const point = profile.resume;
        const routine = point && kit.routineOf(point.routine);
        const fresh =
          point &&
          routine &&
          env.now - point.savedAt < RESUME_WINDOW_MS &&
          point.step < routine.steps.length &&
          !context.blocked.includes(point.routine);
        if (point && routine && fresh) {
          const params = {
            routine: routineName(routine),
            step: stepTitle(routine, point.step),
            ...(point.side ? { side: { t: `sideOn.${point.side}` } } : {}),
          };
          acts.push(say(point.side ? 'coach.resume.offer_side' : 'coach.resume.offer', params));
          const start: RoutineStart = {
            step: point.step,
            unit: point.unit,
            ...(point.remainingSeconds ? { remaining: point.remainingSeconds } : {}),
          };
          if (!first) acts.unshift(say('coach.welcome.back'));
          enqueue.assign({
            offer: {
              routine: point.routine,
              start,
              ...(point.ratingBefore !== undefined ? { ratingBefore: point.ratingBefore } : {}),
            },
            env,
          });
          return enqueue.emit(outputEvent({ acts }));
        }
        // A returning user: straight to what they did, or to what helped most ("Neck release again?").
        const again = first ? null : kit.againOffer(profile, context.blocked);
        if (again) {
          acts.push(
            say(again.helped ? 'coach.welcome.helped' : 'coach.welcome.again', {
              routine: routineNamed(again.routine),
            }),
          );
          enqueue.assign({ offer: null, suggested: { routine: again.routine, quick: true }, env });
          return enqueue.emit(outputEvent({ acts, reprompt: [say('coach.welcome.againReprompt')] }));
        }
        if (!first) acts.unshift(say('coach.welcome.back'));
        // The first time, the area question in its short form: the words before the first hold stay few.
        acts.push(first ? say('coach.welcome.reprompt') : WELCOME_ASK);
        enqueue.assign({ offer: null, env });
        enqueue.emit(outputEvent({ acts }));
      }),
      /** A one-shot start ("ask massage coach to start neck release") still owes the first-session disclaimer and the safety notice. */
      greetFirstTime: enqueueActions(({ event, enqueue }) => {
        const profile = profileOf(event);
        enqueue.assign(kit.profileFacts(profile));
        const notice = kit.safetyNotice(profile);
        const acts = [...(profile.firstSession ? [say('coach.welcome.first')] : []), ...(notice.acts ?? [])];
        enqueue.assign({ stopWordsOwed: profile.firstSession });
        if (acts.length) enqueue.emit(outputEvent({ acts, effects: notice.effects ?? [] }));
      }),
      refuseBlocked: enqueueActions(({ event, enqueue }) => {
        assertEvent(event, 'START_ROUTINE');
        enqueue.emit(outputEvent({ acts: [say('coach.choose.blocked', { routine: routineNamed(event.routine!) })] }));
      }),

      /** The one set-up of a routine, whether chosen at the start, after another, or mid-routine. */
      setUpRoutine: enqueueActions(({ context, event, enqueue }) => {
        assertEvent(event, 'START_ROUTINE');
        const reply = kit.setUpFor(context, event, event.routine!);
        // A rating given before the choice is kept.
        enqueue.assign({ ...reply.assign, ratingBefore: context.routine === null ? context.ratingBefore : null });
        enqueue.emit(outputEvent({ acts: reply.acts }));
      }),
      /** Yes to an offered routine ("which routine …" answered) or to "switch now?": its equipment check. */
      setUpOffered: enqueueActions(({ context, event, enqueue }) => {
        const reply = kit.setUpFor(context, event, context.switchTo ?? context.suggested!.routine);
        enqueue.assign(reply.assign);
        enqueue.emit(outputEvent({ acts: reply.acts }));
      }),
      /** "Neck release again?" "Yes": from the top, no equipment talk and no introduction for someone who knows it. */
      quickStart: enqueueActions(({ context, event, enqueue }) => {
        const reply = kit.setUpFor(context, event, context.suggested!.routine);
        enqueue.assign({ ...reply.assign, intro: [] });
        enqueue.emit(
          outputEvent({ acts: [...kit.planActs(context, context.suggested!.routine), say('coach.rating.askBack')] }),
        );
      }),
      /** The before-rating of a quick start: said back at the top of the routine's first response. */
      rateBeforeStart: enqueueActions(({ context, event, enqueue }) => {
        const recorded = kit.rateFrom(context, event, false);
        if (recorded) enqueue.assign({ ...recorded.assign, intro: recorded.acts });
      }),
      declineSuggestion: enqueueActions(({ enqueue }) => {
        enqueue.assign({ suggested: null, silences: 0 });
        enqueue.emit(outputEvent({ acts: [WELCOME_ASK] }));
      }),
      /** "Which routine is good for …?" outside a routine: answered from the guide, and offered. */
      answerRoutineQuestion: enqueueActions(({ context, event, enqueue }) => {
        const asked = event.type === 'ASK_ROUTINE' ? event.routine : undefined;
        if (!asked || !catalogue.routines.has(asked))
          return enqueue.emit(outputEvent({ acts: [say('coach.question.where')] }));
        const blocked = context.blocked.includes(asked);
        enqueue.assign({ suggested: blocked ? null : { routine: asked, quick: false } });
        enqueue.emit(
          outputEvent({
            acts: [say(`routine.${asked}.goodFor`), blocked ? WELCOME_ASK : say('coach.question.offerStart')],
          }),
        );
      }),
      /** Another routine asked for mid-routine: asked first, since it ends this one. */
      askToSwitch: enqueueActions(({ context, event, enqueue }) => {
        assertEvent(event, 'START_ROUTINE');
        enqueue.assign({ switchTo: event.routine! });
        const names = { current: routineNamed(context.routine!), routine: routineNamed(event.routine!) };
        enqueue.emit(
          outputEvent({
            acts: [say('coach.question.confirmSwitch', names)],
            reprompt: [say('coach.question.switchReprompt')],
          }),
        );
      }),
      /** "No" to switching: the routine goes on where it was. */
      keepRoutine: enqueueActions(({ context, event, enqueue }) => {
        enqueue.assign({ switchTo: null });
        enqueue.sendTo('routine', { type: 'CONTINUE', prefix: [], env: envOf(context, event) });
      }),
      /** Coaching questions outside a routine (pain, equipment, talk …): the answer, then the state's question. */
      answerOutside: enqueueActions(({ context, event, enqueue }, params: { then: Act }) => {
        const env = envOf(context, event);
        const effects: Effect[] = [];
        let acts: Act[];
        switch (event.type) {
          case 'PAIN':
            enqueue.assign({ gentleOwed: true });
            acts = [say('coach.pain.notHolding')];
            break;
          case 'DEEPER':
            acts = [say('coach.pain.deeperNotHolding')];
            break;
          case 'MISSING':
            acts = [say(`coach.missing.${event.item ?? 'unknown'}`)];
            break;
          case 'TALK': {
            const brief = event.mode !== 'more';
            enqueue.assign({ brief });
            effects.push({ type: 'setTalk', talk: brief ? 'brief' : 'full' });
            acts = [say(brief ? 'coach.talk.less' : 'coach.talk.more')];
            break;
          }
          case 'SHORT_ON_TIME': {
            // Kept for the routine about to start: it begins fitted, its plan said first.
            if (event.minutes) {
              enqueue.assign({ shortMinutes: event.minutes });
              acts = [say('coach.short.noted', { minutes: { seconds: event.minutes * 60 } })];
            } else {
              const routine = kit.routineOf(context.routine);
              acts = routine
                ? [say('coach.short.none', { minutes: plannedMinutes(routine, env.locale) })]
                : [say('coach.explain.general')];
            }
            break;
          }
          case 'PACE':
            acts = [say('coach.pace.holds')];
            break;
          case 'REPORT':
            acts = reportActs(event);
            break;
          case 'KEEP_GOING':
            enqueue.assign({ chain: true });
            acts = [say('coach.chain.noted')];
            break;
          default:
            acts = [say('coach.explain.general')];
        }
        enqueue.emit(outputEvent({ acts: [...acts, params.then], ...(effects.length ? { effects } : {}) }));
      }),
      /** The routine the user leaves for another is journaled before the new one is set up. */
      journalLeftRoutine: enqueueActions(({ context, event, enqueue, self }, params: { completed: boolean }) => {
        const done = { ...context, env: envOf(context, event), stepsCompleted: kit.stepsDone(context, self) };
        const effects: Effect[] = [kit.journalEntry(done, params.completed, params.completed ? null : 'stopped')];
        if (params.completed) effects.push({ type: 'clearResume' });
        enqueue.assign({ routineUnjournaled: false });
        enqueue.emit(outputEvent({ effects }));
      }),
      takeOffer: enqueueActions(({ context, enqueue }) => {
        // The rest of an interrupted session: its before-rating kept, journaled as the same session.
        const rating = context.offer!.ratingBefore !== undefined ? { ratingBefore: context.offer!.ratingBefore } : {};
        enqueue.assign({
          routine: context.offer!.routine,
          start: context.offer!.start,
          intro: [],
          resumed: true,
          ...rating,
        });
      }),
      startOfferOver: enqueueActions(({ context, event, enqueue }) => {
        enqueue.assign({
          routine: context.offer!.routine,
          start: { step: 0, unit: 0 },
          intro: kit.introOf(context.offer!.routine, envOf(context, event), context.shortMinutes, context.cautions),
          resumed: false,
        });
      }),
      introduceRoutine: enqueueActions(({ context, event, enqueue }) => {
        // The equipment check said the length; said again only if a caution heard since changed it.
        const said = context.cautions?.length
          ? kit.introOf(context.routine!, envOf(context, event), context.shortMinutes, context.cautions)
          : [say('coach.routine.begin')];
        enqueue.assign({
          intro: context.shortMinutes
            ? kit.introOf(context.routine!, envOf(context, event), context.shortMinutes)
            : said,
          silences: 0,
        });
      }),
      declineOffer: enqueueActions(({ context, event, enqueue }) => {
        enqueue.assign({ offer: null, env: envOf(context, event) });
        enqueue.emit(outputEvent({ acts: [WELCOME_ASK] }));
      }),

      rateOutsideRoutine: enqueueActions(({ context, event, enqueue }, params: { then: Act }) => {
        const recorded = kit.rateFrom(context, event, false);
        if (!recorded) return enqueue.emit(outputEvent({ acts: [say('coach.rating.outOfRange')] }));
        enqueue.assign(recorded.assign);
        enqueue.emit(outputEvent({ acts: [...recorded.acts, params.then] }));
      }),
      rateInRoutine: enqueueActions(({ context, event, enqueue, self }) => {
        const recorded = kit.rateFrom({ ...context, stepsCompleted: kit.stepsDone(context, self) }, event, true);
        if (recorded) enqueue.assign(recorded.assign);
        const before = (recorded?.assign as { ratingBefore?: number } | undefined)?.ratingBefore;
        enqueue.sendTo('routine', {
          type: 'CONTINUE',
          prefix: recorded ? recorded.acts : [say('coach.rating.outOfRange')],
          env: envOf(context, event),
          // A saved place keeps the before-rating, so a resumed session compares with it.
          ...(before !== undefined ? { ratingBefore: before } : {}),
        });
      }),
      tellProgress: enqueueActions(({ event, enqueue }, params: { then: Act[] }) => {
        enqueue.emit(outputEvent({ acts: [...progressActs(profileOf(event)), ...params.then] }));
      }),
      tellPlanLink: enqueueActions(({ context, event, enqueue }, params: { then: Act[] }) => {
        enqueue.emit(
          outputEvent({ acts: [...planLinkActs(profileOf(event), envOf(context, event).locale), ...params.then] }),
        );
      }),
      setGoal: enqueueActions(({ event, enqueue }, params: { then: Act[] }) =>
        enqueue.emit(outputEvent(kit.goalReply(event, params.then))),
      ),
      explainTechnique: enqueueActions(({ event, enqueue }) => {
        const technique =
          event.type === 'EXPLAIN' && event.technique && catalogue.techniques.has(event.technique)
            ? event.technique
            : null;
        const acts = technique
          ? [
              say(`technique.${technique}.what`),
              say(`technique.${technique}.how`),
              say(`technique.${technique}.bestFor`),
            ]
          : [say('coach.explain.general')];
        enqueue.emit(outputEvent({ acts: [...acts, WELCOME_ASK] }));
      }),
      explainChosenRoutine: enqueueActions(({ context, enqueue }) => {
        const first = kit.techniquesOf(context.routine!)[0];
        enqueue.emit(
          outputEvent({
            acts: [
              first ? say(`technique.${first}.what`) : say('coach.explain.general'),
              say('coach.equipment.reprompt'),
            ],
          }),
        );
      }),
      tellChosenRoutineLength: enqueueActions(({ context, enqueue }) => {
        const routine = kit.routineOf(context.routine)!;
        enqueue.emit(
          outputEvent({
            acts: [
              say('coach.timeLeft.notStarted', {
                routine: routineName(routine),
                minutes: plannedMinutes(routine, context.env.locale),
              }),
              say('coach.equipment.reprompt'),
            ],
          }),
        );
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
        const halt = [answer.halt ?? 'stop', ...(context.halt ? [context.halt] : [])].sort(
          (a, b) => HALT_RANK[a] - HALT_RANK[b],
        )[0]!;
        const effects: Effect[] = [
          {
            type: 'saveResume',
            point: { routine: routine ?? '', step: 0, unit: 0, savedAt: env.now, safetyStop: true },
          },
        ];
        if (params.busy && context.routine && context.routineUnjournaled) {
          effects.push(
            kit.journalEntry({ ...context, env, stepsCompleted: kit.stepsDone(context, self) }, false, 'red-flag'),
          );
        }
        enqueue.assign({
          blocked: [...new Set([...context.blocked, ...answer.blocks])],
          halt,
          start: null,
          env,
          routineUnjournaled: false,
        });
        enqueue.emit(outputEvent({ acts: answer.acts, end: true, effects }));
      }),
      /** `plan`: a routine is chosen and not begun: say what the caution changes in it. */
      answerCaution: enqueueActions(({ context, event, enqueue }, params: { then: Act; plan: boolean }) => {
        const cautions = kit.withCaution(context, event);
        enqueue.assign({ cautions });
        const changes = params.plan && context.routine ? kit.planActs({ ...context, cautions }, context.routine) : [];
        enqueue.emit(
          outputEvent({
            acts: [...safetyAnswer(catalogue, kit.symptomOf(event), null, null).acts, ...changes, params.then],
          }),
        );
      }),
      /** Mid-routine: the routine follows the plan the cautions make, and says what changes. */
      continueWithCaution: enqueueActions(({ context, event, enqueue }) => {
        const cautions = kit.withCaution(context, event);
        enqueue.assign({ cautions });
        enqueue.sendTo('routine', {
          type: 'CONTINUE',
          prefix: safetyAnswer(catalogue, kit.symptomOf(event), null, null).acts,
          env: envOf(context, event),
          cautions,
        });
      }),
      /** After a safety halt, anything said gets the matching follow-up (the number again after an emergency). */
      repeatAfterHalt: enqueueActions(({ context, event, enqueue }) => {
        const caution = event.type === 'RED_FLAG' ? safetyAnswer(catalogue, event.symptom, null, null).acts : [];
        enqueue.emit(
          outputEvent({
            acts: [...caution, afterHalt(context.halt, envOf(context, event).emergencyNumber)],
            end: true,
          }),
        );
      }),

      // --- while a routine runs: the session speaks first, then the routine goes on ------------------
      enterRoutine: enqueueActions(({ context, event, enqueue }) =>
        enqueue.assign({ env: envOf(context, event), stepsCompleted: 0, routineUnjournaled: true }),
      ),
      leaveRoutine: enqueueActions(({ enqueue }) =>
        enqueue.assign({ gentleOwed: false, intro: [], stopWordsOwed: false }),
      ),
      /** Silence again after the question: an offer to pause and save. */
      offerPause: enqueueActions(({ context, enqueue }) => {
        enqueue.assign({ silences: context.silences + 1 });
        enqueue.emit(
          outputEvent({ acts: [say('coach.silence.offerPause')], reprompt: [say('coach.silence.offerPause')] }),
        );
      }),
      /** A third silence: a graceful end, the place saved (Dialogflow would end the call here anyway). */
      endAfterSilence: enqueueActions(({ enqueue }) => {
        enqueue.assign({ silences: 0, closeReason: 'silence' });
        enqueue.emit(outputEvent({ acts: [say('coach.silence.end')] }));
        enqueue.sendTo('routine', { type: 'SESSION_CLOSED', reason: 'silence' });
      }),
      continueRoutine: enqueueActions(({ context, event, enqueue }, params: { acts: Act[] }) => {
        enqueue.sendTo('routine', { type: 'CONTINUE', prefix: params.acts, env: envOf(context, event) });
      }),
      continueWithProgress: enqueueActions(({ context, event, enqueue }) => {
        enqueue.sendTo('routine', {
          type: 'CONTINUE',
          prefix: progressActs(profileOf(event)),
          env: envOf(context, event),
        });
      }),
      continueWithGoal: enqueueActions(({ context, event, enqueue }) => {
        const reply = kit.goalReply(event, []);
        enqueue.emit(outputEvent({ effects: reply.effects ?? [] }));
        enqueue.sendTo('routine', { type: 'CONTINUE', prefix: reply.acts ?? [], env: envOf(context, event) });
      }),
      continueRefusingBlocked: enqueueActions(({ context, event, enqueue }) => {
        assertEvent(event, 'START_ROUTINE');
        enqueue.sendTo('routine', {
          type: 'CONTINUE',
          prefix: [say('coach.choose.blocked', { routine: routineNamed(event.routine!) })],
          env: envOf(context, event),
        });
      }),
      startRoutineOver: enqueueActions(({ event, enqueue }) =>
        enqueue.sendTo('routine', { ...event, type: 'START_OVER' }),
      ),
      noteCloseReason: enqueueActions(({ event, enqueue }) => {
        assertEvent(event, 'SESSION_CLOSED');
        enqueue.assign({ closeReason: event.reason ?? 'silence' });
        enqueue.sendTo('routine', event);
      }),
      /** Everything else goes to the routine, which answers in its own step. */
      forwardToRoutine: enqueueActions(({ context, event, enqueue }) => {
        if (event.type.startsWith('xstate.')) return;
        // Kept for the session: the next routine chains too.
        if (event.type === 'KEEP_GOING') enqueue.assign({ chain: true });
        if (event.type === 'SILENCE') enqueue.assign({ silences: context.silences + 1 });
        else if (context.silences > 0 || context.switchTo) enqueue.assign({ silences: 0, switchTo: null });
        enqueue.sendTo('routine', event);
      }),
      /** The routine ended before its last step: journaled as stopped, or as the platform closed it. */
      journalCutShort: enqueueActions(({ context, event, enqueue }) => {
        assertEvent(event, 'xstate.done.actor.routine');
        const { output } = event;
        const why: CutShort = output.reason === 'stopped' || context.closeReason === 'user' ? 'stopped' : 'silence';
        const effects = [kit.journalEntry({ ...context, stepsCompleted: output.stepsCompleted }, false, why)];
        enqueue.assign({ routineUnjournaled: false });
        enqueue.emit(
          outputEvent(
            output.reason === 'stopped'
              ? { acts: [say('coach.stop.saved')], end: true, effects }
              : { end: true, effects },
          ),
        );
      }),

      // --- the wrap-up -------------------------------------------------------------------------
      askRatingAfter: enqueueActions(({ context, enqueue }) => {
        enqueue.emit(outputEvent({ acts: [say('coach.wrapUp.ask', { routine: routineNamed(context.routine!) })] }));
      }),
      closeWithRating: enqueueActions(({ context, event, enqueue }) => {
        assertEvent(event, 'RATE');
        const after = Math.round(event.value!);
        const before = context.ratingBefore;
        const done = { ...context, ratingAfter: after, env: envOf(context, event) };
        enqueue.assign({ ratingAfter: after, routineUnjournaled: false });
        // Now and then the progress summary comes unasked.
        const acts = [...comparisonActs(before, after), ...(context.summary ?? []), say('coach.wrapUp.advice')];
        enqueue.emit(
          outputEvent({ acts, end: true, effects: [kit.journalEntry(done, true, null), { type: 'clearResume' }] }),
        );
      }),
      /** The routine is done whatever the answer: journaled as completed, with the words given. */
      closeRoutineDone: enqueueActions(({ context, event, enqueue }, params: Speech) => {
        const effects: Effect[] = [
          kit.journalEntry({ ...context, env: envOf(context, event) }, true, null),
          { type: 'clearResume' },
          ...(params.effects ?? []),
        ];
        enqueue.assign({ routineUnjournaled: false });
        enqueue.emit(outputEvent({ ...params, effects }));
      }),
    },
  });
}
