/**
 * The coach's events: platform-neutral names every adapter maps to. Global commands are ordinary
 * events; PRIORITY decides which wins when one utterance could mean two (safety first).
 */
export type CoachEvent =
  | { type: 'LAUNCH' }
  | { type: 'START_ROUTINE'; routine?: string }
  | { type: 'NEXT' }
  | { type: 'PREVIOUS' }
  | { type: 'REPEAT' }
  | { type: 'PAUSE' }
  | { type: 'RESUME' }
  | { type: 'START_OVER' }
  | { type: 'TIME_LEFT' }
  | { type: 'WHATS_NEXT' }
  | { type: 'EXPLAIN'; technique?: string }
  | { type: 'HELP' }
  | { type: 'STOP' }
  | { type: 'RATE'; value?: number }
  | { type: 'RED_FLAG'; symptom?: string }
  | { type: 'YES' }
  | { type: 'NO' }
  | { type: 'PROGRESS' }
  | { type: 'ADJUST'; direction?: 'longer' | 'shorter' }
  | { type: 'SET_GOAL'; goal?: 'daily' | 'maintenance' }
  | { type: 'DELETE_DATA' }
  | { type: 'PREPARE' }
  | { type: 'FALLBACK' }
  | { type: 'SILENCE' }
  | { type: 'SESSION_CLOSED'; reason?: 'user' | 'silence' | 'error' }
  /** "That hurts too much", "ow", "too much pressure": ease off, the hold goes on. */
  | { type: 'PAIN' }
  /** "Can I press harder?", "I don't feel anything": reapply deeper if comfortable. */
  | { type: 'DEEPER' }
  /** "I don't have a ball / foam roller / wall": the guide's alternatives. */
  | { type: 'MISSING'; item?: 'tennisBall' | 'foamRoller' | 'wall' }
  /** "Which routine is good for a knot under my shoulder blade?": answered, never executed. */
  | { type: 'ASK_ROUTINE'; routine?: string }
  /** "What's this good for?", "why am I doing this?" */
  | { type: 'ASK_WHY' }
  /** "Where exactly should the ball go?", "I can't find the spot." */
  | { type: 'ASK_WHERE' }
  /** "Slower" / "faster" for counted steps. */
  | { type: 'PACE'; pace?: 'slower' | 'faster' }
  /** "I only have two minutes." */
  | { type: 'SHORT_ON_TIME'; minutes?: number }
  /** "Talk less" / "stop counting" (brief mode) and "talk more". */
  | { type: 'TALK'; mode?: 'less' | 'more' }
  /** "Just keep going", "don't ask between steps": chain steps up to the turn's budget. */
  | { type: 'KEEP_GOING' };

export type CoachEventType = CoachEvent['type'];

/** Lower wins. Red flags beat everything, then leaving, then pausing; plain answers come last. */
export const PRIORITY: Record<CoachEventType, number> = {
  RED_FLAG: 0,
  STOP: 1,
  PAUSE: 2,
  PAIN: 2,
  ASK_ROUTINE: 4,
  SESSION_CLOSED: 3,
  LAUNCH: 3,
  START_OVER: 4,
  START_ROUTINE: 5,
  PREVIOUS: 6,
  REPEAT: 6,
  RESUME: 6,
  NEXT: 7,
  TIME_LEFT: 8,
  WHATS_NEXT: 8,
  EXPLAIN: 8,
  ADJUST: 8,
  PROGRESS: 8,
  SET_GOAL: 8,
  DELETE_DATA: 8,
  PREPARE: 8,
  DEEPER: 8,
  MISSING: 8,
  ASK_WHY: 8,
  ASK_WHERE: 8,
  PACE: 8,
  SHORT_ON_TIME: 8,
  TALK: 8,
  KEEP_GOING: 7,
  HELP: 9,
  RATE: 10,
  YES: 11,
  NO: 11,
  SILENCE: 12,
  FALLBACK: 13,
};

export const EVENT_TYPES = Object.keys(PRIORITY) as CoachEventType[];

/** Facts of the turn the machine needs but does not own; the turn function adds them to every event. */
export interface TurnEnv {
  now: number;
  locale: string;
  budgetSeconds: number;
}

export type EnvEvent = CoachEvent & { env: TurnEnv };
