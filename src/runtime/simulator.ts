import { randomUUID } from 'node:crypto';
import type { CoachEvent } from '../coach/events';
import type { PersistedCoach } from '../coach/turn';
import { matcherFor } from '../nlu/matcher';
import { Conversation, type TurnResponse } from '../runtime/conversation';

/** One line of the machine-readable transcript: exactly the fields scripts rely on. */
export interface TranscriptLine {
  input: string;
  event: { type: string; [slot: string]: unknown };
  routine: string | null;
  step: { index: number; id: string; side: string | null } | null;
  holdSeconds: number | null;
  speech: string;
  ssml: string;
  endSession: boolean;
}

export interface SimulatorOptions {
  /** The language of the next turn; a browser may switch it between turns without losing its place. */
  locale: string;
  userId: string;
  /** Virtual time: each turn starts when the previous response finished playing. */
  fast: boolean;
  now?: () => number;
  /** Where the person's requests come from (the page's address): pairing tries are limited by it. */
  address?: string;
}

/**
 * A person talking to the coach through a speaker, simulated: sessions open and close as on a
 * device, `<launch>`, `<silence>` and `<end>` stand for the platform's own events.
 */
export class Simulator {
  private snapshot: PersistedCoach | null = null;
  /** A random id per session: journal ids derive from it, so a later run never repeats them. */
  private sessionId = randomUUID();
  private turnNumber = 0;
  private virtualNow: number;
  /** When the last response started, on the virtual clock: an `@N` line speaks N seconds into it. */
  private lastStart: number;

  constructor(
    private readonly conversation: Conversation,
    private readonly options: SimulatorOptions,
  ) {
    this.virtualNow = (options.now ?? Date.now)();
    this.lastStart = this.virtualNow;
  }

  set locale(locale: string) {
    this.options.locale = locale;
  }

  set address(address: string) {
    this.options.address = address;
  }

  get inSession(): boolean {
    return this.snapshot !== null;
  }

  private now(): number {
    return this.options.fast ? this.virtualNow : (this.options.now ?? Date.now)();
  }

  private async send(
    input: string,
    event: CoachEvent,
    newSession: boolean,
  ): Promise<{ line: TranscriptLine; response: TurnResponse }> {
    if (newSession) {
      this.sessionId = randomUUID();
      this.turnNumber = 0;
    }
    this.lastStart = this.now();
    this.turnNumber += 1;
    const response = await this.conversation.handle({
      userId: this.options.userId,
      sessionId: `simulator-${this.sessionId}`,
      requestId: `turn-${this.turnNumber}`,
      snapshot: newSession ? null : this.snapshot,
      event,
      locale: this.options.locale,
      platform: 'simulator',
      now: this.now(),
      newSession,
      ...(this.options.address ? { address: this.options.address } : {}),
    });
    this.snapshot = response.output.endSession ? null : response.snapshot;
    // The listener hears the whole response, then a second passes before they answer.
    this.virtualNow = this.lastStart + Math.round(response.speech.seconds * 1000) + 1000;
    const view = response.view;
    const line: TranscriptLine = {
      input,
      event: { ...event },
      routine: response.routine ?? view?.routine ?? null,
      step: view ? { index: view.stepIndex, id: view.stepId, side: view.side } : null,
      holdSeconds: view?.holdSeconds ?? null,
      speech: response.speech.text,
      ssml: response.speech.ssml,
      endSession: response.output.endSession,
    };
    return { line, response };
  }

  /**
   * Handles one input line: an utterance, or a platform event in angle brackets. `@N text` is said
   * N seconds into the previous response, speaking over it (a barge-in, as "Alexa, wait" is on a
   * speaker); without the prefix a line comes after the response has played.
   */
  async say(line: string): Promise<{ line: TranscriptLine; response: TurnResponse } | null> {
    const { text: input, at } = parseBargeIn(line);
    if (at !== undefined && this.options.fast) this.virtualNow = Math.min(this.virtualNow, this.lastStart + at * 1000);
    const text = input.trim();
    if (text === '<launch>') {
      if (this.inSession) await this.send('<end>', { type: 'SESSION_CLOSED', reason: 'user' }, false);
      return this.send(text, { type: 'LAUNCH' }, true);
    }
    if (text === '<end>') {
      if (!this.inSession) return null;
      const result = await this.send(text, { type: 'SESSION_CLOSED', reason: 'user' }, false);
      this.snapshot = null;
      return result;
    }
    if (text === '<silence>') {
      if (!this.inSession) return null;
      return this.send(text, { type: 'SILENCE' }, false);
    }
    if (!text) return null;
    const event = eventLine(text) ?? matcherFor(this.options.locale).match(text).event;
    // Outside a session an utterance opens one, as "Alexa, ask massage coach to ..." does.
    return this.send(input, event, !this.inSession);
  }
}

/**
 * An event as a platform's intent would bring it, for a script that tests the dialogue apart from
 * the words (which the channels' own tests cover): `{"type":"MARK_SPOT"}`. Outside a session it opens one.
 */
export function eventLine(text: string): CoachEvent | null {
  if (!text.startsWith('{')) return null;
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' && typeof (parsed as { type?: unknown }).type === 'string'
      ? (parsed as CoachEvent)
      : null;
  } catch {
    return null;
  }
}

/** `@25 that hurts too much` → said 25 s into the previous response; plain lines have no offset. */
export function parseBargeIn(line: string): { text: string; at?: number } {
  const match = /^\s*@(\d+(?:\.\d+)?)\s+(.*)$/.exec(line);
  return match ? { text: match[2]!, at: Number(match[1]) } : { text: line };
}
