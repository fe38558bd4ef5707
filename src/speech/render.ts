import { BREAK_SEPARATOR, type PlatformLimits } from './limits';
import type { Plan } from './plan';

/** Escapes text for SSML: the renderer is the one place text enters markup. */
export function escapeSsml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * Silence as <break> tags no longer than the platform allows. A longer silence is split into parts
 * with a silent token between them: adjacent breaks may be merged into one (see limits.ts).
 */
export function breaks(seconds: number, limits: PlatformLimits): string {
  let left = Math.round(seconds * 1000);
  const maxMs = limits.maxBreakSeconds * 1000;
  const tags: string[] = [];
  while (left > 0) {
    const chunk = Math.min(left, maxMs);
    tags.push(`<break time="${chunk}ms"/>`);
    left -= chunk;
  }
  return tags.join(BREAK_SEPARATOR);
}

/** SSML for a whole plan, silences as breaks. */
export function renderSsml(plan: Plan, limits: PlatformLimits): string {
  const body = plan.segments
    .map((segment) => (segment.kind === 'speech' ? escapeSsml(segment.text) : breaks(segment.seconds, limits)))
    .join(' ');
  return `<speak>${body}</speak>`;
}

/** The words alone, for chat channels, cards and the simulator's transcript. */
export function renderText(plan: Plan): string {
  return plan.segments
    .filter((segment) => segment.kind === 'speech')
    .map((segment) => segment.text)
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}
