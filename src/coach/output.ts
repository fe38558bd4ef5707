import type { Side } from '../content/schema';
import type { Act } from '../speech/acts';
import type { KnotDraft } from './knot-dialogue';

/** Where a closed session left off, so the next launch can offer to resume it. */
export interface ResumePoint {
  routine: string;
  step: number;
  unit: number;
  side?: Side;
  /** Seconds left of a hold the user was in when the session closed. */
  remainingSeconds?: number;
  /** The before-rating of the interrupted session, so the resumed part compares with it. */
  ratingBefore?: number;
  savedAt: number;
  /** The session stopped for safety (in this routine, or '' outside one): said once at the next launch, never resumed. No sign is kept. */
  safetyStop?: boolean;
}

/** Why a session ended early; 'time' (out of time) and 'pain-eased' are kept when the coach records them. */
export type CutShort = 'stopped' | 'red-flag' | 'silence' | 'time' | 'pain-eased';

/** One journal entry per session in which a routine was started. */
export interface JournalDraft {
  date: string;
  routine: string;
  stepsCompleted: number;
  totalSteps: number;
  completed: boolean;
  cutShort: CutShort | null;
  ratingBefore?: number;
  ratingAfter?: number;
  ratingsDuring: number[];
  /** The rest of a session interrupted earlier: the journal counts the two parts as one session. */
  resumed?: boolean;
}

/** What the dialogue asks the world to do; the runner carries it out (store writes). */
export type Effect =
  | { type: 'saveResume'; point: ResumePoint }
  | { type: 'clearResume' }
  | { type: 'journal'; entry: JournalDraft }
  | { type: 'setGoal'; goal: 'daily' | 'maintenance' }
  /** "Talk less" / "talk more": kept in the profile for the next sessions. */
  | { type: 'setTalk'; talk: 'full' | 'brief' }
  | { type: 'deleteData' }
  /** The knot map: a spot marked, its tension at the session's ratings, "the usual doses" (never words). */
  | { type: 'knot'; entry: KnotDraft };

/** What a screen (APL, the simulator) shows of the current position. */
export interface View {
  routine: string;
  stepIndex: number;
  stepId: string;
  stepCount: number;
  side: Side | null;
  holdSeconds: number | null;
  unit: number;
  units: number;
  /** What a screen writes, as locale keys the runtime translates: no adapter builds keys itself. */
  text: { routine: TextKey; step: TextKey; instruction: TextKey };
}

export interface TextKey {
  t: string;
}

/** A piece of a turn's output, as machines emit it; the turn merges the pieces. */
export interface OutputPart {
  acts?: Act[];
  reprompt?: Act[];
  end?: boolean;
  effects?: Effect[];
  view?: View | null;
}

export interface CoachOutput {
  acts: Act[];
  reprompt: Act[];
  endSession: boolean;
  effects: Effect[];
  view: View | null;
}
