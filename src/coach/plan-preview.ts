import type { Catalogue } from '../content/load';
import { ANSWER_SECONDS, plannedSeconds, plannedTurns } from './length';
import { addRoutineStrings, translator } from '../i18n';
import { planSpeech } from '../speech/plan';
import { compilePlan } from '../plan/compile';
import type { Plan } from '../plan/schema';

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

/** Every preview is compiled under one id, so previewing many plans adds no words per plan. */
const PREVIEW_ID = 'author-preview';

const round = (seconds: number) => Math.round(seconds * 10) / 10;

/**
 * A checked plan as the coach will coach it, before it is shared: its real length (the coach's
 * own computation, src/coach/length.ts) and a time-stamped transcript, turn by turn, with the
 * person's "ready" between steps, in one of the plan's languages.
 */
export function previewPlan(plan: Plan, catalogue: Catalogue, locale: string): Preview {
  const compiled = compilePlan({ ...plan, id: PREVIEW_ID }, catalogue);
  for (const language of plan.languages) addRoutineStrings(language, PREVIEW_ID, compiled.strings[language]!);
  const turns = plannedTurns(compiled.routine);
  const answer = translator(locale).t('plan.previewAnswer');
  const lines: PreviewLine[] = [];
  let at = 0;
  turns.forEach((acts, index) => {
    for (const segment of planSpeech(acts, locale).segments) {
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
    if (index < turns.length - 1) lines.push({ at: round(at), seconds: ANSWER_SECONDS, who: 'you', text: answer });
    at += ANSWER_SECONDS;
  });
  const seconds = Math.round(plannedSeconds(compiled.routine, locale));
  return { locale, seconds, minutes: Math.max(1, Math.round(seconds / 60)), lines };
}
