import { say } from '../speech/acts';
import {
  beginScan,
  continueScan,
  knotStatus,
  markedTensions,
  markSpot,
  myUsual,
  usualDoses,
  type ScanStep,
} from './learn-session';
import { envOf, type CoachReply } from './machine-kit';
import type { Effect } from './output';
import { routineCtx } from './routine-actions';
import { positionAt } from './position';
import { currentView, routineView } from './routine-context';
import { profileOf, WELCOME_ASK, type SessionContext, type SessionEvent, type Speech } from './session-context';
import type { SessionKit } from './session-kit';
import { compiledPlan, knownRoutine } from './session-plans';

/**
 * The learning dialogue in the coach machine (docs/learning.md): the replies of the scan, "Shall
 * we?", "that's the spot", knot status, the usual doses and "my usual". The words and choices are
 * learn-session.ts's, pure; this reads the session's facts for them and sets up the plan.
 */
export function sessionLearn(kit: SessionKit) {
  const facts = (context: SessionContext, event: SessionEvent) => ({ ...context, env: envOf(context, event) });

  /**
   * The scan's reply; composed, today's plan is set up as a chosen routine is (compiled, its
   * words added, carried in the snapshot), the scan's number kept as the before-rating.
   */
  const scanReply = (context: SessionContext, event: SessionEvent, step: ScanStep): CoachReply => {
    // Asking on: the question just asked is the reprompt.
    if (step.next === 'scan') return { assign: step.assign, say: { acts: step.acts, reprompt: step.acts.slice(-1) } };
    if (!step.plan) return { assign: { ...step.assign, confirming: false }, say: { acts: step.acts } };
    const setUp = kit.setUpFor(context, event, compiledPlan(step.plan).id);
    return {
      assign: { ...setUp.assign, ...step.assign, ratingBefore: step.rating ?? null, confirming: true },
      say: { acts: step.acts },
    };
  };

  return {
    beginScan: (context: SessionContext, event: SessionEvent) =>
      scanReply(context, event, beginScan(facts(context, event), event, profileOf(event))),
    continueScan: (context: SessionContext, event: SessionEvent) =>
      scanReply(context, event, continueScan(facts(context, event), event, profileOf(event))),
    isScanning: (context: SessionContext) => Boolean(context.scan),
    isComposed: (context: SessionContext) => context.confirming === true,
    /**
     * "Shall we?" "Yes": with a number from the scan, straight in ("Let's begin."); without, the
     * before-rating in five words first.
     */
    confirmComposed: (context: SessionContext): CoachReply =>
      context.ratingBefore !== null
        ? { assign: { confirming: false, intro: [say('coach.routine.begin')] } }
        : { assign: { confirming: false, intro: [] }, say: { acts: [say('coach.rating.askBack')] } },
    /** "Shall we?" "No": back to the menu, nothing kept of today's plan. */
    declineComposed: (): CoachReply => ({
      assign: { routine: null, start: null, ratingBefore: null, marked: [], confirming: false },
      say: { acts: [say('coach.scan.declined'), WELCOME_ASK] },
    }),
    /** "That's the spot", during a hold: the spot under way kept (the hold goes on: the caller carries on). */
    markSpot: (context: SessionContext, event: SessionEvent) => {
      const routine = knownRoutine(context.run?.routine ?? context.routine);
      if (!routine || !context.run) return markSpot(facts(context, event), null);
      // Where the person is as they speak: inside a hold of the last response, or just after it.
      const run = routineCtx(context);
      const at = run.played ? positionAt(run.played, envOf(context, event).now) : null;
      const view = at ? routineView(routine, run, at.step, at.unit) : currentView(routine, run);
      return markSpot(facts(context, event), view);
    },
    knotStatus: (context: SessionContext, event: SessionEvent): Speech => ({
      acts: knotStatus(event, profileOf(event), knownRoutine(context.routine)?.area ?? null),
    }),
    usualDoses: (context: SessionContext, event: SessionEvent): Speech => usualDoses(facts(context, event)),
    /** "My usual": set up at once, as "neck again?" yes is (no equipment talk), the before-rating asked; none known, how to find one. */
    startUsual: (context: SessionContext, event: SessionEvent): CoachReply => {
      const { usual, acts } = myUsual(facts(context, event), profileOf(event));
      if (!usual) return { say: { acts: [...acts, WELCOME_ASK] } };
      const setUp = kit.setUpFor(context, event, usual.routine);
      return {
        assign: { ...setUp.assign, intro: [] },
        say: { acts: [...acts, ...kit.planActs(context, usual.routine), say('coach.rating.askBack')] },
      };
    },
    hasUsual: (context: SessionContext, event: SessionEvent) =>
      myUsual(facts(context, event), profileOf(event)).usual !== null,
    /** At the session's ratings: every spot worked gets its tension. */
    tensions: (context: SessionContext, before: number | null, after: number | null): Effect[] =>
      markedTensions(context, before, after),
  };
}
