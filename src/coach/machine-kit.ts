import type { ParameterizedObject } from 'xstate';
import type { Act } from '../speech/acts';
import type { TurnEnv } from './events';
import type { OutputPart } from './output';
import type { SessionContext, SessionEvent } from './session-context';

/**
 * What every part of the coach machine shares. Everything the coach says is emitted under one
 * name, `output`; the turn collects it from the actions the pure transition returns.
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

/**
 * What a dialogue function works out: context to change, and what to say. The dialogue's
 * functions (session-*.ts, routine-*.ts) return these, pure, and are tested as they are; the
 * chart's named actions apply them (`replying`).
 */
export interface CoachReply {
  assign?: Partial<SessionContext>;
  say?: OutputPart | null;
}

type Params = ParameterizedObject['params'] | undefined;
/** A dialogue function in the shape a named action calls. */
export type Dialogue<P extends Params = undefined> = (
  context: SessionContext,
  event: SessionEvent,
  params: P,
) => CoachReply | null | undefined;

/** The part of XState's enqueuer a dialogue reply needs. */
interface Enqueuer {
  assign(values: Partial<SessionContext>): void;
  emit(event: OutputEvent): void;
}

/**
 * A named action's body from a dialogue function (`enqueueActions(replying(welcome))`): its
 * changes assigned, then its words emitted, in one action, since the words are worked out with
 * the change from the same context.
 */
export const replying =
  <P extends Params = undefined>(dialogue: Dialogue<P>) =>
  ({ context, event, enqueue }: { context: SessionContext; event: SessionEvent; enqueue: Enqueuer }, params: P) => {
    const reply = dialogue(context, event, params);
    if (!reply) return;
    if (reply.assign && Object.keys(reply.assign).length) enqueue.assign(reply.assign);
    if (reply.say) enqueue.emit(outputEvent(reply.say));
  };
