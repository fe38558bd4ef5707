import { createHash } from 'node:crypto';
import type { CoachOutput, Effect, JournalDraft, View } from '../coach/output';
import { wantsFacts, type Profile } from '../coach/profile';
import { runTurn, type PersistedCoach } from '../coach/turn';
import { resolveLocale } from '../i18n';
import { say, type Act } from '../speech/acts';
import { log } from '../log';
import { LIMITS, type PlatformName } from '../speech/limits';
import { progressOf, persistentPainOf } from '../store/progress';
import type { JournalEntry, Store } from '../store/types';
import { JournalOutbox } from './journal-outbox';
import { PlanPairing } from './plan-pairing';
import { checkedDraft } from '../store/journal-entry';
import { checkedKnotDraft } from '../store/knot-entry';
import type { KnotEntry } from '../coach/knots';
import { renderOutput, renderScreen, type RenderedOutput, type ScreenText } from './render-output';
import { deleteData, personalActs, recordPerson } from './persons';

export interface TurnRequest {
  userId: string;
  /** The account when `userId` is a recognised person's key on it (Alexa voices: runtime/persons.ts). */
  accountId?: string;
  sessionId: string;
  /** The platform's id for this request: a retried request repeats it, so its writes happen once. */
  requestId: string;
  snapshot: PersistedCoach | null;
  event: unknown;
  locale: string;
  platform: PlatformName;
  now: number;
  newSession: boolean;
  /** Said before the turn's own words (a refused snapshot's "let's start fresh"): a message key. */
  notice?: string;
  /** Where the request came from, when the channel knows (the page): pairing tries are limited per address. */
  address?: string;
  /**
   * The user id lives only as long as this conversation (a Dialogflow caller no account names):
   * a plan linked to it would be gone at the goodbye, and every new conversation would bring five
   * fresh tries at a pairing code, so codes are not taken from it at all.
   */
  sessionOnly?: boolean;
}

export interface TurnResponse extends RenderedOutput {
  snapshot: PersistedCoach;
  output: CoachOutput;
  locale: string;
  state: string;
  recovered: boolean;
  routine: string | null;
  view: View | null;
  screen: ScreenText | null;
}

/** What STOP says when the place is saved, and what it says instead when the store refused it. */
const SAVED_PLACE = 'coach.stop.saved';
const PLACE_NOT_SAVED = 'coach.storeFailed.place';
/** What the coach says when today's journal entry waits in the outbox. */
const JOURNAL_NOT_SAVED = 'coach.storeFailed.journal';

/** The acts with one more said before the last (the goodbye stays last). */
const withBeforeLast = (acts: Act[], act: Act): Act[] =>
  acts.length > 1 ? [...acts.slice(0, -1), act, acts.at(-1)!] : [...acts, act];

/**
 * Store time a turn may spend before its journal entries go straight to the outbox: half the
 * platform's answer time (Alexa 8 s, Dialogflow 5 s), each store call bounded besides
 * (store/deadline-store.ts), so the answer is never lost to a hung store.
 */
const storeBudgetMs = (platform: PlatformName) => LIMITS[platform].timeoutMs / 2;

/** Events after which the coach needs the user's stored profile. */
const NEEDS_PROFILE = new Set([
  'LAUNCH',
  'PROGRESS',
  'START_PLAN',
  'LINK_PLAN',
  'SCAN',
  'COMPOSE',
  'MY_USUAL',
  'KNOT_STATUS',
]);
/** Events that read the knot map too: one more store read, so only where it is used. */
const NEEDS_KNOTS = new Set(['PROGRESS', 'SCAN', 'COMPOSE', 'KNOT_STATUS']);
/** Sessions "my usual" and the composer look back over. */
const RECENT_SESSIONS = 20;

/**
 * One turn for any platform: read what the coach needs from the store, run the pure turn, carry
 * out its effects (each idempotent per request id) and render speech for the platform.
 */
export class Conversation {
  /** Journal entries the store refused, retried beside later turns and at shutdown. */
  readonly outbox: JournalOutbox;
  /** Pairing codes for a kept plan: issued by the page, resolved here before a LINK_PLAN turn. */
  readonly pairing: PlanPairing;

  constructor(readonly store: Store) {
    this.outbox = new JournalOutbox(store);
    this.pairing = new PlanPairing(store);
  }

  /**
   * What the coach knows of the user; when the store cannot be read, a turn still happens without
   * it. `sessions` is the count this turn's own session start got from the store, if it did.
   */
  async profile(userId: string, now: number, sessions?: Promise<number | null>, withKnots = false): Promise<Profile> {
    let user;
    let plan;
    // The map is read beside the profile; a map that cannot be read is left out, the turn goes on.
    const knots = withKnots ? this.knots(userId) : undefined;
    try {
      [user, plan] = await Promise.all([this.store.load(userId), this.linkedPlan(userId)]);
    } catch (error) {
      log.error('store read failed', { errorType: (error as Error).name });
      // Unknown is treated as new: a first-time user must not miss the safety sentence because a
      // store was down, and a returning one hears it once more.
      return { firstSession: true, resume: null, progress: null, persistentPain: null, journalReachable: false };
    }
    // The read runs beside the count's write and may see the profile before or after it: the count
    // the write itself returned decides (the stored figure when that write failed).
    const count = (await sessions) ?? user.sessions;
    const knotLog = await knots;
    return {
      firstSession: count <= 1 && user.journal.length === 0,
      resume: user.resume,
      progress: progressOf(user, now),
      persistentPain: persistentPainOf(user, now),
      talk: user.talk ?? 'full',
      ...(plan ? { plan } : {}),
      recent: user.journal.slice(-RECENT_SESSIONS).map(({ routine, date, ratingBefore, ratingAfter }) => ({
        routine,
        date,
        ...(ratingBefore !== undefined ? { ratingBefore } : {}),
        ...(ratingAfter !== undefined ? { ratingAfter } : {}),
      })),
      ...(knotLog ? { knots: knotLog } : {}),
    };
  }

  /** The knot map's log, or undefined when the store keeps none or cannot be read now (logged). */
  private async knots(userId: string): Promise<KnotEntry[] | undefined> {
    try {
      return await this.store.loadKnots?.(userId);
    } catch (error) {
      log.error('store read failed', { reason: 'knots', errorType: (error as Error).name });
      return undefined;
    }
  }

  async handle(request: TurnRequest): Promise<TurnResponse> {
    const started = Date.now();
    this.outbox.retry();
    const locale = resolveLocale(request.locale);
    const type = (request.event as { type?: string } | null)?.type ?? '';
    // A new session is counted beside the profile read, not in front of it: launches of one user
    // share the store's write (group commit in the file store) instead of queueing one sync each.
    const counted = request.newSession ? this.countSession(request.userId) : undefined;
    const recorded = request.newSession ? recordPerson(this.store, request) : undefined;
    // The scan's last answer composes the session: the snapshot asks for the facts then.
    const factsNext = wantsFacts(request.snapshot);
    const needsProfile = request.newSession || NEEDS_PROFILE.has(type) || !request.snapshot || factsNext;
    // A pairing code is resolved before the turn, so the profile read after it holds the linked plan.
    const linked = type === 'LINK_PLAN' ? await this.linkPlan(request) : undefined;
    const read = needsProfile
      ? await this.profile(request.userId, request.now, counted, factsNext || NEEDS_KNOTS.has(type))
      : undefined;
    const profile = read && linked ? { ...read, planLink: linked } : read;
    await counted;
    await recorded;
    const result = runTurn(request.snapshot, request.event, {
      now: request.now,
      locale,
      requestLocale: request.locale,
      budgetSeconds: LIMITS[request.platform].maxResponseSeconds,
      ...(profile ? { profile } : {}),
    });
    const failed = await this.apply(request, result.output.effects, started);
    // Honest speech: never claim the place is saved when the store refused it.
    const said = personalActs(request, result.output.acts);
    const acts = failed.has('saveResume')
      ? said.map((act) => (act.type === 'say' && act.key === SAVED_PLACE ? say(PLACE_NOT_SAVED) : act))
      : said;
    // Once, when a journal entry had to wait for the store: it is kept and written later.
    const told = failed.has('journal') ? withBeforeLast(acts, say(JOURNAL_NOT_SAVED)) : acts;
    const output = request.notice
      ? { ...result.output, acts: [say(request.notice), ...told] }
      : { ...result.output, acts: told };
    // The event type and the state only: no user id, no slot values, no words.
    log.debug('turn', {
      platform: request.platform,
      event: type || 'unknown',
      state: result.state,
      locale,
      ms: Date.now() - started,
    });
    if (result.recovered) log.warn('snapshot recovered', { platform: request.platform, state: result.state });
    return {
      snapshot: result.snapshot,
      output,
      locale,
      state: result.state,
      recovered: result.recovered,
      routine: result.routine,
      view: result.view,
      screen: renderScreen(result.view, locale),
      ...renderOutput(output, locale, request.platform),
    };
  }

  /** The plan linked to the user; none when the store keeps no plans or could not read it (logged). */
  private async linkedPlan(userId: string) {
    try {
      return (await this.store.loadPlan?.(userId)) ?? null;
    } catch (error) {
      log.error('store read failed', { reason: 'loadPlan', errorType: (error as Error).name });
      return null;
    }
  }

  /** What the LINK_PLAN event's code comes to: the plan copied into this user's profile, or why not. */
  private async linkPlan(request: TurnRequest): Promise<NonNullable<Profile['planLink']>> {
    if (request.sessionOnly) return 'sessionOnly';
    const code = (request.event as { code?: unknown }).code;
    if (typeof code !== 'string') return 'unknown';
    try {
      const result = await this.pairing.link(request.userId, code, request.now, request.address);
      return 'plan' in result ? 'linked' : result.refused;
    } catch (error) {
      log.error('store failed linking a plan', { errorType: (error as Error).name });
      return 'unknown';
    }
  }

  /** The user's session count with this one, or null when the store could not count it (logged). */
  private async countSession(userId: string): Promise<number | null> {
    try {
      return await this.store.countSession(userId);
    } catch (error) {
      log.error('store write failed', { reason: 'countSession', errorType: (error as Error).name });
      return null;
    }
  }

  /**
   * A store write that fails is logged and the user still gets their answer: what they hear
   * matters now, and a retried request (same id) writes the same entry again without doubling it.
   */
  private async safely(what: string, write: () => Promise<unknown>): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (error) {
      log.error('store write failed', { reason: what, errorType: (error as Error).name });
      return false;
    }
  }

  /**
   * An entry written once by id (journal, knot map). A turn that has spent its store time answers
   * now and the entry waits in the outbox; resolves whether it was written now.
   */
  private async append(request: TurnRequest, entry: JournalEntry | KnotEntry, started: number): Promise<boolean> {
    if (Date.now() - started > storeBudgetMs(request.platform)) {
      this.outbox.keep(request.userId, entry);
      return false;
    }
    return this.outbox.write(request.userId, entry);
  }

  /** Carries out the effects; resolves with the kinds of write that failed. */
  private async apply(request: TurnRequest, effects: Effect[], started: number): Promise<Set<Effect['type']>> {
    const failed = new Set<Effect['type']>();
    let index = 0;
    for (const effect of effects) {
      index += 1;
      switch (effect.type) {
        case 'saveResume':
          if (!(await this.safely('saveResume', () => this.store.saveResume(request.userId, effect.point))))
            failed.add('saveResume');
          break;
        case 'clearResume':
          await this.safely('clearResume', () => this.store.saveResume(request.userId, null));
          break;
        case 'journal':
        case 'knot': {
          const entry = entryOf(request, effect, index);
          if (entry && !(await this.append(request, entry, started))) failed.add(effect.type);
          break;
        }
        case 'setGoal':
          await this.safely('setGoal', () => this.store.setGoal(request.userId, effect.goal));
          break;
        case 'setTalk':
          await this.safely('setTalk', () => this.store.setTalk?.(request.userId, effect.talk) ?? Promise.resolve());
          break;
        case 'deleteData':
          await this.safely('deleteData', () => deleteData(this.store, request));
          break;
      }
    }
    return failed;
  }
}

/** A short, stable id from the request's own ids: a retried request writes the same entry again, once. */
const hashed = (...parts: Array<string | number>) =>
  createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24);

/**
 * The entry to store for a journal or knot effect, with an id from the request's own (a retried
 * request writes it once). Its values come from a snapshot a client carried: only what a session
 * can produce is kept. A knot's session is the platform's, hashed: one session's marks and
 * tensions make one visit.
 */
function entryOf(
  request: TurnRequest,
  effect: Extract<Effect, { type: 'journal' | 'knot' }>,
  index: number,
): JournalEntry | KnotEntry | null {
  const id = hashed(request.sessionId, request.requestId, index);
  const draft = effect.type === 'journal' ? checkedDraft(effect.entry) : checkedKnotDraft(effect.entry);
  if (!draft) {
    log.warn(`${effect.type} entry refused: values out of range`, { platform: request.platform });
    return null;
  }
  return effect.type === 'journal'
    ? { ...(draft as JournalDraft), id }
    : ({ ...draft, id, session: hashed(request.sessionId) } as KnotEntry);
}
