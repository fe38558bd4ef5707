import type { Routine } from '../content/schema';
import { say, type Act } from '../speech/acts';
import { carryOn, carryOnWith } from './session-context';

/**
 * The chart of a plan while it runs, nested under the session's `routine` state: one state per
 * step (`routine.<stepId>.active|paused`), in the plan's order, then `_done`. The named actions
 * and guards are in session-setup.ts; what they work out, by concern, in routine-*.ts.
 */

const withIndex = <T extends string>(type: T, index: number) => ({ type, params: { index } });
/** Anything answered in a plan breaks a run of silences and drops an unanswered "switch now?". */
const HEARD = 'noteHeard' as const;
const heard = <T extends { actions?: unknown }>(transition: T) => ({
  ...transition,
  actions: [HEARD, ...[transition.actions ?? []].flat()],
});

/** "Yes" to "switch now?": this routine ends as stopped (its place saved), and the new one is set up. */
const SWITCH_YES = {
  guard: 'isSwitchAsked' as const,
  target: '#session.equipment',
  actions: [{ type: 'journalLeftRoutine' as const, params: { completed: false } }, 'setUpOffered' as const],
};

const idIn = (steps: Routine['steps'], index: number) => `#session.routine.${steps[index]!.id}`;

/** "Next" in a step: the next unit, else on to the next step the plan keeps (a shortened plan leaves some out), else done. */
function forwardFrom(steps: Routine['steps'], index: number) {
  return [
    {
      guard: withIndex('hasUnitsLeft', index),
      target: `${idIn(steps, index)}.active`,
      actions: withIndex('playNextUnit', index),
    },
    ...steps.slice(index + 1).map((_next, offset) => ({
      guard: { type: 'isNextStep' as const, params: { index, to: index + 1 + offset } },
      target: idIn(steps, index + 1 + offset),
      actions: { type: 'completeStep' as const, params: { index, to: index + 1 + offset } },
    })),
    {
      target: '#session.routine._done',
      actions: { type: 'completeStep' as const, params: { index, to: steps.length } },
    },
  ].map(heard);
}

/** "Back" in a step: the unit before, else the step before (the first from its top). */
function backFrom(steps: Routine['steps'], index: number) {
  return [
    {
      guard: 'isPastFirstUnit' as const,
      target: `${idIn(steps, index)}.active`,
      actions: withIndex('playPreviousUnit', index),
    },
    index === 0
      ? { target: `${idIn(steps, index)}.active`, actions: 'playFromTop' as const }
      : { target: idIn(steps, index - 1), actions: withIndex('backToStep', index - 1) },
  ].map(heard);
}

export function routineChart(routine: Routine) {
  const steps = routine.steps;
  const idOf = (index: number) => idIn(steps, index);

  // --- one state per step, generated from content ---------------------------------------------------
  const stepState = (step: Routine['steps'][number], index: number) => {
    const forward = forwardFrom(steps, index);
    const back = backFrom(steps, index);
    // From the top again: entered anew, so the first step's entry plays it.
    const startOver = { target: idOf(0), reenter: true, actions: 'startOver' as const };
    const goOn = { NEXT: forward, YES: [SWITCH_YES, ...forward], RESUME: forward };
    return {
      initial: 'active' as const,
      entry: withIndex('playStep', index),
      always: [
        { guard: 'isFinished' as const, target: '#session.routine._done' },
        ...steps.flatMap((_next, j) =>
          j === index
            ? []
            : [{ guard: withIndex('isChainedTo', j), target: idOf(j), actions: withIndex('followChain', j) }],
        ),
      ],
      on: {
        PREVIOUS: back,
        START_OVER: heard(startOver),
        // The routine under way asked for again: from its top.
        START_ROUTINE: { guard: 'isCurrentRoutine' as const, ...startOver },
      },
      states: {
        active: {
          on: {
            ...goOn,
            PAUSE: [
              // "Wait" inside an earlier step of a chained response: the pause is in that step.
              ...steps.slice(0, index).map((earlier, j) => ({
                guard: withIndex('isPlayingStep', j),
                target: `${idOf(j)}.paused`,
                actions: [withIndex('rewindChain', j), 'pause' as const],
              })),
              { target: 'paused', actions: 'pause' as const },
            ].map(heard),
          },
        },
        paused: {
          on: {
            ...goOn,
            PAUSE: heard({ actions: answerPaused('coach.pause.already') }),
            HELP: heard({ actions: answerPaused('coach.help.paused') }),
          },
        },
      },
    };
  };

  const answer = (name: string) => heard({ actions: carryOnWith(name) });
  const answerWith = (...acts: Act[]) => heard({ actions: carryOn(...acts) });
  return {
    initial: '_start' as const,
    states: {
      _start: { always: steps.map((step, index) => ({ guard: withIndex('isAtStep', index), target: step.id })) },
      ...Object.fromEntries(steps.map((step, index) => [step.id, stepState(step, index)])),
      _done: { type: 'final' as const, entry: 'markCompleted' as const },
    },
    /** What the plan answers in any step, the hold going on after (`carryOn`). */
    on: {
      REPEAT: heard({ actions: 'repeat' as const }),
      TIME_LEFT: heard({ actions: 'answerTimeLeft' as const }),
      PAIN: heard({ actions: 'easeOff' as const }),
      DEEPER: heard({ actions: 'deeper' as const }),
      ASK_WHERE: heard({ actions: 'showWhere' as const }),
      ASK_WHY: answer('why'),
      ASK_ROUTINE: answer('routineQuestion'),
      MISSING: answer('missing'),
      // "It feels looser now" is encouraged, and remembered: a stop after it is "pain eased" in the journal.
      REPORT: heard({ actions: ['noteEased' as const, carryOnWith('report')] }),
      WHATS_NEXT: answer('whatsNext'),
      EXPLAIN: answer('explain'),
      HELP: answerWith(say('coach.help.routine')),
      FALLBACK: answerWith(say('coach.fallback.routine')),
      SHORT_ON_TIME: heard({ actions: 'shortenRoutine' as const }),
      KEEP_GOING: heard({ actions: 'keepChaining' as const }),
      PACE: heard({ actions: 'setPace' as const }),
      TALK: heard({ actions: 'setTalk' as const }),
      ADJUST: heard({ actions: 'adjust' as const }),
      // "No" to "switch now?": the routine goes on where it was; else "no" to "ready?".
      NO: [{ guard: 'isSwitchAsked' as const, actions: [HEARD, carryOn()] }, heard({ actions: 'answerNo' as const })],
      STOP: heard({ target: '._done', actions: finish('stopped') }),
      // The knot map (docs/learning.md): "that's the spot" keeps the spot under way; the hold goes on.
      MARK_SPOT: heard({ actions: 'markSpot' as const }),
      KNOT_STATUS: answer('knotStatus'),
      USUAL_DOSES: answer('usualDoses'),
    },
  };
}

export const finish = (reason: 'stopped' | 'closed') => ({ type: 'finish' as const, params: { reason } });
const answerPaused = (key: string) => ({ type: 'answerPaused' as const, params: { key } });
