import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The phrasing sets the understanding tests share (test/phrasings/*.json) and how a result is
 * judged and reported; no platform client here, so any test can read them.
 */
const ROOT = join(__dirname, '..', '..');

/**
 * Where a phrase is said: mid-hold, paused, at the area menu, at the 0–10 question, or as a
 * one-shot that opens a new session ("ask massage coach how much longer").
 */
export type PhraseState = 'hold' | 'paused' | 'menu' | 'rating' | 'oneshot';
export interface Phrase {
  text: string;
  /** Coach events that are right here; `value` is the slot value the event must carry. */
  events: string[];
  value?: string;
  state: PhraseState;
  source: string;
}

/** The phrasing set: test/phrasings/intents.json, `[text, "EVENT|EVENT:value", state?]` per line. */
export function intentPhrases(locale: string): Phrase[] {
  const file = JSON.parse(readFileSync(join(ROOT, 'test', 'phrasings', 'intents.json'), 'utf8'));
  const groups: Record<string, Array<[string, string, PhraseState?]>> = file[locale] ?? {};
  return Object.entries(groups).flatMap(([source, lines]) =>
    lines.map(([text, expectation, state]) => {
      const [events, value] = expectation.split(':');
      return { text, events: events!.split('|'), ...(value ? { value } : {}), state: state ?? 'hold', source };
    }),
  );
}

/**
 * The safety set issue 11 keeps in test/phrasings/safety.json (warning signs and comfortable
 * phrasings per locale), read in any of the obvious shapes; empty while the file does not exist.
 */
export function safetyPhrases(locale: string): { warning: string[]; comfortable: string[] } {
  const file = join(ROOT, 'test', 'phrasings', 'safety.json');
  const found = { warning: [] as string[], comfortable: [] as string[] };
  if (!existsSync(file)) return found;
  const data = JSON.parse(readFileSync(file, 'utf8'));
  const text = (item: unknown) =>
    typeof item === 'string'
      ? item
      : ((item as { text?: string; phrase?: string; utterance?: string } | null)?.text ??
        (item as { phrase?: string } | null)?.phrase ??
        (item as { utterance?: string } | null)?.utterance);
  const kind = (key: string): 'warning' | 'comfortable' | null =>
    /warn|red|flag|alarm|danger|sign/i.test(key)
      ? 'warning'
      : /comfort|safe|fine|ok|benign|normal/i.test(key)
        ? 'comfortable'
        : null;
  const take = (key: string, items: unknown) => {
    const into = kind(key);
    if (!into || !Array.isArray(items)) return;
    for (const item of items) {
      const phrase = text(item);
      if (typeof phrase === 'string') found[into].push(phrase);
    }
  };
  const forLocale = (block: unknown) => {
    if (Array.isArray(block)) {
      for (const item of block) {
        const entry = item as { kind?: string; type?: string; expect?: string; locale?: string };
        if (entry.locale && entry.locale !== locale) continue;
        take(entry.kind ?? entry.type ?? entry.expect ?? '', [item]);
      }
    } else if (block && typeof block === 'object') {
      for (const [key, items] of Object.entries(block)) take(key, items);
    }
  };
  if (Array.isArray(data)) forLocale(data);
  else forLocale(data[locale] ?? data[locale.slice(0, 2)] ?? (data.locales ?? {})[locale]);
  return found;
}

/** A one-shot's request after the invocation ("ask massage coach to X", "frag Massage Coach, X"), or null. */
export function oneShotRequest(text: string): string | null {
  const match = /^(?:ask|tell|frag|sag|sage)\s+massage coach[,]?\s+(?:to\s+|dass\s+|,\s*)?(.+)$/i.exec(text.trim());
  return match ? match[1]!.trim() : null;
}

export interface Resolution {
  phrase: string;
  /** The Alexa intent virtual-alexa resolved from the generated model, or null (FallbackIntent on a device). */
  intent: string | null;
  /** The coach event the skill derived from the request it received. */
  event: { type: string } & Record<string, unknown>;
  speech: string;
  endsSession: boolean;
}

/** Whether a resolution is what the phrase means. */
export function landed(phrase: Phrase, resolution: Resolution): boolean {
  if (!phrase.events.includes(resolution.event.type)) return false;
  if (phrase.value === undefined) return true;
  const carried = Object.entries(resolution.event).find(([key]) => key !== 'type')?.[1];
  return String(carried) === phrase.value;
}

/** Coverage lines: per locale, then per expected event, as "landed/total (percent)". */
export function coverageReport(locale: string, results: Array<{ phrase: Phrase; ok: boolean }>): string {
  const percent = (ok: number, all: number) => `${ok}/${all} (${((100 * ok) / all).toFixed(1)}%)`;
  const byEvent = new Map<string, { ok: number; all: number }>();
  for (const { phrase, ok } of results.filter((r) => r.phrase.source !== 'holdout')) {
    const key = phrase.events.join('|');
    const entry = byEvent.get(key) ?? { ok: 0, all: 0 };
    entry.all += 1;
    if (ok) entry.ok += 1;
    byEvent.set(key, entry);
  }
  // The headline is the gated figure: the held-out phrases only show in the line by source.
  const gated = results.filter((r) => r.phrase.source !== 'holdout');
  const lines = [
    `${locale}: ${percent(gated.filter((r) => r.ok).length, gated.length)} of the phrasing set lands on the intended event`,
  ];
  const sources = [...new Set(results.map((r) => r.phrase.source))];
  lines.push(
    `  by source: ${sources.map((source) => `${source} ${percent(results.filter((r) => r.phrase.source === source && r.ok).length, results.filter((r) => r.phrase.source === source).length)}`).join(', ')}`,
  );
  for (const [event, { ok, all }] of [...byEvent].sort()) lines.push(`  ${event.padEnd(18)} ${percent(ok, all)}`);
  const misses = results.filter((r) => !r.ok);
  if (misses.length) lines.push(`  misses: ${misses.map((r) => `"${r.phrase.text}"`).join(', ')}`);
  return lines.join('\n');
}
