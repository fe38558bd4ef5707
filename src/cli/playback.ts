import type { Plan } from '../speech/plan';

/** Waits, or less when the signal aborts; the abort listener goes when the timer fires (no leak). */
export const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

/** The prompt, for a person typing at a terminal (not for piped input). */
export const PROMPT = process.stdin.isTTY ? '> ' : '';

export interface PlayOptions {
  fast: boolean;
  out: { write(text: string): unknown; isTTY?: boolean };
  prompt: string;
  /** The clock and the wait (tests pass a virtual pair, so what is shown never depends on load). */
  clock?: { now(): number; sleep(ms: number, signal: AbortSignal): Promise<void> };
}

const REAL_CLOCK = { now: () => Date.now(), sleep };

/**
 * Plays a response in real time: words appear as spoken, a hold counts down what is left of the
 * hold itself (as the browser's clock does), and a prompt follows every line, so there is always
 * one to type at. Typing interrupts. In --fast, holds are marked ("[hold 45 s]").
 */
export async function play(
  plan: Plan,
  signal: AbortSignal,
  { fast, out, prompt: PROMPT, clock = REAL_CLOCK }: PlayOptions,
): Promise<void> {
  const tty = Boolean(out.isTTY);
  let at = 0; // seconds into the response
  for (const segment of plan.segments) {
    if (signal.aborted) return;
    const hold = plan.holds.find((span) => at >= span.start - 0.01 && at < span.end - 0.01);
    if (fast && hold && Math.abs(at - hold.start) < 0.01)
      out.write(`  [hold ${Math.round(hold.end - hold.start)} s]\n`);
    if (segment.kind === 'speech') {
      if (tty && !fast) out.write('\r\x1b[K');
      // The prompt follows every line (the next line replaces it), so there is always one to type at.
      out.write(`Coach: ${segment.text}\n${PROMPT}`);
      if (!fast) await clock.sleep(segment.seconds * 1000, signal);
    } else if (!fast) {
      const end = clock.now() + segment.seconds * 1000;
      // The signal aborts while we sleep, which the narrowing after the check above cannot see.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
      while (!signal.aborted && clock.now() < end) {
        const elapsed = segment.seconds - (end - clock.now()) / 1000;
        const total = hold ? Math.round(hold.end - hold.start) : 0;
        const left = Math.min(total, Math.ceil(hold ? hold.end - at - elapsed - 0.001 : 0));
        // A late timer can land past the hold's end: "0 s" is never shown, the hold is over.
        if (tty && hold && left >= 1) out.write(`\r\x1b[K  … ${left} s of ${total} ${PROMPT}`);
        await clock.sleep(Math.min(1000, end - clock.now()), signal);
      }
    }
    at += segment.seconds;
  }
  if (tty && !fast && !signal.aborted && plan.holds.length) out.write(`\r\x1b[K${PROMPT}`);
}
