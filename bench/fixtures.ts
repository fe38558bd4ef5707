/** Request bodies for the bench: the same shapes the platforms send, mid-routine where it matters. */
import { runTurn } from '../src/coach/turn';
import { LIMITS } from '../src/speech/limits';

export const NEXT_INTENT = { type: 'IntentRequest', intent: { name: 'AMAZON.NextIntent', confirmationStatus: 'NONE' } };
export const LAUNCH = { type: 'LaunchRequest' };

/** An Alexa request envelope; userId BENCH_USER makes the load worker give every request its own user. */
export function alexaEnvelope(
  request: Record<string, unknown>,
  attributes?: unknown,
  userId = 'amzn1.ask.account.BENCH',
) {
  return {
    version: '1.0',
    session: {
      new: !attributes,
      sessionId: 'amzn1.echo-api.session.bench',
      application: { applicationId: 'amzn1.ask.skill.bench' },
      user: { userId },
      attributes: attributes ?? {},
    },
    context: {
      System: {
        application: { applicationId: 'amzn1.ask.skill.bench' },
        user: { userId },
        device: { deviceId: 'amzn1.ask.device.BENCH', supportedInterfaces: {} },
      },
    },
    request: {
      requestId: 'amzn1.echo-api.request.BENCH_REQ',
      timestamp: new Date().toISOString(),
      locale: 'en-US',
      ...request,
    },
  };
}

/** A session in the middle of a routine: the heaviest turn (planning a two-sided hold). */
export function midRoutineSnapshot() {
  const context = { now: Date.now(), locale: 'en-US', budgetSeconds: LIMITS.alexa.maxResponseSeconds };
  const started = runTurn(null, { type: 'START_ROUTINE', routine: 'neck' }, context).snapshot;
  return runTurn(started, { type: 'YES' }, context).snapshot;
}

export function cxNext(snapshot: unknown) {
  return {
    detectIntentResponseId: '',
    languageCode: 'en',
    fulfillmentInfo: { tag: 'NEXT' },
    sessionInfo: { session: 'projects/p/locations/l/agents/a/sessions/bench', parameters: { coach: snapshot } },
  };
}

/** responseId '': no replay-cache hit, so every request runs the turn. */
export function esNext(snapshot: unknown) {
  const session = 'projects/massage-coach/agent/sessions/bench';
  return {
    responseId: '',
    session,
    queryResult: {
      queryText: 'next',
      action: 'NEXT',
      parameters: {},
      allRequiredParamsPresent: true,
      outputContexts: [
        { name: `${session}/contexts/massage-coach`, lifespanCount: 5, parameters: { coach: snapshot } },
      ],
      intent: { name: 'projects/massage-coach/agent/intents/NEXT', displayName: 'NEXT' },
      intentDetectionConfidence: 1,
      languageCode: 'en-us',
    },
    originalDetectIntentRequest: { source: 'DIALOGFLOW_CONSOLE', payload: {} },
  };
}
