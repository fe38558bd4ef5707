import { createHash } from 'node:crypto';
import type { CoachOutput, Effect, View } from '../coach/output';
import type { Profile } from '../coach/profile';
import { runTurn, type PersistedCoach } from '../coach/turn';
import { resolveLocale } from '../i18n';
import { log } from '../log';
import type { PlatformName } from '../speech/limits';
import { progressOf, persistentPainOf } from '../store/progress';
import type { Store } from '../store/types';
import { renderOutput, type RenderedOutput } from './render-output';

export interface TurnRequest {
  userId: string;
  sessionId: string;
  /** The platform's id for this request: a retried request repeats it, so its writes happen once. */
  requestId: string;
  snapshot: PersistedCoach | null;
  event: unknown;
  locale: string;
  platform: PlatformName;
  now: number;
  newSession: boolean;
}

export interface TurnResponse extends RenderedOutput {
  snapshot: PersistedCoach;
  output: CoachOutput;
  locale: string;
  state: string;
  recovered: boolean;
  routine: string | null;
  view: View | null;
}

/** Events after which the coach needs the user's stored profile. */
const NEEDS_PROFILE = new Set(['LAUNCH', 'PROGRESS']);

/**
 * One turn for any platform: read what the coach needs from the store, run the pure turn, carry
 * out its effects (each idempotent per request id) and render speech for the platform.
 */
export class Conversation {
  constructor(readonly store: Store) {}

  async profile(userId: string, now: number): Promise<Profile> {
    const user = await this.store.load(userId);
    return {
      firstSession: user.sessions <= 1 && user.journal.length === 0,
      resume: user.resume,
      progress: progressOf(user, now),
      persistentPain: persistentPainOf(user, now),
    };
  }

  async handle(request: TurnRequest): Promise<TurnResponse> {
    const started = Date.now();
    const locale = resolveLocale(request.locale);
    const type = (request.event as { type?: string } | null)?.type ?? '';
    if (request.newSession) await this.store.countSession(request.userId);
    const needsProfile = request.newSession || NEEDS_PROFILE.has(type) || !request.snapshot;
    const profile = needsProfile ? await this.profile(request.userId, request.now) : undefined;
    const result = runTurn(request.snapshot, request.event, {
      now: request.now,
      locale,
      platform: request.platform,
      ...(profile ? { profile } : {}),
    });
    await this.apply(request, result.output.effects);
    // The event type and the state only: no user id, no slot values, no words.
    log.debug('turn', { platform: request.platform, event: type || 'unknown', state: result.state, locale, ms: Date.now() - started });
    if (result.recovered) log.warn('snapshot recovered', { platform: request.platform, state: result.state });
    return {
      snapshot: result.snapshot,
      output: result.output,
      locale,
      state: result.state,
      recovered: result.recovered,
      routine: result.routine,
      view: result.view,
      ...renderOutput(result.output, locale, request.platform),
    };
  }

  private async apply(request: TurnRequest, effects: Effect[]): Promise<void> {
    let index = 0;
    for (const effect of effects) {
      index += 1;
      switch (effect.type) {
        case 'saveResume':
          await this.store.saveResume(request.userId, effect.point);
          break;
        case 'clearResume':
          await this.store.saveResume(request.userId, null);
          break;
        case 'journal': {
          const id = createHash('sha256').update(`${request.sessionId}\u0000${request.requestId}\u0000${index}`).digest('hex').slice(0, 24);
          await this.store.appendJournal(request.userId, { ...effect.entry, id });
          break;
        }
        case 'setGoal':
          await this.store.setGoal(request.userId, effect.goal);
          break;
        case 'deleteData':
          await this.store.deleteUser(request.userId);
          break;
      }
    }
  }
}
