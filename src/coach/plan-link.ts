import type { Plan } from '../plan/schema';
import { say, type Act } from '../speech/acts';
import type { Profile } from './profile';

/** A plan's title in the person's language, else in its first. */
export const planTitle = (plan: Plan, locale: string): string =>
  plan.title[locale] ?? plan.title[plan.languages[0]!] ?? plan.id;

/**
 * The coach's answer to LINK_PLAN, from what the runner found for the code before the turn: the
 * plan's title and author when it is linked; else that the code did not work (or: wait, or: this
 * conversation has no account to keep a plan for).
 */
export function planLinkActs(profile: Profile, locale: string): Act[] {
  if (profile.planLink === 'linked' && profile.plan)
    return [say('plan.linked', { title: planTitle(profile.plan, locale), author: profile.plan.author.name })];
  if (profile.planLink === 'sessionOnly') return [say('plan.linkNeedsAccount')];
  return [say(profile.planLink === 'wait' ? 'plan.linkWait' : 'plan.linkFailed')];
}
