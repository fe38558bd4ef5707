import { EVENT_TYPES, type CoachEvent, type CoachEventType } from '../../coach/events';
import type { PersistedCoach } from '../../coach/turn';
import { matcherFor } from '../../nlu/matcher';
import { interactionModel } from '../../nlu/utterances';
import { slotFromWords } from '../../nlu/slot-from-words';

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
  const model = interactionModel(locale);
  for (const name of names) {
    if (!name) continue;
    const intent = model.intents.find((candidate) => candidate.event && (candidate.name === name || candidate.event === name));
    if (intent?.event) {
      const event: Record<string, unknown> = { type: intent.event };
      for (const [slot, type] of Object.entries(intent.slots ?? {})) {
        const raw = parameters[slot];
        const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw !== '' ? (isId(type, raw, locale) ? raw : matcherFor(locale).resolve(type, raw)) : undefined;
        if (value !== undefined) event[slot] = value;
        // The agent left the slot empty or unresolved: our matcher reads the user's words before the coach asks again.
        else {
          const read = slotFromWords(text, slot, locale);
          if (read !== undefined) event[slot] = read;
        }
      }
      return event as CoachEvent;
    }
    if ((EVENT_TYPES as string[]).includes(name)) return { type: name } as CoachEvent;
    if (BUILT_IN[name] && BUILT_IN[name] !== 'FALLBACK') return { type: BUILT_IN[name] } as CoachEvent;
  }
  if (text && text.trim()) {
    const matched = matcherFor(locale).match(text).event;
    if (matched.type !== 'FALLBACK') return matched;
  }
  return { type: names.some((name) => name && BUILT_IN[name] === 'LAUNCH') ? 'LAUNCH' : 'FALLBACK' };
}

function isId(type: string, raw: string, locale: string): boolean {
  const slotType = interactionModel(locale).slotTypes[type];
  return slotType?.kind === 'custom' && slotType.values.some((value) => value.id === raw);
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
export const isSnapshot = (value: unknown): value is PersistedCoach => !!value && typeof value === 'object' && 'v' in value && 's' in value;
