import { loadCatalogue } from '../src/content/load';
import { runTurn, type PersistedCoach } from '../src/coach/turn';
import { unitsOf } from '../src/coach/units';
import type { Act } from '../src/speech/acts';
import { LIMITS } from '../src/speech/limits';
import { planSpeech } from '../src/speech/plan';

const catalogue = loadCatalogue();
const T0 = Date.UTC(2026, 10, 25, 9);

/** A whole routine as a user does it: "ready" a second after each turn has played. */
function run(routine: string, locale: string) {
  let snapshot: PersistedCoach | null = null;
  let now = T0;
  const turns: Array<{ acts: Act[]; step: number | null }> = [];
  const events: object[] = [{ type: 'START_ROUTINE', routine }];
  for (let guard = 0; guard < 40; guard += 1) {
    const event = events.shift() ?? { type: 'YES' };
    const result = runTurn(snapshot, event, { now, locale, budgetSeconds: LIMITS.alexa.maxResponseSeconds });
    snapshot = result.snapshot;
    turns.push({ acts: result.output.acts, step: result.view?.stepIndex ?? null });
    now += planSpeech(result.output.acts, locale).seconds * 1000 + 1000;
    if (result.state === 'wrapUp' || result.output.endSession) break;
  }
  return turns;
}

describe('transitions a body can make', () => {
  for (const locale of ['en-US', 'de-DE']) {
    it.each([...catalogue.routines.keys()])(
      `gives every change of side or position 10 s or a "ready" turn before the clock (%s, ${locale})`,
      (id) => {
        const routine = catalogue.routines.get(id)!;
        const checked: string[] = [];
        let readyAsked = false;
        for (const turn of run(id, locale)) {
          const plan = planSpeech(turn.acts, locale);
          let lastEnd: number | null = null;
          for (const span of plan.holds) {
            const step = routine.steps[turn.step ?? 0]!;
            const unit = unitsOf(step)[span.unit]!;
            const needsSetUp =
              unit.kind === 'hold' &&
              (unit.side !== undefined || (step.setUpSeconds ?? 0) > 0) &&
              !(unit.repetition && unit.repetition > 1);
            const isSetUpUnit =
              needsSetUp && (unit.index === 0 || (unit.side !== undefined && unit.repetition === undefined));
            if (isSetUpUnit) {
              const gap = lastEnd === null ? null : span.start - lastEnd;
              const ok = (gap !== null && gap >= 10) || (lastEnd === null && readyAsked);
              checked.push(
                `${step.id}#${unit.index}: ${gap === null ? (readyAsked ? 'ready turn' : 'NO ready turn') : `${gap.toFixed(1)} s`}`,
              );
              expect({ step: step.id, unit: unit.index, ok }).toEqual({ step: step.id, unit: unit.index, ok: true });
            }
            lastEnd = span.end;
          }
          // The turn closes with "say ready when you're in position": the next clock waits for the user.
          const last = [...turn.acts].reverse().find((act) => act.type === 'say');
          readyAsked = last?.type === 'say' && last.key === 'coach.ask.ready';
        }
        const expected = routine.steps.flatMap((step) =>
          unitsOf(step).filter(
            (unit) =>
              unit.kind === 'hold' &&
              (unit.side !== undefined || (step.setUpSeconds ?? 0) > 0) &&
              (unit.index === 0 || unit.side !== undefined) &&
              !(unit.repetition && unit.repetition > 1),
          ),
        );
        expect(checked).toHaveLength(expected.length);
        process.stdout.write(`${locale} ${id}: ${checked.join(', ')}\n`);
      },
    );
  }
});
