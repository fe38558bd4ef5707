import { EVENT_TYPES, type CoachEvent, type CoachEventType } from '../../coach/events';
import type { PersistedCoach } from '../../coach/turn';
import { matcherFor } from '../../nlu/matcher';
import { eventFromIntent, intentNamed } from '../../nlu/intent-event';
import { scannerFor } from '../../nlu/symptoms';

/** Dialogflow's own intents and events, as coach events. */
const BUILT_IN: Record<string, CoachEventType> = {
  'Default Welcome Intent': 'LAUNCH',
  'Default Fallback Intent': 'FALLBACK',
  WELCOME: 'LAUNCH',
  GOOGLE_ASSISTANT_WELCOME: 'LAUNCH',
  'sys.no-input-default': 'SILENCE',
  'sys.no-match-default': 'FALLBACK',
};

export interface Understood {
  /** What the agent matched: an action or webhook tag, an intent's display name. */
  names: Array<string | undefined>;
  /** Parameters by slot name, plain JSON (resolved values). */
  parameters: Record<string, unknown>;
  /** What the user said or typed, when the agent's match means nothing to us. */
  text: string | undefined;
  locale: string;
}

/**
 * The coach event for a Dialogflow turn: our tag or action, else our intent by display name,
 * else Dialogflow's built-ins, else the user's own words through our matcher, else FALLBACK.
 */
export function eventFromDialogflow({ names, parameters, text, locale }: Understood): CoachEvent {
  // Safety first, from the user's own words: a warning sign outranks whatever the agent matched,
  // and a red-flag match whose words name no sign, or deny it ("no tingling"), is none.
  const said = typeof text === 'string' && text.trim() ? text : undefined;
  const sign = said ? scannerFor(locale).scan(said) : null;
  if (sign) return { type: 'RED_FLAG', symptom: sign.id };
  for (const name of names) {
    if (!name) continue;
    const intent = intentNamed(locale, (candidate) => candidate.name === name || candidate.event === name);
    if (intent?.event === 'RED_FLAG' && said) break;
    if (intent) return eventFromIntent(intent, parameters, locale, text);
    if ((EVENT_TYPES as string[]).includes(name)) return { type: name } as CoachEvent;
    if (BUILT_IN[name] && BUILT_IN[name] !== 'FALLBACK') return { type: BUILT_IN[name] } as CoachEvent;
  }
  if (text && text.trim()) {
    const matched = matcherFor(locale).match(text).event;
    if (matched.type !== 'FALLBACK') return matched;
  }
  return { type: names.some((name) => name && BUILT_IN[name] === 'LAUNCH') ? 'LAUNCH' : 'FALLBACK' };
}

/** What both webhooks read from a request, ready for the conversation. */
export interface DialogflowTurn {
  userId: string;
  sessionId: string;
  /** responseId (ES) or detectIntentResponseId (CX): a retry repeats it. */
  requestId: string;
  locale: string;
  snapshot: PersistedCoach | null;
  event: CoachEvent;
  newSession: boolean;
}

/** Whether a value carried by Dialogflow looks like our snapshot (the turn validates the rest). */
export const isSnapshot = (value: unknown): value is PersistedCoach =>
  !!value && typeof value === 'object' && 'v' in value && 's' in value;
