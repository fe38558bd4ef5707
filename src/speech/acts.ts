/**
 * What the coach decides to say, before any words: keys into the locale files with parameters,
 * and timed elements (holds, counts, pauses). The dialogue produces acts; src/speech turns them
 * into words and timing per locale, and into SSML per platform.
 */
export type Param =
  | string
  | number
  /** A nested translation, e.g. a routine's name. */
  | { t: string; params?: Params }
  /** A spoken duration ("forty-five seconds", "a minute and a half"). */
  | { seconds: number }
  /** A spoken list ("a tennis ball and a foam roller"). */
  | { and: Param[] };
export type Params = Record<string, Param>;

export type Act =
  | { type: 'say'; key: string; params?: Params }
  /** An honest hold: cues and silences that together last exactly `seconds`. */
  | { type: 'hold'; seconds: number; unit?: number }
  /** Counted repetitions spoken at a steady pace: count × pace seconds. */
  | { type: 'count'; count: number; paceSeconds: number; unit?: number }
  | { type: 'pause'; seconds: number; unit?: number };

export const say = (key: string, params?: Params): Act => (params ? { type: 'say', key, params } : { type: 'say', key });
