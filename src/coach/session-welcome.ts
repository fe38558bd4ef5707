import { say, type Act } from '../speech/acts';
import { envOf, type CoachReply } from './machine-kit';
import { RESUME_WINDOW_MS } from './profile';
import { persistentPainActs } from './progress';
import type { RoutineStart } from './routine-context';
import { profileOf, WELCOME_ASK, type SessionContext, type SessionEvent } from './session-context';
import type { SessionKit } from './session-kit';
import { routineName, routineNamed, stepTitle } from './units';

/** The welcome: greeting, the first-time disclaimer, the safety notice, a resume offer or "neck again?". */
export function sessionWelcome(kit: SessionKit) {
  /** A saved place still fresh enough to offer (a day), in a routine not stopped this session. */
  const resumeOffer = (
    context: SessionContext,
    event: SessionEvent,
    acts: Act[],
    first: boolean,
  ): CoachReply | null => {
    const env = envOf(context, event);
    const point = profileOf(event).resume;
    const routine = point && kit.routineOf(point.routine);
    const fresh =
      point &&
      routine &&
      env.now - point.savedAt < RESUME_WINDOW_MS &&
      point.step < routine.steps.length &&
      !context.blocked.includes(point.routine);
    if (!point || !routine || !fresh) return null;
    const params = {
      routine: routineName(routine),
      step: stepTitle(routine, point.step),
      ...(point.side ? { side: { t: `sideOn.${point.side}` } } : {}),
    };
    const start: RoutineStart = {
      step: point.step,
      unit: point.unit,
      ...(point.remainingSeconds ? { remaining: point.remainingSeconds } : {}),
    };
    const greeting = first ? [] : [say('coach.welcome.back')];
    const rating = point.ratingBefore !== undefined ? { ratingBefore: point.ratingBefore } : {};
    return {
      assign: { offer: { routine: point.routine, start, ...rating }, env },
      say: { acts: [...greeting, ...acts, say(point.side ? 'coach.resume.offer_side' : 'coach.resume.offer', params)] },
    };
  };

  /** Greets, gives the disclaimer the first time, says once that last time stopped for safety, warns on the two-week rule, offers to resume. */
  const welcome = (context: SessionContext, event: SessionEvent): CoachReply => {
    const env = envOf(context, event);
    const profile = profileOf(event);
    const first = profile.firstSession;
    const facts = { ...kit.profileFacts(profile), stopWordsOwed: first };
    // The first time: the disclaimer and, in one sentence, the words that stop everything.
    const acts: Act[] = [...(first ? [say('coach.welcome.first')] : []), ...persistentPainActs(profile.persistentPain)];
    const notice = kit.safetyNotice(profile);
    if (notice.acts?.length) {
      const greeting = first ? [] : [say('coach.welcome.back')];
      return {
        assign: { ...facts, offer: null, env },
        say: { acts: [...greeting, ...acts, ...notice.acts, WELCOME_ASK], effects: notice.effects ?? [] },
      };
    }
    const offer = resumeOffer(context, event, acts, first);
    if (offer) return { ...offer, assign: { ...facts, ...offer.assign } };
    // A returning user: straight to what they did, or to what helped most ("Neck release again?").
    const again = first ? null : kit.againOffer(profile, context.blocked);
    if (again) {
      const asked = say(again.helped ? 'coach.welcome.helped' : 'coach.welcome.again', {
        routine: routineNamed(again.routine),
      });
      return {
        assign: { ...facts, offer: null, suggested: { routine: again.routine, quick: true }, env },
        say: { acts: [...acts, asked], reprompt: [say('coach.welcome.againReprompt')] },
      };
    }
    // The first time, the area question in its short form: the words before the first hold stay few.
    const greeting = first ? [] : [say('coach.welcome.back')];
    return {
      assign: { ...facts, offer: null, env },
      say: { acts: [...greeting, ...acts, first ? say('coach.welcome.reprompt') : WELCOME_ASK] },
    };
  };

  /** A one-shot start ("ask massage coach to start neck release") still owes the first-session disclaimer and the safety notice. */
  const greetFirstTime = (_context: SessionContext, event: SessionEvent): CoachReply => {
    const profile = profileOf(event);
    const notice = kit.safetyNotice(profile);
    const acts = [...(profile.firstSession ? [say('coach.welcome.first')] : []), ...(notice.acts ?? [])];
    return {
      assign: { ...kit.profileFacts(profile), stopWordsOwed: profile.firstSession },
      say: acts.length ? { acts, effects: notice.effects ?? [] } : null,
    };
  };

  return { welcome, greetFirstTime };
}
