import { EVENT_TYPES, type CoachEvent, type CoachEventType } from '../../coach/events';
import type { PersistedCoach } from '../../coach/turn';
import { signOf } from '../../content/safety';
import { matcherFor } from '../../nlu/matcher';
import { scannerFor } from '../../nlu/symptoms';
import { interactionModel } from '../../nlu/utterances';

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
  // Safety first, from the user's own words: a warning sign outranks whatever the agent matched,
  // and a sign the words deny ("no tingling") is no red flag whatever the agent matched.
  const said = typeof text === 'string' && text.trim() ? text : undefined;
  const sign = said ? scannerFor(locale).scan(said) : null;
  if (sign) return { type: 'RED_FLAG', symptom: sign.id };
  for (const name of names) {
    if (!name) continue;
    const intent = model.intents.find((candidate) => candidate.event && (candidate.name === name || candidate.event === name));
    if (intent?.event === 'RED_FLAG') {
      const symptom = parameters.symptom;
      if (!said && typeof symptom === 'string' && signOf(symptom)) return { type: 'RED_FLAG', symptom };
      if (!said && typeof symptom === 'string' && symptom) return matcherFor(locale).match(symptom).event;
      break;
    }
    if (intent?.event) {
      const event: Record<string, unknown> = { type: intent.event };
      for (const [slot, type] of Object.entries(intent.slots ?? {})) {
        const raw = parameters[slot];
        const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw !== '' ? (isId(type, raw, locale) ? raw : matcherFor(locale).resolve(type, raw)) : undefined;
        if (value !== undefined) event[slot] = value;
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
