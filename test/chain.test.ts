import { loadCatalogue } from '../src/content/load';
import { runTurn, type PersistedCoach } from '../src/coach/turn';
import type { Act } from '../src/speech/acts';
import { LIMITS } from '../src/speech/limits';
import { planSpeech } from '../src/speech/plan';

const catalogue = loadCatalogue();
const T0 = Date.UTC(2026, 10, 25, 9);
const BUDGET = LIMITS.alexa.maxResponseSeconds;

/** A whole routine with "keep going" said first: "ready" a second after each turn has played. */
function run(routine: string, locale: string) {
  let snapshot: PersistedCoach | null = null;
  let now = T0;
  const turns: Act[][] = [];
  const events: object[] = [{ type: 'START_ROUTINE', routine }, { type: 'KEEP_GOING' }];
  for (let guard = 0; guard < 40; guard += 1) {
    const event = events.shift() ?? { type: 'YES' };
    const result = runTurn(snapshot, event, { now, locale, budgetSeconds: BUDGET });
    snapshot = result.snapshot;
    turns.push(result.output.acts);
    now += planSpeech(result.output.acts, locale).seconds * 1000 + 1000;
    if (result.state === 'wrapUp' || result.output.endSession) break;
  }
  return turns;
}

const timed = (act: Act) =>
  (act.type === 'hold' || act.type === 'count' || act.type === 'pause') && act.unit !== undefined;

describe('"keep going": steps chained up to the budget', () => {
  for (const locale of ['en-US', 'de-DE']) {
    it.each([...catalogue.routines.keys()])(
      `fewer "ready" turns, every response within the budget, >= 10 s before each chained position's clock (%s, ${locale})`,
      (id) => {
        const routine = catalogue.routines.get(id)!;
        const turns = run(id, locale);
        let chained = 0;
        for (const acts of turns) {
          expect(planSpeech(acts, locale).seconds).toBeLessThanOrEqual(BUDGET);
          let lastEnd: number | null = null;
          let newStep = false;
          acts.forEach((act, index) => {
            if (act.type === 'say' && act.key === 'coach.step.title' && lastEnd !== null) newStep = true;
            if (!timed(act)) return;
            const start = planSpeech(acts.slice(0, index), locale).seconds;
            if (newStep) {
              // A new position inside one response: its set-up instruction, then at least 10 s, then the clock.
              chained += 1;
              expect(start - lastEnd!).toBeGreaterThanOrEqual(10);
              newStep = false;
            }
            lastEnd = planSpeech(acts.slice(0, index + 1), locale).seconds;
          });
        }
        expect(chained).toBeGreaterThan(0);
        // Without "keep going" every step waits for a ready turn; chained, fewer turns reach the end.
        expect(turns.length).toBeLessThan(routine.steps.length + 2);
      },
    );
  }
});
