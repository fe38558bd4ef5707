import { randomInt } from 'node:crypto';
import type { Request, Response } from 'express';
import { RateLimit } from '../runtime/rate-limit';
import { addressOf } from './console-guard';

/** Letters and digits a person reads off one screen and types on another without mixing them up. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;
/** A code lasts ten minutes and works once. */
const CODE_TTL_MS = 10 * 60_000;

/**
 * Carrying a browser's journal to another device without showing its id: the page asks for a
 * short code, the other device gives it to /console/hello once within ten minutes and gets the
 * same id and token. 31^8 codes, single use, tries limited per address: not guessable in ten minutes.
 */
export class TransferCodes {
  private readonly codes = new Map<string, { session: string; until: number }>();
  private readonly tries: RateLimit;

  constructor(
    private readonly maxCodes = 1000,
    triesPerAddress = 10,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tries = new RateLimit(triesPerAddress, CODE_TTL_MS);
  }

  /** A new code for this browser (its earlier codes stop working). */
  issue(session: string): { code: string; expiresInSeconds: number } {
    for (const [code, held] of this.codes) if (held.session === session) this.codes.delete(code);
    let code = '';
    for (let n = 0; n < CODE_LENGTH; n += 1) code += ALPHABET.charAt(randomInt(ALPHABET.length));
    this.codes.set(code, { session, until: this.now() + CODE_TTL_MS });
    while (this.codes.size > this.maxCodes) this.codes.delete(this.codes.keys().next().value!);
    return { code, expiresInSeconds: CODE_TTL_MS / 1000 };
  }

  /** The browser id a code stands for, once; `wait` when this address has tried too many. */
  take(given: string, req: Request): { session: string } | { refused: 'unknown' | 'wait' } {
    if (this.tries.take(addressOf(req))) return { refused: 'wait' };
    const code = given.toUpperCase().replace(/[^A-Z0-9]/g, '');
    const held = this.codes.get(code);
    if (!held) return { refused: 'unknown' };
    this.codes.delete(code);
    return held.until > this.now() ? { session: held.session } : { refused: 'unknown' };
  }
}

/** The answer to a code that does not work: 400, or 429 with Retry-After after too many tries. */
export function refuseCode(res: Response, outcome: 'unknown' | 'wait'): void {
  if (outcome === 'wait')
    res.set('Retry-After', '600').status(429).json({ error: 'Too many codes tried from this address' });
  else res.status(400).json({ error: 'code is unknown, used or expired: ask the other device for a new one' });
}
