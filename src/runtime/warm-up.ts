import { coachMachine } from '../coach/turn';
import { supportedLocales } from '../i18n';
import { matcherFor } from '../nlu/matcher';
import { runTurn } from '../coach/turn';
import { LIMITS } from '../speech/limits';

/** The pieces of a warm-up, each a short synchronous job; every one is also built on first use. */
function warmUpSteps(): Array<() => void> {
  return [
    () => coachMachine(),
    ...supportedLocales().flatMap((locale) => [
      () => void matcherFor(locale),
      () =>
        void runTurn(
          null,
          { type: 'LAUNCH' },
          { now: Date.now(), locale, budgetSeconds: LIMITS.alexa.maxResponseSeconds },
        ),
    ]),
  ];
}

/**
 * Builds at start what the first turn would otherwise build for a waiting user: the content,
 * the machines, the locales, the matchers, and the speech of a first turn in each locale.
 */
export function warmUp(): void {
  for (const step of warmUpSteps()) step();
}

/**
 * The same, after the server listens: one piece a macrotask, so a request that arrives meanwhile
 * is answered between pieces (it builds what it needs itself, once) instead of waiting for every
 * locale's matcher and first turn. Resolves when everything is built.
 */
export async function warmUpInBackground(): Promise<void> {
  for (const step of warmUpSteps()) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    step();
  }
}
