import { say } from '../speech/acts';
import { waitingFor } from './machine-kit';
import { speak } from './session-context';
import type { CoachSetup } from './session-setup';
import { chooseRoutine, coachingOutside, goOn, IN_EVERY_STATE, learnStarts, warningSign } from './session-transitions';

/** The body scan (docs/learning.md): areas one by one, then today's composed plan and "Shall we?". */
export function scanStates(coach: CoachSetup) {
  return {
    /** Transient: after a scan's reply, the next area or the time, "Shall we?", or back to the menu. */
    scanning: coach.createStateConfig({
      always: [
        { guard: 'isScanning', target: 'scan' },
        { guard: 'isComposed', target: 'scanConfirm' },
        { target: 'choose' },
      ],
    }),
    /** The body scan, eyes closed: every answer (yes, a number, a side, no, silence) goes to the scan. */
    scan: coach.createStateConfig({
      meta: waitingFor(say('coach.scan.hint')),
      on: {
        ...IN_EVERY_STATE,
        RED_FLAG: warningSign(say('coach.scan.hint')),
        START_ROUTINE: chooseRoutine(),
        '*': { target: 'scanning', actions: 'continueScan' },
      },
    }),
    /** Today's session said (its length, steps, what was learned): "Shall we?" */
    scanConfirm: coach.createStateConfig({
      meta: waitingFor(say('coach.scan.shallWeReprompt')),
      on: {
        ...IN_EVERY_STATE,
        RED_FLAG: warningSign(say('coach.scan.shallWeReprompt'), true),
        ...goOn([
          { guard: 'hasRatingBefore', target: 'routine', actions: 'confirmComposed' },
          { target: 'rateBefore', actions: 'confirmComposed' },
        ]),
        NO: { target: 'choose', actions: 'declineComposed' },
        START_ROUTINE: chooseRoutine(),
        ...learnStarts(),
        ...coachingOutside(say('coach.scan.shallWeReprompt')),
        '*': { actions: speak(say('coach.scan.shallWeReprompt')) },
      },
    }),
  };
}
