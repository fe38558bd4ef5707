/** What was played in the last response of a routine, enough to find where the user is now. */
export interface Played {
  step: number;
  from: number;
  to: number;
  /** When the response was made (ms). Alexa reports no playback position: the clock is our measure. */
  at: number;
  /** Length of the response, seconds. */
  end: number;
  /** [unit, hold start, hold end] in seconds from the start of the response. */
  /** A chained response ("keep going") spans steps: the 4th element is the span's step. */
  spans: Array<[number, number, number] | [number, number, number, number]>;
}

export interface Position {
  step: number;
  /** The unit the user is in, or last finished. */
  unit: number;
  /** Seconds left of that unit's hold, when the user is inside it. */
  remaining: number;
  /** True when the response is still playing. */
  inProgress: boolean;
  /** Seconds before that hold's clock starts: the user is still setting up (instruction, window, "starting now"). */
  setUpLeft?: number;
}

/**
 * Where the user is at `now`: inside a unit of the last response (with what is left of it), or
 * after it, waiting for the next. Times within a second of the end count as finished.
 */
export function positionAt(played: Played, now: number): Position {
  const elapsed = (now - played.at) / 1000;
  if (elapsed < played.end - 1) {
    for (const [unit, start, end, step] of played.spans) {
      if (elapsed < end - 1) {
        const remaining = Math.round(end - Math.max(elapsed, start));
        const setUpLeft = Math.round(start - elapsed);
        return {
          step: step ?? played.step,
          unit,
          remaining,
          inProgress: true,
          ...(setUpLeft > 0 ? { setUpLeft } : {}),
        };
      }
    }
  }
  return { step: played.step, unit: Math.max(played.from, played.to - 1), remaining: 0, inProgress: false };
}
