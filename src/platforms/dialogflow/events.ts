import { EVENT_TYPES, type CoachEvent, type CoachEventType } from '../../coach/events';
import { eventFromIntent, intentNamed } from '../../nlu/intent-event';
import { readSentence, signIn } from '../../nlu/sentence';

/** Dialogflow's own intents and events, as coach events. */
const BUILT_IN: Record<string, CoachEventType> = {
  'Default Welcome Intent': 'LAUNCH',
  'Default Fallback Intent': 'FALLBACK',
  WELCOME: 'LAUNCH',
  GOOGLE_ASSISTANT_WELCOME: 'LAUNCH',
  'sys.no-input-default': 'SILENCE',
  'sys.no-match-default': 'FALLBACK',
  'input.unknown': 'FALLBACK',
};

/**
 * Whether a name is the agent's "I did not understand" (the exported ES fallback intent's action
 * FALLBACK, the console's input.unknown, CX's no-match handler tagged FALLBACK): not an answer,
 * so the user's words still go to our matcher, as Alexa's unresolved slots do.
 */
const isNoMatch = (name: string) => name === 'FALLBACK' || BUILT_IN[name] === 'FALLBACK';

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
  const sign = said ? signIn(said, locale) : null;
  if (sign) return { type: 'RED_FLAG', symptom: sign.id };
  for (const name of names) {
    if (!name || isNoMatch(name)) continue;
    const intent = intentNamed(locale, (candidate) => candidate.name === name || candidate.event === name);
    if (intent?.event === 'RED_FLAG' && said) break;
    if (intent) return reportOverMove(eventFromIntent(intent, parameters, locale, text), said, locale);
    if ((EVENT_TYPES as string[]).includes(name)) return { type: name } as CoachEvent;
    if (BUILT_IN[name]) return { type: BUILT_IN[name] } as CoachEvent;
  }
  if (said) {
    const matched = readSentence(said, locale);
    if (matched.type !== 'FALLBACK') return matched;
  }
  return { type: names.some((name) => name && BUILT_IN[name] === 'LAUNCH') ? 'LAUNCH' : 'FALLBACK' };
}

/** Commands that move or end a routine: a sentence that only reports how it feels never is one. */
const MOVES = new Set<CoachEventType>(['NEXT', 'PREVIOUS', 'STOP', 'START_OVER', 'START_ROUTINE', 'KEEP_GOING']);

/**
 * The agent's match, unless it moves the routine on words our reading takes as a report: "that's
 * a bit sore but I'll keep going" holds a training phrase of NEXT, and is no request.
 */
function reportOverMove(event: CoachEvent, said: string | undefined, locale: string): CoachEvent {
  if (!said || !MOVES.has(event.type)) return event;
  const heard = readSentence(said, locale);
  return heard.type === 'REPORT' ? heard : event;
}

/** What both webhooks read from a request, ready for the conversation. */
export interface DialogflowTurn {
  userId: string;
  sessionId: string;
  /** responseId (ES) or detectIntentResponseId (CX): a retry repeats it. */
  requestId: string;
  locale: string;
  /** The snapshot as the request carries it: sealed by us, or forged; the route opens it. */
  carried: unknown;
  event: CoachEvent;
  newSession: boolean;
  /** No caller named: the user is this conversation only (nothing of theirs outlives it). */
  sessionOnly: boolean;
}
