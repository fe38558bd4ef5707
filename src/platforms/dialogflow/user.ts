/** The value at a path of nested objects, or undefined: a channel's payload can be any shape. */
function valueAt(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A stable user id from what the channel sends, prefixed by the channel; null when it gives none. */
export function channelUserId(source: string | undefined, payload: unknown): string | null {
  const data = valueAt(payload, 'data');
  const candidates: Array<[string, unknown]> = [
    ['google', valueAt(payload, 'user', 'userId')],
    ['telephony', valueAt(payload, 'telephony', 'caller_id')],
    ['facebook', valueAt(data, 'sender', 'id')],
    ['slack', valueAt(data, 'user') ?? valueAt(data, 'event', 'user')],
    ['twitter', valueAt(data, 'direct_message', 'sender_id')],
    ['line', valueAt(data, 'source', 'userId')],
    ['telegram', valueAt(data, 'message', 'from', 'id') ?? valueAt(data, 'from', 'id')],
  ];
  for (const [channel, id] of candidates) {
    if ((typeof id === 'string' && id.length > 0 && id.length < 256) || typeof id === 'number')
      return `${source ?? channel}:${channel}:${id}`;
  }
  return null;
}
