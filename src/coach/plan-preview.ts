import { ANSWER_SECONDS, plannedSeconds } from './length';
import { compiledPlan } from './session-plans';
import type { Plan } from '../plan/schema';
import { LIMITS } from '../speech/limits';
import { planSpeech } from '../speech/plan';
import { translator } from '../i18n';
import { EMPTY_PROFILE } from './profile';
import { runTurn, type PersistedCoach } from './turn';

/** One line of a preview: what is said (or held in silence) from `at` seconds on, for `seconds`. */
export type PreviewLine =
  | { at: number; seconds: number; who: 'coach'; text: string }
  | { at: number; seconds: number; who: 'silence' }
  | { at: number; seconds: number; who: 'you'; text: string };

export interface Preview {
  locale: string;
  /** The plan's length as the coach computes it: speech, set-up, holds and the answers between. */
  seconds: number;
  /** The whole minutes the coach announces it with. */
  minutes: number;
  lines: PreviewLine[];
}

/** What the person answers in the preview: "start my plan", "yes" to the equipment, "next" after each step. */
const ANSWERS = [
  { event: { type: 'START_PLAN' }, key: 'plan.previewStart' },
  { event: { type: 'YES' }, key: 'plan.previewYes' },
] as const;
const NEXT = { event: { type: 'NEXT' }, key: 'plan.previewAnswer' } as const;
/** Enough turns for twelve steps on both sides with repetitions. */
const MAX_TURNS = 80;

const round = (seconds: number) => Math.round(seconds * 10) / 10;

/**
 * A checked plan as the coach will coach it, before it is shared: the time-stamped transcript the
 * turn function gives (the plan started, its equipment confirmed, "next" after each step, until
 * the wrap-up), and its real length as the coach computes it (src/coach/length.ts).
 */
export function previewPlan(plan: Plan, locale: string, now = Date.now()): Preview {
  const tr = translator(locale);
  const profile = { ...EMPTY_PROFILE, firstSession: false, plan };
  const lines: PreviewLine[] = [];
  let snapshot: PersistedCoach | null = null;
  let at = 0;
  for (let turn = 0; turn < MAX_TURNS; turn += 1) {
    const answer = ANSWERS[turn] ?? NEXT;
    if (turn > 0) {
      lines.push({ at: round(at), seconds: ANSWER_SECONDS, who: 'you', text: tr.t(answer.key) });
      at += ANSWER_SECONDS;
    }
    const result = runTurn(snapshot, answer.event, {
      now: now + at * 1000,
      locale,
      budgetSeconds: LIMITS.simulator.maxResponseSeconds,
      profile,
    });
    snapshot = result.snapshot;
    for (const segment of planSpeech(result.output.acts, locale).segments) {
      const last = lines.at(-1);
      if (segment.kind === 'silence' && last?.who === 'silence') last.seconds = round(last.seconds + segment.seconds);
      else
        lines.push(
          segment.kind === 'speech'
            ? { at: round(at), seconds: round(segment.seconds), who: 'coach', text: segment.text }
            : { at: round(at), seconds: round(segment.seconds), who: 'silence' },
        );
      at += segment.seconds;
    }
    if (turn > 1 && !result.state.startsWith('routine')) break;
  }
  const seconds = Math.round(plannedSeconds(compiledPlan(plan), locale));
  return { locale, seconds, minutes: Math.max(1, Math.round(seconds / 60)), lines };
}
