import { sessionMachine } from '../coach/turn';
import { supportedLocales } from '../i18n';
import { matcherFor } from '../nlu/matcher';
import { runTurn } from '../coach/turn';
import { LIMITS } from '../speech/limits';

/**
 * Builds at start what the first turn would otherwise build for a waiting user: the content,
 * the machines, the locales, the matchers, and the speech of a first turn in each locale.
 */
export function warmUp(): void {
  sessionMachine();
  for (const locale of supportedLocales()) {
    matcherFor(locale);
    runTurn(null, { type: 'LAUNCH' }, { now: Date.now(), locale, budgetSeconds: LIMITS.alexa.maxResponseSeconds });
  }
}
