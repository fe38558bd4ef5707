import { z } from 'zod';
import { catalogue } from '../content/load';

/** A slot's raw text: present, short; anything else is dropped and the event goes on without it. */
const text = z.string().min(1).max(99);
const slot = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const bare = <T extends string>(type: T) => z.object({ type: z.literal(type) });
const number = z.union([z.number(), z.string()]).transform(Number).refine(Number.isFinite);

/**
 * The coach's events: platform-neutral names every adapter maps to. One schema gives the type,
 * the list of names and the sanitiser; a slot that fails its check is dropped, never the event.
 */
export const CoachEventSchema = z.discriminatedUnion('type', [
  bare('LAUNCH'),
  z.object({ type: z.literal('START_ROUTINE'), routine: slot(text) }),
  bare('NEXT'),
  bare('PREVIOUS'),
  bare('REPEAT'),
  bare('PAUSE'),
  bare('RESUME'),
  bare('START_OVER'),
  bare('TIME_LEFT'),
  bare('WHATS_NEXT'),
  z.object({ type: z.literal('EXPLAIN'), technique: slot(text.refine((id) => catalogue().techniques.has(id))) }),
  bare('HELP'),
  bare('STOP'),
  z.object({ type: z.literal('RATE'), value: slot(number) }),
  z.object({ type: z.literal('RED_FLAG'), symptom: slot(text) }),
  bare('YES'),
  bare('NO'),
  bare('PROGRESS'),
  z.object({ type: z.literal('ADJUST'), direction: slot(z.enum(['longer', 'shorter'])) }),
  z.object({ type: z.literal('SET_GOAL'), goal: slot(z.enum(['daily', 'maintenance'])) }),
  bare('DELETE_DATA'),
  /** "Make a report for my physio": the report is made on the web page, from the person's own journal. */
  bare('PHYSIO_REPORT'),
  bare('PREPARE'),
  bare('FALLBACK'),
  bare('SILENCE'),
  z.object({ type: z.literal('SESSION_CLOSED'), reason: slot(z.enum(['user', 'silence', 'error'])) }),
  /** "That hurts too much", "ow", "too much pressure": ease off, the hold goes on. */
  bare('PAIN'),
  /** "Can I press harder?", "I don't feel anything": reapply deeper if comfortable. */
  bare('DEEPER'),
  /** "I don't have a ball / foam roller / wall": the guide's alternatives. */
  z.object({ type: z.literal('MISSING'), item: slot(z.enum(['tennisBall', 'foamRoller', 'wall'])) }),
  /** "Which routine is good for a knot under my shoulder blade?": answered, never executed. */
  z.object({ type: z.literal('ASK_ROUTINE'), routine: slot(text.refine((id) => catalogue().routines.has(id))) }),
  /** "What's this good for?", "why am I doing this?" */
  bare('ASK_WHY'),
  /** "Where exactly should the ball go?", "I can't find the spot." */
  bare('ASK_WHERE'),
  /** "Slower" / "faster": our counting pace. */
  z.object({ type: z.literal('PACE'), pace: slot(z.enum(['slower', 'faster'])) }),
  /** "I only have two minutes." */
  z.object({
    type: z.literal('SHORT_ON_TIME'),
    minutes: slot(number.refine((minutes) => minutes > 0 && minutes < 600)),
  }),
  /** "Talk less" / "stop counting" (brief mode) and "talk more". */
  z.object({ type: z.literal('TALK'), mode: slot(z.enum(['less', 'more'])) }),
  /** "Don't ask between steps": chain steps up to the turn's budget. */
  bare('KEEP_GOING'),
  /** "A bit tender but fine", "that feels looser": a report of how it feels, encouraged; nothing changes. */
  z.object({ type: z.literal('REPORT'), feeling: slot(z.enum(['mild', 'good'])) }),
  /** "I'm not sure", "what should I do today": the spoken body scan composes today's session. */
  bare('SCAN'),
  /** "I have ten minutes and my neck and left calf are tight": the scan in one sentence. */
  z.object({
    type: z.literal('COMPOSE'),
    minutes: slot(number.refine((minutes) => minutes > 0 && minutes < 600)),
    areas: slot(z.array(z.object({ area: text, side: z.enum(['left', 'right']).optional().catch(undefined) })).max(8)),
  }),
  /** "My usual": the person's most helpful recent session, at once. */
  bare('MY_USUAL'),
  /** "That's the spot", "genau da": the knot map keeps this spot (area, side, step; never words). */
  bare('MARK_SPOT'),
  /** "The usual doses": the guide's holds again instead of the learned ones. */
  bare('USUAL_DOSES'),
  /** "How is my neck knot doing?": answered from the knot map. */
  z.object({ type: z.literal('KNOT_STATUS'), area: slot(text) }),
  /** "Start my plan": the plan a physiotherapist wrote, linked to the person's profile. */
  bare('START_PLAN'),
  /** "Link my plan, the code is 4 7 1 9": the pairing code the page shows. */
  z.object({ type: z.literal('LINK_PLAN'), code: slot(z.string().regex(/^[0-9]{4,8}$/)) }),
]);

export type CoachEvent = z.infer<typeof CoachEventSchema>;
export type CoachEventType = CoachEvent['type'];

export const EVENT_TYPES = CoachEventSchema.options.map((option) => option.shape.type.value) as CoachEventType[];

/** Makes any incoming event safe: an unknown type becomes FALLBACK; a bad slot is left out. */
export function sanitizeEvent(raw: unknown): CoachEvent {
  const parsed = CoachEventSchema.safeParse(raw);
  if (!parsed.success) return { type: 'FALLBACK' };
  // Slots that failed their check come back as undefined: leave them out altogether.
  return Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => value !== undefined)) as CoachEvent;
}

/** Lower wins when one utterance could mean two. Red flags beat everything, then leaving, then pausing. */
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
  PHYSIO_REPORT: 8,
  PREPARE: 8,
  DEEPER: 8,
  MISSING: 8,
  ASK_WHY: 8,
  ASK_WHERE: 8,
  PACE: 8,
  SHORT_ON_TIME: 8,
  TALK: 8,
  KEEP_GOING: 7,
  REPORT: 12,
  SCAN: 8,
  COMPOSE: 5,
  MY_USUAL: 5,
  MARK_SPOT: 8,
  USUAL_DOSES: 8,
  KNOT_STATUS: 8,
  START_PLAN: 5,
  LINK_PLAN: 5,
  HELP: 9,
  RATE: 10,
  YES: 11,
  NO: 11,
  SILENCE: 12,
  FALLBACK: 13,
};

/** Facts of the turn the machine needs but does not own; the turn function adds them to every event. */
export interface TurnEnv {
  now: number;
  locale: string;
  budgetSeconds: number;
  /** The emergency number of the request's own locale (en-GB speaks en-US words but hears 999); null: "your local emergency number". */
  emergencyNumber: string | null;
}
