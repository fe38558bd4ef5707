import { say, type Act } from '../speech/acts';
import { markedTensions } from './learn-session';
import { envOf, type CoachReply } from './machine-kit';
import type { CutShort, Effect } from './output';
import { planLinkActs } from './plan-link';
import { progressActs } from './progress';
import { comparisonActs } from './ratings';
import { profileOf, type SessionContext, type SessionEvent, type Speech } from './session-context';
import type { SessionKit } from './session-kit';
import { routineNamed } from './units';

/** Words only; a reply that writes the journal also marks the routine journaled. Anything said breaks a run of silences. */
export function speech(context: SessionContext, event: SessionEvent, params: Speech): CoachReply {
  const journaled = params.effects?.some((effect) => effect.type === 'journal');
  const assign: Partial<SessionContext> = {
    ...(journaled ? { routineUnjournaled: false } : {}),
    ...(event.type !== 'SILENCE' && context.silences > 0 ? { silences: 0 } : {}),
  };
  return { assign, say: params };
}

/**
 * Why a routine ended before its last step, as the journal keeps it (never the words): stopped
 * after the person said it eased or rated it a real change lower (docs/learning.md: 2 points and
 * 30%) is "pain eased"; the platform closing on silence is "silence"; else "stopped".
 */
function whyCutShort(context: SessionContext): CutShort {
  const stopped = context.run?.endReason === 'stopped' || context.closeReason === 'user';
  if (!stopped) return 'silence';
  const last = context.ratingsDuring.at(-1);
  const before = context.ratingBefore;
  const ratedLower = last !== undefined && before !== null && before - last >= 2 && before - last >= 0.3 * before;
  return context.eased || ratedLower ? 'pain-eased' : 'stopped';
}

/**
 * The journal entry of a routine played to its end: a routine fitted into the minutes the person
 * had ("I only have five minutes") left steps out, so it is cut short for time, with the steps done.
 */
function finishedEntry(kit: SessionKit, done: SessionContext): Effect {
  const leftOut = done.run?.skip?.length ?? 0;
  if (!leftOut) return kit.journalEntry(done, true, null);
  const entry = kit.journalEntry(done, false, 'time');
  if (entry.type !== 'journal') return entry;
  return { ...entry, entry: { ...entry.entry, stepsCompleted: Math.max(0, entry.entry.totalSteps - leftOut) } };
}

/** Ratings, progress and goals, the journal entry of a routine left or finished, the wrap-up. */
export function sessionWrapUp(kit: SessionKit) {
  return {
    rateOutsideRoutine: (context: SessionContext, event: SessionEvent, params: { then: Act }): CoachReply => {
      const recorded = kit.rateFrom(context, event, false);
      if (!recorded) return { say: { acts: [say('coach.rating.outOfRange')] } };
      return { assign: recorded.assign, say: { acts: [...recorded.acts, params.then] } };
    },
    /** A rating given mid-routine: recorded (a before-rating kept with a saved place), said back; the hold goes on. */
    rateInRoutine: (context: SessionContext, event: SessionEvent): { assign: Partial<SessionContext>; acts: Act[] } => {
      const recorded = kit.rateFrom(context, event, true);
      return { assign: recorded?.assign ?? {}, acts: recorded ? recorded.acts : [say('coach.rating.outOfRange')] };
    },
    tellProgress: (_context: SessionContext, event: SessionEvent, params: { then: Act[] }): CoachReply => ({
      say: { acts: [...progressActs(profileOf(event)), ...params.then] },
    }),
    /** LINK_PLAN: the runner resolved the code before the turn; the coach says what came of it. */
    tellPlanLink: (context: SessionContext, event: SessionEvent, params: { then: Act[] }): CoachReply => ({
      say: { acts: [...planLinkActs(profileOf(event), envOf(context, event).locale), ...params.then] },
    }),
    setGoal: (_context: SessionContext, event: SessionEvent, params: { then: Act[] }): CoachReply => ({
      say: kit.goalReply(event, params.then),
    }),
    /** The routine the user leaves for another is journaled before the new one is set up. */
    journalLeftRoutine: (context: SessionContext, event: SessionEvent, params: { completed: boolean }): CoachReply => {
      const done = { ...context, env: envOf(context, event) };
      const effects: Effect[] = [kit.journalEntry(done, params.completed, params.completed ? null : 'stopped')];
      if (params.completed) effects.push({ type: 'clearResume' });
      return { assign: { routineUnjournaled: false }, say: { effects } };
    },
    /** The routine ended before its last step: journaled as stopped, or as the platform closed it. */
    journalCutShort: (context: SessionContext): CoachReply => {
      const stopped = context.run?.endReason === 'stopped';
      const effects = [kit.journalEntry(context, false, whyCutShort(context))];
      return {
        assign: { routineUnjournaled: false },
        say: stopped ? { acts: [say('coach.stop.saved')], end: true, effects } : { end: true, effects },
      };
    },
    askRatingAfter: (context: SessionContext): CoachReply => ({
      say: { acts: [say('coach.wrapUp.ask', { routine: routineNamed(context.routine!) })] },
    }),
    closeWithRating: (context: SessionContext, event: SessionEvent): CoachReply => {
      const after = Math.round(event.type === 'RATE' ? event.value! : 0);
      const done = { ...context, ratingAfter: after, env: envOf(context, event) };
      // Now and then the progress summary comes unasked.
      const acts = [
        ...comparisonActs(context.ratingBefore, after),
        ...(context.summary ?? []),
        say('coach.wrapUp.advice'),
      ];
      return {
        assign: { ratingAfter: after, routineUnjournaled: false },
        say: {
          acts,
          end: true,
          effects: [
            finishedEntry(kit, done),
            { type: 'clearResume' },
            // Every spot worked today gets the session's tension before and after (the knot map).
            ...markedTensions(done, context.ratingBefore, after),
          ],
        },
      };
    },
    /** The routine is done whatever the answer: journaled as completed, with the words given. */
    closeRoutineDone: (context: SessionContext, event: SessionEvent, params: Speech): CoachReply => {
      const effects: Effect[] = [
        finishedEntry(kit, { ...context, env: envOf(context, event) }),
        { type: 'clearResume' },
        ...markedTensions({ ...context, env: envOf(context, event) }, context.ratingBefore, null),
        ...(params.effects ?? []),
      ];
      return { assign: { routineUnjournaled: false }, say: { ...params, effects } };
    },
  };
}
