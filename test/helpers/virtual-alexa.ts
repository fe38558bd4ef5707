import './quiet-aws-sdk';
import { dirname, join } from 'node:path';
import { VirtualAlexa } from 'virtual-alexa';
import { Utterance } from 'virtual-core';
import type { Intent } from 'ask-sdk-model';
import { translator } from '../../src/i18n';
import { eventFromAlexaIntent } from '../../src/platforms/alexa/request';
import { SKILL_ID, spokenText } from './alexa-client';
import { oneShotRequest, type Resolution } from './phrasings';
import { startServer } from './server';

const ROOT = join(__dirname, '..', '..');

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

  /**
   * virtual-alexa loads its own nock (9) for its API mocks, which patches node's http for the
   * whole jest worker; restored after each file, so later test files in the worker get plain http.
   */
  static releaseHttp() {
    const nock = require(require.resolve('nock', { paths: [dirname(require.resolve('virtual-alexa'))] }));
    nock.restore();
  }

  /** The intent and slots virtual-alexa resolves the text to, exactly as its `utter` does, or null. */
  resolve(text: string): { intent: string; slots: Record<string, string> } | null {
    const utterance = new Utterance((this.alexa.context() as any).interactionModel(), text);
    return utterance.matched() ? { intent: utterance.intent(), slots: utterance.toJSON() } : null;
  }

  /** One turn of an ongoing session, as virtual-alexa's `utter` sends it; throws when nothing matches. */
  async talk(text: string): Promise<{ speech: string; endsSession: boolean; body: any }> {
    this.inject = null;
    const resolved = this.resolve(text);
    if (!resolved) throw new Error(`"${text}" does not resolve in the ${this.locale} model`);
    const response: any = await this.alexa.intend(resolved.intent, resolved.slots);
    return { speech: spokenText(response), endsSession: response.response?.shouldEndSession === true, body: response };
  }

  /** Opens a new session, as "Alexa, open massage coach". */
  async open(): Promise<{ speech: string; endsSession: boolean; body: any }> {
    this.inject = null;
    this.alexa.context().endSession();
    const response: any = await this.alexa.launch();
    return { speech: spokenText(response), endsSession: response.response?.shouldEndSession === true, body: response };
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
      const response: any = resolved
        ? await this.alexa.intend(resolved.intent, resolved.slots)
        : await this.alexa.intend('AMAZON.FallbackIntent');
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

/**
 * A test file's server for virtual-alexa (signature checks off: these tests are about the model;
 * alexa.test.ts checks signatures), closed after the file with virtual-alexa's http patch undone.
 * Returns the server's base URL, read once the server is up.
 */
export function serverForVirtualAlexa(): () => string {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer({ alexa: { verify: false } });
  });
  afterAll(async () => {
    await server.close();
    AlexaUnderstanding.releaseHttp();
  });
  return () => server.baseUrl;
}
