import type { Catalogue } from '../content/load';
import { say, type Act } from '../speech/acts';
import { plannedMinutes } from './length';
import { envOf, type CoachReply } from './machine-kit';
import type { Effect } from './output';
import { reportActs } from './reports';
import { routineAsked, WELCOME_ASK, type SessionContext, type SessionEvent } from './session-context';
import type { SessionKit } from './session-kit';
import type { Plan } from '../plan/schema';
import { compiledPlan } from './session-plans';
import { profileOf } from './session-context';
import { routineName, routineNamed } from './units';

/** Choosing what to do: a routine or plan set up, offers taken or declined, questions before a routine. */
export function sessionChoice(catalogue: Catalogue, kit: SessionKit) {
  /** The one set-up of a plan (a routine, the linked plan), whether chosen at the start, after another, or mid-routine. */
  const setUp = (context: SessionContext, event: SessionEvent, id: string, keep: Partial<SessionContext> = {}) => {
    const reply = kit.setUpFor(context, event, id);
    return { assign: { ...reply.assign, ...keep }, say: { acts: reply.acts } };
  };

  /** What START_ROUTINE or START_PLAN names, as a routine id (the linked plan compiled). */
  const chosenId = (event: SessionEvent): string | undefined => {
    if (event.type === 'START_PLAN') {
      const plan = profileOf(event).plan;
      return plan ? compiledPlan(plan).id : undefined;
    }
    return routineAsked(event);
  };

  /** Coaching questions outside a routine (pain, equipment, talk …): the words, and what they change. */
  const outsideAnswer = (
    context: SessionContext,
    event: SessionEvent,
  ): { acts: Act[]; assign?: Partial<SessionContext>; effects?: Effect[] } => {
    switch (event.type) {
      case 'PAIN':
        return { acts: [say('coach.pain.notHolding')], assign: { gentleOwed: true } };
      case 'DEEPER':
        return { acts: [say('coach.pain.deeperNotHolding')] };
      case 'MISSING':
        return { acts: [say(`coach.missing.${event.item ?? 'unknown'}`)] };
      case 'TALK': {
        const brief = event.mode !== 'more';
        return {
          acts: [say(brief ? 'coach.talk.less' : 'coach.talk.more')],
          assign: { brief },
          effects: [{ type: 'setTalk', talk: brief ? 'brief' : 'full' }],
        };
      }
      case 'SHORT_ON_TIME': {
        // Kept for the routine about to start: it begins fitted, its plan said first.
        if (event.minutes)
          return {
            acts: [say('coach.short.noted', { minutes: { seconds: event.minutes * 60 } })],
            assign: { shortMinutes: event.minutes },
          };
        const routine = kit.routineOf(context.routine);
        const locale = envOf(context, event).locale;
        return {
          acts: routine
            ? [say('coach.short.none', { minutes: plannedMinutes(routine, locale) })]
            : [say('coach.explain.general')],
        };
      }
      case 'PACE':
        return { acts: [say('coach.pace.holds')] };
      case 'REPORT':
        return { acts: reportActs(event) };
      case 'KEEP_GOING':
        return { acts: [say('coach.chain.noted')], assign: { chain: true } };
      default:
        return { acts: [say('coach.explain.general')] };
    }
  };

  return {
    /**
     * How session code starts a plan file (a composed session, the linked plan): compiled, then its
     * equipment check; "ready" runs it. See docs/machine.md, "Starting a plan".
     */
    setUpPlan: (context: SessionContext, event: SessionEvent, plan: Plan): CoachReply =>
      setUp(context, event, compiledPlan(plan).id),
    /**
     * A plan file started at once (the person already said yes to it): the transition with this
     * goes to `#session.routine`, and `planStartedBy` names the plan for the turn.
     */
    startPlan: (context: SessionContext, event: SessionEvent, plan: Plan): CoachReply => {
      const id = compiledPlan(plan).id;
      const { assign } = kit.setUpFor(context, event, id);
      return {
        assign: { ...assign, intro: kit.introOf(id, envOf(context, event), context.shortMinutes, context.cautions) },
      };
    },
    /** A routine or the linked plan, asked for by name: set up with its equipment check (a rating given before the choice kept). */
    setUpRoutine: (context: SessionContext, event: SessionEvent): CoachReply =>
      setUp(context, event, chosenId(event)!, { ratingBefore: context.routine === null ? context.ratingBefore : null }),
    /** Yes to an offered routine ("which routine …" answered) or to "switch now?": its equipment check. */
    setUpOffered: (context: SessionContext, event: SessionEvent): CoachReply =>
      setUp(context, event, context.switchTo ?? context.suggested!.routine),
    /** "Neck release again?" "Yes": from the top, no equipment talk and no introduction for someone who knows it. */
    quickStart: (context: SessionContext, event: SessionEvent): CoachReply => {
      const reply = kit.setUpFor(context, event, context.suggested!.routine);
      const acts = [...kit.planActs(context, context.suggested!.routine), say('coach.rating.askBack')];
      return { assign: { ...reply.assign, intro: [] }, say: { acts } };
    },
    refuseBlocked: (_context: SessionContext, event: SessionEvent): CoachReply => ({
      say: { acts: [say('coach.choose.blocked', { routine: routineNamed(routineAsked(event)!) })] },
    }),
    /** The before-rating of a quick start: said back at the top of the routine's first response. */
    rateBeforeStart: (context: SessionContext, event: SessionEvent): CoachReply | null => {
      const recorded = kit.rateFrom(context, event, false);
      return recorded ? { assign: { ...recorded.assign, intro: recorded.acts } } : null;
    },
    declineSuggestion: (): CoachReply => ({ assign: { suggested: null, silences: 0 }, say: { acts: [WELCOME_ASK] } }),
    /** "Which routine is good for …?" outside a routine: answered from the guide, and offered. */
    answerRoutineQuestion: (context: SessionContext, event: SessionEvent): CoachReply => {
      const asked = event.type === 'ASK_ROUTINE' ? event.routine : undefined;
      if (!asked || !catalogue.routines.has(asked)) return { say: { acts: [say('coach.question.where')] } };
      const blocked = context.blocked.includes(asked);
      return {
        assign: { suggested: blocked ? null : { routine: asked, quick: false } },
        say: { acts: [say(`routine.${asked}.goodFor`), blocked ? WELCOME_ASK : say('coach.question.offerStart')] },
      };
    },
    /** Another routine asked for mid-routine: asked first, since it ends this one. */
    askToSwitch: (context: SessionContext, event: SessionEvent): CoachReply => {
      const asked = chosenId(event)!;
      const names = { current: routineNamed(context.routine!), routine: routineNamed(asked) };
      return {
        assign: { switchTo: asked },
        say: { acts: [say('coach.question.confirmSwitch', names)], reprompt: [say('coach.question.switchReprompt')] },
      };
    },
    /** The rest of an interrupted session: its before-rating kept, journaled as the same session. */
    takeOffer: (context: SessionContext): CoachReply => {
      const offer = context.offer!;
      const rating = offer.ratingBefore !== undefined ? { ratingBefore: offer.ratingBefore } : {};
      return { assign: { routine: offer.routine, start: offer.start, intro: [], resumed: true, ...rating } };
    },
    startOfferOver: (context: SessionContext, event: SessionEvent): CoachReply => {
      const id = context.offer!.routine;
      const intro = kit.introOf(id, envOf(context, event), context.shortMinutes, context.cautions);
      return { assign: { routine: id, start: { step: 0, unit: 0 }, intro, resumed: false } };
    },
    introduceRoutine: (context: SessionContext, event: SessionEvent): CoachReply => {
      const env = envOf(context, event);
      // The equipment check said the length; said again only if a caution heard since changed it.
      const said = context.cautions?.length
        ? kit.introOf(context.routine!, env, context.shortMinutes, context.cautions)
        : [say('coach.routine.begin')];
      const intro = context.shortMinutes ? kit.introOf(context.routine!, env, context.shortMinutes) : said;
      return { assign: { intro, silences: 0 } };
    },
    declineOffer: (context: SessionContext, event: SessionEvent): CoachReply => ({
      assign: { offer: null, env: envOf(context, event) },
      say: { acts: [WELCOME_ASK] },
    }),
    /** Coaching questions outside a routine: the answer, then the state's own question. */
    answerOutside: (context: SessionContext, event: SessionEvent, params: { then: Act }): CoachReply => {
      const answer = outsideAnswer(context, event);
      return {
        ...(answer.assign ? { assign: answer.assign } : {}),
        say: { acts: [...answer.acts, params.then], ...(answer.effects ? { effects: answer.effects } : {}) },
      };
    },
    explainTechnique: (_context: SessionContext, event: SessionEvent): CoachReply => {
      const technique =
        event.type === 'EXPLAIN' && event.technique && catalogue.techniques.has(event.technique)
          ? event.technique
          : null;
      const acts = technique
        ? [say(`technique.${technique}.what`), say(`technique.${technique}.how`), say(`technique.${technique}.bestFor`)]
        : [say('coach.explain.general')];
      return { say: { acts: [...acts, WELCOME_ASK] } };
    },
    explainChosenRoutine: (context: SessionContext): CoachReply => {
      const first = kit.techniquesOf(context.routine!)[0];
      const what = first ? say(`technique.${first}.what`) : say('coach.explain.general');
      return { say: { acts: [what, say('coach.equipment.reprompt')] } };
    },
    tellChosenRoutineLength: (context: SessionContext): CoachReply => {
      const routine = kit.routineOf(context.routine)!;
      const minutes = plannedMinutes(routine, context.env.locale);
      return {
        say: {
          acts: [
            say('coach.timeLeft.notStarted', { routine: routineName(routine), minutes }),
            say('coach.equipment.reprompt'),
          ],
        },
      };
    },
  };
}
