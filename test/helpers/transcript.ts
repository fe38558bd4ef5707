import type { TranscriptLine } from '../../src/runtime/simulator';

/**
 * Runs a conversation written as it reads:
 *   U: start neck release        the user says this (or <launch>, <silence>, <end>)
 *   A: neck release              the coach's reply contains this (case-insensitive)
 *   A!: tingling                 the reply does NOT contain this
 *   A$                           the reply ends the session
 * `send` is whatever front end is under test (simulator, Alexa over HTTP, Dialogflow over HTTP).
 */
export async function runTranscript(
  script: string,
  send: (utterance: string) => Promise<TranscriptLine | null>,
): Promise<TranscriptLine[]> {
  const lines: TranscriptLine[] = [];
  let last: TranscriptLine | null = null;
  for (const [number, raw] of script.split('\n').entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const where = `transcript line ${number + 1} "${line}"`;
    if (line.startsWith('U:')) {
      last = await send(line.slice(2).trim());
      if (last) lines.push(last);
    } else if (line.startsWith('A!:')) {
      const fragment = line.slice(3).trim().toLowerCase();
      if (last?.speech.toLowerCase().includes(fragment))
        throw new Error(`${where}: reply should not contain it, got: ${last.speech}`);
    } else if (line.startsWith('A:')) {
      const fragment = line.slice(2).trim().toLowerCase();
      if (!last) throw new Error(`${where}: no reply`);
      if (!last.speech.toLowerCase().includes(fragment)) throw new Error(`${where}: got: ${last.speech}`);
    } else if (line === 'A$') {
      if (!last?.endSession) throw new Error(`${where}: session should have ended; got: ${last?.speech}`);
    } else {
      throw new Error(`${where}: lines start with U:, A:, A!: or A$`);
    }
  }
  return lines;
}
