/** The value at a path of nested objects, or undefined: a channel's payload can be any shape. */
function valueAt(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

const usableId = (id: unknown): id is string | number =>
  (typeof id === 'string' && id.length > 0 && id.length < 256) || (typeof id === 'number' && Number.isFinite(id));

/**
 * Where each ES integration puts its user, by the `originalDetectIntentRequest.source` that
 * Dialogflow's own servers set for it (cloud.google.com/dialogflow/es/docs/reference/rest/v2/OriginalDetectIntentRequest:
 * "source … is set by Dialogflow-owned servers"). The payload itself is whatever the detectIntent
 * caller passed, so a caller id in it counts only when that integration's source vouches for it.
 */
const ES_CHANNELS: Record<string, { channel: string; id: (payload: unknown) => unknown }> = {
  GOOGLE_TELEPHONY: { channel: 'telephony', id: (payload) => valueAt(payload, 'telephony', 'caller_id') },
  google: { channel: 'google', id: (payload) => valueAt(payload, 'user', 'userId') },
  facebook: { channel: 'facebook', id: (payload) => valueAt(payload, 'data', 'sender', 'id') },
  slack: {
    channel: 'slack',
    id: (payload) => valueAt(payload, 'data', 'user') ?? valueAt(payload, 'data', 'event', 'user'),
  },
  twitter: { channel: 'twitter', id: (payload) => valueAt(payload, 'data', 'direct_message', 'sender_id') },
  line: { channel: 'line', id: (payload) => valueAt(payload, 'data', 'source', 'userId') },
  telegram: {
    channel: 'telegram',
    id: (payload) => valueAt(payload, 'data', 'message', 'from', 'id') ?? valueAt(payload, 'data', 'from', 'id'),
  },
};

/** An ES user from the integration Dialogflow names as the source; null for API callers and unknown sources. */
export function esUserId(source: string | undefined, payload: unknown): string | null {
  const known = source !== undefined && Object.hasOwn(ES_CHANNELS, source) ? ES_CHANNELS[source] : undefined;
  if (!known) return null;
  const id = known.id(payload);
  return usableId(id) ? `${source}:${known.channel}:${id}` : null;
}

/**
 * A CX caller from the CX Phone Gateway's `payload.telephony.caller_id`. CX requests carry no
 * source Dialogflow vouches for, and any detectIntent client can put a caller id in the payload:
 * it is used only when the operator says the phone gateway is the agent's only client
 * (DIALOGFLOW_CX_TRUST_CALLER_ID=on); otherwise a CX user is its session.
 */
export function cxUserId(payload: unknown, trustCallerId: boolean): string | null {
  if (!trustCallerId) return null;
  const id = valueAt(payload, 'telephony', 'caller_id');
  return usableId(id) ? `cx:telephony:${id}` : null;
}
