import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { SnapshotKeys } from '../runtime/snapshot-seal';
import { RateLimit } from '../runtime/rate-limit';

/** The header the page sends its token in: a cross-site form cannot set it, and a URL never holds it. */
export const TOKEN_HEADER = 'x-coach-token';

/** How many requests the console takes; tests pass their own. */
export interface ConsoleLimits {
  /** Any console request, per address, per window. */
  perAddress: number;
  /** Requests of one browser, per window. */
  perBrowser: number;
  /** New browser ids one address may be given, per creation window. */
  newIdsPerAddress: number;
  windowMs: number;
  creationWindowMs: number;
}

export const DEFAULT_LIMITS: ConsoleLimits = {
  // A person says at most a few things in ten seconds; a page reload asks for its progress too.
  perAddress: 300,
  perBrowser: 40,
  windowMs: 10_000,
  // A household or an office behind one address opens a few browsers an hour, not hundreds.
  newIdsPerAddress: 30,
  creationWindowMs: 60 * 60_000,
};

/**
 * Browser ids the server gave out: 32 random hex digits and 16 of their tag, so an id the server
 * never issued is refused without a store read, and each id has a token the page sends in a header.
 */
export class BrowserIds {
  constructor(private readonly keys: SnapshotKeys) {}

  mint(): string {
    const random = randomBytes(16).toString('hex');
    return `${random}${this.idTag(random)}`;
  }

  /** Whether the server issued this id (with any of its keys). */
  issued(id: string): boolean {
    if (!/^[0-9a-f]{48}$/.test(id)) return false;
    return this.keys.verifyPrefix('browser-id', id.slice(0, 32), Buffer.from(id.slice(32), 'hex'));
  }

  token(id: string): string {
    return this.keys.sign('browser-token', id);
  }

  tokenFits(id: string, token: unknown): boolean {
    return typeof token === 'string' && token.length <= 64 && this.keys.verify('browser-token', id, token);
  }

  private idTag(random: string): string {
    return Buffer.from(this.keys.sign('browser-id', random), 'base64url').subarray(0, 8).toString('hex');
  }
}

/** The address a request came from (Express's view: the socket, or a trusted proxy's header). */
export const addressOf = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';

/** 429 with Retry-After and a reason. */
export function tooMany(res: Response, seconds: number, reason: string): void {
  res.set('Retry-After', String(seconds)).status(429).json({ error: reason });
}

/**
 * The guards in front of every console POST: same origin only (no CORS, and a browser's own
 * Sec-Fetch-Site and Origin say where a request comes from), a JSON body, and limits per address.
 */
export function consoleGuards(limits: ConsoleLimits) {
  const byAddress = new RateLimit(limits.perAddress, limits.windowMs);
  const byBrowser = new RateLimit(limits.perBrowser, limits.windowMs);
  const newIds = new RateLimit(limits.newIdsPerAddress, limits.creationWindowMs);

  const sameOriginJson = (req: Request, res: Response, next: NextFunction) => {
    const site = req.get('sec-fetch-site');
    const origin = req.get('origin');
    const host = req.get('host');
    if ((site && site !== 'same-origin' && site !== 'none') || (origin !== undefined && originHost(origin) !== host)) {
      res.status(403).json({ error: 'Cross-origin requests are refused' });
      return;
    }
    if (!req.is('application/json')) {
      res.status(415).json({ error: 'The body must be JSON (Content-Type: application/json)' });
      return;
    }
    const wait = byAddress.take(addressOf(req));
    if (wait) {
      tooMany(res, wait, 'Too many requests from this address: wait a moment');
      return;
    }
    next();
  };

  return {
    sameOriginJson,
    /** A new id for this address, or the seconds to wait. */
    newIdWait: (req: Request) => newIds.take(addressOf(req)),
    /** After the body is read: the browser's own limit. */
    perBrowser: (id: string, res: Response): boolean => {
      const wait = byBrowser.take(id);
      if (wait) tooMany(res, wait, 'Too many requests from this browser: wait a moment');
      return !wait;
    },
  };
}

/** The host an Origin header names; null for "null" and anything that is not a URL. */
function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
