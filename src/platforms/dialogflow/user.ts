/** A stable user id from what the channel sends, prefixed by the channel; null when it gives none. */
export function channelUserId(source: string | undefined, payload: unknown): string | null {
  const p = (payload ?? {}) as Record<string, any>;
  const data = (p.data ?? {}) as Record<string, any>;
  const candidates: Array<[string, unknown]> = [
    ['google', p.user?.userId],
    ['telephony', p.telephony?.caller_id],
    ['facebook', data.sender?.id],
    ['slack', data.user ?? data.event?.user],
    ['twitter', data.direct_message?.sender_id],
    ['line', data.source?.userId],
    ['telegram', data.message?.from?.id ?? data.from?.id],
  ];
  for (const [channel, id] of candidates) {
    if ((typeof id === 'string' && id.length > 0 && id.length < 256) || typeof id === 'number')
      return `${source ?? channel}:${channel}:${id}`;
  }
  return null;
}
