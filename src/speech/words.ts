import type { Translator } from '../i18n';
import type { Param, Params } from './acts';

/** Resolves act parameters to words in one locale. */
export function resolveParams(params: Params | undefined, tr: Translator): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params ?? {})) out[name] = resolveParam(value, tr);
  return out;
}

export function resolveParam(value: Param, tr: Translator): string | number {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if ('t' in value) return tr.t(value.t, resolveParams(value.params, tr));
  if ('seconds' in value) return spokenDuration(value.seconds, tr);
  const items = value.and.map((item) => String(resolveParam(item, tr)));
  if (items.length <= 1) return items[0] ?? '';
  return tr.t('list.and', { items: items.slice(0, -1).join(', '), last: items[items.length - 1] });
}

/** "45 seconds", "one minute", "a minute and a half", "2 minutes and 15 seconds". */
export function spokenDuration(totalSeconds: number, tr: Translator): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  if (seconds < 60) return tr.t('duration.seconds', { count: seconds });
  if (seconds === 90) return tr.t('duration.minuteAndHalf');
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  const minuteWords = tr.t('duration.minutes', { count: minutes });
  if (rest === 0) return minuteWords;
  return tr.t('duration.minutesAndSeconds', {
    minutes: minuteWords,
    seconds: tr.t('duration.seconds', { count: rest }),
  });
}

/** Rounds a remaining time the way a person says it: to 5 s (at least 5) under a minute, to 30 s above. */
export function roundForSpeech(seconds: number): number {
  if (seconds < 60) return Math.max(5, Math.round(seconds / 5) * 5);
  return Math.round(seconds / 30) * 30;
}

/** A number as a word where the locale has one ("seven"), else digits. */
export function numberWord(value: number, tr: Translator): string {
  const key = `number.${value}`;
  return tr.has(key) ? tr.t(key) : String(value);
}
