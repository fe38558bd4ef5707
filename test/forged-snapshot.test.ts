import { runTurn, type PersistedCoach } from '../src/coach/turn';
import { LIMITS } from '../src/speech/limits';
import { renderOutput } from '../src/runtime/render-output';

/**
 * A snapshot is whatever a client sends back: the turn checks it, and a warning sign is answered
 * whatever it says (the Dialogflow seal keeps strangers' snapshots out; this is the second line).
 */
const context = {
  now: Date.parse('2026-12-05T10:00:00Z'),
  locale: 'en-US',
  budgetSeconds: LIMITS.alexa.maxResponseSeconds,
};
const spoken = (result: ReturnType<typeof runTurn>) => renderOutput(result.output, 'en-US', 'alexa').speech.text;

function midHold(): PersistedCoach {
  const chosen = runTurn(null, { type: 'START_ROUTINE', routine: 'neck' }, context).snapshot;
  return runTurn(chosen, { type: 'YES' }, context).snapshot;
}

describe('a snapshot edited by a client', () => {
  it('that says the session is done still gets the emergency answer to chest pain', () => {
    const forged = structuredClone(midHold()) as { v: string; s: Record<string, unknown> };
    forged.s.status = 'done';
    const result = runTurn(forged, { type: 'RED_FLAG', symptom: 'chest-pain' }, context);
    expect(spoken(result)).toMatch(/call 9-1-1/);
  });

  it('whose state names nothing the coach knows starts afresh, out loud', () => {
    const forged = structuredClone(midHold()) as { v: string; s: Record<string, unknown> };
    forged.s.value = { nowhere: 'at-all' };
    const result = runTurn(forged, { type: 'NEXT' }, context);
    expect(result.recovered).toBe(true);
    expect(spoken(result)).toMatch(/^Sorry, I lost track of where we were\. Let's start fresh\./);
  });

  it('a genuine one carries on (the check is not a blanket refusal)', () => {
    const result = runTurn(midHold(), { type: 'NEXT' }, context);
    expect(result.recovered).toBe(false);
    expect(spoken(result)).toMatch(/switch sides/i);
  });
});
