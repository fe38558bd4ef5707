import type { Act } from '../speech/acts';
import type { TurnEnv } from './events';
import type { OutputPart } from './output';

/**
 * What both machines share. A routine sends its speech to the session, and the session emits it
 * to the turn, under one name: `output`.
 */
export type OutputEvent = { type: 'output'; part: OutputPart };
export const outputEvent = (part: OutputPart): OutputEvent => ({ type: 'output', part });

/** The turn's facts: the event's own when it carries them, else the last ones seen. */
export function envOf(context: { env: TurnEnv }, event: object): TurnEnv {
  return 'env' in event && event.env ? (event.env as TurnEnv) : context.env;
}

/** A waiting state's reprompt, declared once in its `meta`; the turn uses it when a reply names none. */
export interface StateMeta {
  reprompt: Act[];
}
export const waitingFor = (...reprompt: Act[]): StateMeta => ({ reprompt });
