import { runTurn, type PersistedCoach } from '../src/coach/turn';
import type { Act } from '../src/speech/acts';
import { LIMITS } from '../src/speech/limits';
import { planSpeech } from '../src/speech/plan';

/**
 * Issue 25: an answer inside a hold never stretches or cuts it. The person stays in position while
 * the coach talks, so the hold still ends when its stated length is up (speech time included),
 * whatever was asked; an answer inside the set-up window keeps the window and the "starting now".
 */
const T0 = Date.UTC(2026, 10, 25, 9);
const LOCALES = ['en-US', 'de-DE'] as const;

/** Drives the coach's turns on a clock: each turn at `at` ms, the plan of what it said. */
function coach(locale: string) {
  let snapshot: PersistedCoach | null = null;
  return (event: object, at: number) => {
    const result = runTurn(snapshot, event, { now: at, locale, budgetSeconds: LIMITS.alexa.maxResponseSeconds });
    snapshot = result.snapshot;
    return { result, plan: planSpeech(result.output.acts, locale), at };
  };
}
type Turn = ReturnType<ReturnType<typeof coach>>;
const heldOf = (turn: Turn) =>
  turn.result.output.acts.filter((a): a is Extract<Act, { type: 'hold' }> => a.type === 'hold');
const said = (turn: Turn) => turn.result.output.acts.flatMap((a) => (a.type === 'say' ? [a.key] : []));
/** When a unit's hold ends on the wall clock (ms), as that turn plays it. */
const holdEnd = (turn: Turn, unit: number) => turn.at + turn.plan.holds.find((h) => h.unit === unit)!.end * 1000;
const holdStart = (turn: Turn, unit: number) => turn.at + turn.plan.holds.find((h) => h.unit === unit)!.start * 1000;

/** The glute routine up to the right side's 45 s ball release, its clock started on "next". */
function intoBallRelease(locale: string) {
  const turn = coach(locale);
  turn({ type: 'START_ROUTINE', routine: 'glutes-piriformis' }, T0);
  const warmUp = turn({ type: 'YES' }, T0 + 10_000);
  const hold = turn({ type: 'NEXT' }, warmUp.at + warmUp.plan.seconds * 1000 + 1000);
  expect(heldOf(hold)[0]!.seconds).toBe(45);
  return { turn, hold };
}

const ANSWERS: object[] = [
  { type: 'FALLBACK' },
  { type: 'REPEAT' },
  { type: 'EXPLAIN' },
  { type: 'HELP' },
  { type: 'TIME_LEFT' },
  { type: 'WHATS_NEXT' },
  { type: 'ASK_WHY' },
  { type: 'ASK_WHERE' },
  { type: 'PAIN' },
  { type: 'DEEPER' },
  { type: 'TALK', mode: 'less' },
  { type: 'PACE', pace: 'slower' },
];

describe.each(LOCALES)('a hold interrupted by an answer keeps its stated length (%s)', (locale) => {
  it.each(ANSWERS.map((event) => [JSON.stringify(event), event] as const))(
    '%s 20 s into the 45 s hold: it still ends 45 s after "starting now", within 3 s',
    (_name, event) => {
      const { turn, hold } = intoBallRelease(locale);
      const started = holdStart(hold, 0);
      const answer = turn(event, started + 20_000);
      expect(answer.result.output.endSession).toBe(false);
      expect(answer.result.routine).toBe('glutes-piriformis');
      const held = (holdEnd(answer, 0) - started) / 1000;
      // A long answer (an explanation) may outlast the hold: then it ends as the answer does, no later.
      const answerEnds = (holdStart(answer, 0) - started) / 1000 + 1;
      expect(Math.abs(held - Math.max(45, answerEnds))).toBeLessThanOrEqual(3);
      // And the other side is played in full after it.
      const left = answer.plan.holds.find((h) => h.unit === 1);
      if (left) expect(Math.abs(left.end - left.start - 45)).toBeLessThanOrEqual(1);
    },
  );

  it('answers twice in one hold, and it still ends on time', () => {
    const { turn, hold } = intoBallRelease(locale);
    const started = holdStart(hold, 0);
    turn({ type: 'FALLBACK' }, started + 10_000);
    const second = turn({ type: 'TIME_LEFT' }, started + 25_000);
    expect(Math.abs((holdEnd(second, 0) - started) / 1000 - 45)).toBeLessThanOrEqual(3);
  });

  it('"how much longer" in the set-up window before the other side: the window goes on, then "starting now"', () => {
    const { turn, hold } = intoBallRelease(locale);
    const leftStart = holdStart(hold, 1);
    const asked = turn({ type: 'TIME_LEFT' }, leftStart - 12_000);
    expect(said(asked)).toContain('coach.timeLeft.hold');
    expect(said(asked)).toContain('coach.step.timed');
    // The left side's clock starts about when it would have, and runs its whole 45 s.
    expect(Math.abs(holdStart(asked, 1) - leftStart) / 1000).toBeLessThanOrEqual(3);
    expect(heldOf(asked)[0]).toMatchObject({ seconds: 45, unit: 1 });
  });
});

describe.each(LOCALES)('stepping away mid-hold and coming back (%s)', (locale) => {
  /** Seconds of words (not silence) a response speaks before its first hold's clock starts. */
  const speechBeforeHold = (turn: Turn) => {
    const start = turn.plan.holds[0]!.start;
    let clock = 0;
    let speech = 0;
    for (const segment of turn.plan.segments) {
      if (clock >= start) break;
      if (segment.kind === 'speech') speech += segment.seconds;
      clock += segment.seconds;
    }
    return speech;
  };

  it('"wait" stops the clock; "resume" minutes later gives a short cue and the set-up window, then the rest of the same side', () => {
    const { turn, hold } = intoBallRelease(locale);
    const started = holdStart(hold, 0);
    const paused = turn({ type: 'PAUSE' }, started + 20_000);
    expect(heldOf(paused)).toEqual([]);
    expect(said(paused)).toContain('coach.pause.done');
    const resumed = turn({ type: 'RESUME' }, started + 300_000);
    expect(resumed.result.view).toMatchObject({ stepId: 'ball-release', side: 'right' });
    expect(said(resumed)).toContain('coach.pause.backInPosition');
    // The set-up window: time to get back onto the ball before the clock.
    expect(resumed.result.output.acts).toContainEqual({ type: 'pause', seconds: 12 });
    expect(said(resumed)).not.toContain('routine.glutes-piriformis.step.ball-release.instruction');
    expect(speechBeforeHold(resumed)).toBeLessThanOrEqual(15);
    // What was left of the right side, then the left side whole.
    expect(heldOf(resumed).map((h) => [h.unit, h.seconds])).toEqual([
      [0, 25],
      [1, 45],
    ]);
  });

  it('"say that again" while paused gives the whole instruction', () => {
    const { turn, hold } = intoBallRelease(locale);
    turn({ type: 'PAUSE' }, holdStart(hold, 0) + 20_000);
    const again = turn({ type: 'REPEAT' }, holdStart(hold, 0) + 60_000);
    expect(said(again)).toContain('routine.glutes-piriformis.step.ball-release.instruction');
  });
});
