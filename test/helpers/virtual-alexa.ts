import './quiet-aws-sdk';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VirtualAlexa } from 'virtual-alexa';
import { Utterance } from 'virtual-core';
import type { Intent } from 'ask-sdk-model';
import { translator } from '../../src/i18n';
import { eventFromAlexaIntent } from '../../src/platforms/alexa/request';
import { SKILL_ID, spokenText } from './alexa-client';

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
  const text = (item: unknown) => (typeof item === 'string' ? item : ((item as { text?: string; phrase?: string; utterance?: string })?.text ?? (item as { phrase?: string })?.phrase ?? (item as { utterance?: string })?.utterance));
  const kind = (key: string): 'warning' | 'comfortable' | null =>
    /warn|red|flag|alarm|danger|sign/i.test(key) ? 'warning' : /comfort|safe|fine|ok|benign|normal/i.test(key) ? 'comfortable' : null;
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

/**
 * An outside Alexa client on one generated model (models/alexa/<locale>.json, as shipped) that
 * posts real request envelopes to the server's /alexa route. A state is a session snapshot
 * captured by driving the skill; each phrase is sent in that state, on a user of its own.
 */
export class AlexaUnderstanding {
  readonly alexa: VirtualAlexa;
  private sent: any = null;
  private inject: ((request: any) => void) | null = null;
  private users = 0;

  constructor(
    baseUrl: string,
    readonly locale: string,
  ) {
    this.alexa = VirtualAlexa.Builder()
      .interactionModelFile(join(ROOT, 'models', 'alexa', `${locale}.json`))
      .skillURL(`${baseUrl}/alexa`)
      .applicationID(SKILL_ID)
      .locale(locale)
      .create();
    teachNumbers(this.alexa, locale);
    this.alexa.filter((request) => {
      this.inject?.(request);
      this.sent = request;
    });
  }

  /** The intent and slots virtual-alexa resolves the text to, exactly as its `utter` does, or null. */
  resolve(text: string): { intent: string; slots: Record<string, string> } | null {
    const utterance = new Utterance((this.alexa.context() as any).interactionModel(), text);
    return utterance.matched() ? { intent: utterance.intent(), slots: utterance.toJSON() } : null;
  }

  /** One turn of an ongoing session, as virtual-alexa's `utter` sends it; throws when nothing matches. */
  async talk(text: string): Promise<{ speech: string; endsSession: boolean }> {
    this.inject = null;
    const resolved = this.resolve(text);
    if (!resolved) throw new Error(`"${text}" does not resolve in the ${this.locale} model`);
    const response: any = await this.alexa.intend(resolved.intent, resolved.slots);
    return { speech: spokenText(response), endsSession: response.response?.shouldEndSession === true };
  }

  /** Opens a new session, as "Alexa, open massage coach". */
  async open(): Promise<{ speech: string; endsSession: boolean }> {
    this.inject = null;
    this.alexa.context().endSession();
    const response: any = await this.alexa.launch();
    return { speech: spokenText(response), endsSession: response.response?.shouldEndSession === true };
  }

  /** Session attributes after a conversation driven from launch, for later phrases to start from. */
  async stateAfter(lines: string[]): Promise<Record<string, unknown>> {
    this.inject = null;
    this.alexa.context().endSession();
    let response: any = await this.alexa.launch();
    for (const line of lines) {
      const resolved = this.resolve(line);
      if (!resolved) throw new Error(`driving the skill: "${line}" does not resolve in ${this.locale}`);
      response = await this.alexa.intend(resolved.intent, resolved.slots);
    }
    return structuredClone(response.sessionAttributes ?? {});
  }

  /** Says a phrase in a state (null: a new session) and reports what the skill understood. */
  async say(text: string, attributes: Record<string, unknown> | null): Promise<Resolution> {
    const oneShot = oneShotRequest(text);
    const phrase = oneShot ?? text;
    const resolved = this.resolve(phrase);
    const userId = `amzn1.ask.account.UNDERSTANDING-${this.locale}-${(this.users += 1)}`;
    this.inject = (request) => {
      request.context.System.user.userId = userId;
      if (request.session) {
        request.session.user.userId = userId;
        request.session.new = attributes === null;
        request.session.attributes = attributes === null ? {} : structuredClone(attributes);
      }
    };
    try {
      const response: any = resolved ? await this.alexa.intend(resolved.intent, resolved.slots) : await this.alexa.intend('AMAZON.FallbackIntent');
      const intent = this.sent.request.intent as Intent;
      return {
        phrase: text,
        intent: resolved?.intent ?? null,
        event: eventFromAlexaIntent(intent, this.locale) as Resolution['event'],
        speech: spokenText(response),
        endsSession: response.response?.shouldEndSession === true,
      };
    } finally {
      this.inject = null;
    }
  }
}

/**
 * virtual-alexa's AMAZON.NUMBER knows English number words only; a German Echo fills the slot from
 * "fünf" too. The locale's own number words (the coach's i18n list) are added to the client.
 */
function teachNumbers(alexa: VirtualAlexa, locale: string) {
  if (locale.startsWith('en')) return;
  const number = (alexa.context() as any).interactionModel().slotTypes.slotType('AMAZON.NUMBER');
  const tr = translator(locale);
  for (let n = 0; n <= 20; n += 1) {
    const word = tr.t(`number.${n}`).toLowerCase();
    const value = number.values.find((candidate: { id: string }) => candidate.id === String(n));
    if (value) value.name.synonyms = [...(value.name.synonyms ?? []), word];
    else number.values.push({ id: String(n), builtin: true, name: { value: String(n), synonyms: [word] } });
  }
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
  for (const { phrase, ok } of results) {
    const key = phrase.events.join('|');
    const entry = byEvent.get(key) ?? { ok: 0, all: 0 };
    entry.all += 1;
    if (ok) entry.ok += 1;
    byEvent.set(key, entry);
  }
  const landedCount = results.filter((r) => r.ok).length;
  const lines = [`${locale}: ${percent(landedCount, results.length)} of the phrasing set lands on the intended event`];
  const sources = [...new Set(results.map((r) => r.phrase.source))];
  lines.push(`  by source: ${sources.map((source) => `${source} ${percent(results.filter((r) => r.phrase.source === source && r.ok).length, results.filter((r) => r.phrase.source === source).length)}`).join(', ')}`);
  for (const [event, { ok, all }] of [...byEvent].sort()) lines.push(`  ${event.padEnd(18)} ${percent(ok, all)}`);
  const misses = results.filter((r) => !r.ok);
  if (misses.length) lines.push(`  misses: ${misses.map((r) => `"${r.phrase.text}"`).join(', ')}`);
  return lines.join('\n');
}
