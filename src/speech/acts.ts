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

/** How a hold is coached inside its silence. */
export interface HoldCoaching {
  /** The cue a few seconds in ("Breathe, and feel the tension melt"); default "Breathe slowly". */
  cue?: readonly string[];
  /** Halfway, the guide's progression: release, then reapply slightly deeper if comfortable. */
  deeper?: boolean;
  /** A 5-4-3-2-1 countdown at the end: only before a change of side or position (default true). */
  countdown?: boolean;
  /** Brief mode: no cues inside the hold but the countdown, when there is one. */
  brief?: boolean;
}

export type Act =
  /** `fallbacks` are tried in order when the locale has no `key` (a step's own line, then its technique's). */
  | { type: 'say'; key: string; params?: Params; fallbacks?: readonly string[] }
  /** An honest hold: cues and silences that together last exactly `seconds`. */
  | ({ type: 'hold'; seconds: number; unit?: number } & HoldCoaching)
  /** Counted repetitions spoken at a steady pace: count × pace seconds. */
  | { type: 'count'; count: number; paceSeconds: number; unit?: number }
  | { type: 'pause'; seconds: number; unit?: number };

/**
 * A line without parameters is one shared, frozen act per key: turns say the same ones over and
 * over ("say ready", "release slowly"), and a shared act is planned and rendered once, found by
 * identity. Keys come from code and content, so the set is bounded.
 */
const plainSays = new Map<string, Act>();
export const say = (key: string, params?: Params): Act => {
  if (params) return { type: 'say', key, params };
  let act = plainSays.get(key);
  if (!act) {
    act = Object.freeze({ type: 'say', key }) as Act;
    plainSays.set(key, act);
  }
  return act;
};

/** The first of several keys the locale has: a step's own line, else its technique's, else the default. */
export const sayFirst = (keys: readonly [string, ...string[]], params?: Params): Act => ({
  ...say(keys[0], params),
  ...(keys.length > 1 ? { fallbacks: keys.slice(1) } : {}),
});
