import type { Catalogue } from '../content/load';
import type { Act } from '../speech/acts';
import { envOf, type CoachReply } from './machine-kit';
import type { Effect } from './output';
import { afterHalt, safetyAnswer } from './safety';
import { HALT_RANK, type SessionContext, type SessionEvent } from './session-context';
import type { SessionKit } from './session-kit';

/**
 * Safety first, in every state: a stop or emergency sign (content/safety/signs.json) is answered
 * in one short line, the session ends, the area is blocked for the session. The journal keeps
 * that the routine was cut short for safety, the resume slot that a safety stop happened here;
 * neither keeps the sign. A caution is answered and the session goes on.
 */
export function sessionSafety(catalogue: Catalogue, kit: SessionKit) {
  const cautionWords = (event: SessionEvent) => safetyAnswer(catalogue, kit.symptomOf(event), null, null).acts;

  return {
    /** A caution is answered and the session goes on; every other sign (or none known) halts it. */
    isCaution: (event: SessionEvent) =>
      event.type === 'RED_FLAG' && safetyAnswer(catalogue, event.symptom, null, null).halt === null,
    cautionWords,
    stopForSafety: (context: SessionContext, event: SessionEvent, params: { busy: boolean }): CoachReply => {
      const env = envOf(context, event);
      const routine = params.busy ? context.routine : null;
      const answer = safetyAnswer(catalogue, kit.symptomOf(event), env.emergencyNumber, routine);
      const halt = [answer.halt ?? 'stop', ...(context.halt ? [context.halt] : [])].sort(
        (a, b) => HALT_RANK[a] - HALT_RANK[b],
      )[0]!;
      const effects: Effect[] = [
        { type: 'saveResume', point: { routine: routine ?? '', step: 0, unit: 0, savedAt: env.now, safetyStop: true } },
      ];
      if (params.busy && context.routine && context.routineUnjournaled)
        effects.push(kit.journalEntry({ ...context, env }, false, 'red-flag'));
      return {
        assign: {
          blocked: [...new Set([...context.blocked, ...answer.blocks])],
          halt,
          start: null,
          env,
          routineUnjournaled: false,
        },
        say: { acts: answer.acts, end: true, effects },
      };
    },
    /** `plan`: a routine is chosen and not begun: say what the caution changes in it. */
    answerCaution: (context: SessionContext, event: SessionEvent, params: { then: Act; plan: boolean }): CoachReply => {
      const cautions = kit.withCaution(context, event);
      const changes = params.plan && context.routine ? kit.planActs({ ...context, cautions }, context.routine) : [];
      return { assign: { cautions }, say: { acts: [...cautionWords(event), ...changes, params.then] } };
    },
    /** Mid-routine, the session's cautions grow by the one heard (the routine then follows them). */
    noteCaution: (context: SessionContext, event: SessionEvent): CoachReply => ({
      assign: { cautions: kit.withCaution(context, event) },
    }),
    /** After a safety halt, anything said gets the matching follow-up (the number again after an emergency). */
    repeatAfterHalt: (context: SessionContext, event: SessionEvent): CoachReply => {
      const caution = event.type === 'RED_FLAG' ? cautionWords(event) : [];
      return { say: { acts: [...caution, afterHalt(context.halt, envOf(context, event).emergencyNumber)], end: true } };
    },
  };
}
