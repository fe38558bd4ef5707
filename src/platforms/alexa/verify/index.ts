import { verify as verifySignature } from 'node:crypto';
import { normaliseCertUrl } from './cert-url';
import { ChainCache } from './chain-cache';
import { verifyChain, type VerifiedChain } from './chain';
import { VerificationError } from './errors';
import { fetchChain } from './fetch-chain';
import { VERIFY_LIMITS } from './limits';
import { RateLimit } from '../../../runtime/rate-limit';

export { VerificationError } from './errors';
export { trustRoot } from './trust';

type Headers = Record<string, string | string[] | undefined>;

const header = (headers: Headers, name: string): string | undefined => {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};

export interface VerifierOptions {
  /** Downloads a chain (tests count or stall it); the default is HTTPS with a deadline and a size cap. */
  fetch?: (url: string) => Promise<string>;
  now?: () => number;
}

/**
 * Checks that a request comes from Alexa, in Amazon's order, cheapest first: both headers
 * present, the certificate URL's shape (before any download), the timestamp, the chain (from the
 * cache, or downloaded and checked), and the signature over the raw body. Throws a
 * VerificationError whose message is safe to send back.
 */
export class AlexaRequestVerifier {
  /** Two bounded caches, so a stream of failing URLs never pushes out the chain Alexa really uses. */
  private readonly chains = new ChainCache(VERIFY_LIMITS.cacheEntries);
  private readonly failures = new ChainCache(VERIFY_LIMITS.cacheEntries);
  /** Downloads under way, by URL: requests for one URL share one download. */
  private readonly inFlight = new Map<string, Promise<VerifiedChain>>();
  private readonly fetch: (url: string) => Promise<string>;
  private readonly now: () => number;
  /** Requests waiting for a download slot, oldest first. */
  private readonly waiting: Array<() => void> = [];
  private readonly newUrls = new RateLimit(VERIFY_LIMITS.newUrlsPerAddressPerMinute, 60_000);
  /** Downloads running per address. */
  private readonly byAddress = new Map<string, number>();

  constructor(options: VerifierOptions = {}) {
    this.fetch = options.fetch ?? ((url) => fetchChain(url));
    // Read the clock at each call (not a reference kept now), as Date may be replaced (tests move it).
    this.now = options.now ?? (() => Date.now());
  }

  /** `address`: where the request came from, so one address's new URLs cannot hold the downloads for all. */
  async verify(
    body: Buffer,
    headers: Headers,
    timestamp: string,
    address = 'unknown',
    requestType?: string,
  ): Promise<void> {
    const certUrl = header(headers, 'SignatureCertChainUrl');
    const signature = header(headers, 'Signature-256');
    if (!certUrl) throw new VerificationError('Missing SignatureCertChainUrl header');
    if (!signature) throw new VerificationError('Missing Signature-256 header');
    const url = normaliseCertUrl(certUrl);
    this.checkTimestamp(timestamp, requestType);
    const chain = await this.chain(url, address);
    if (!verifySignature('sha256', body, chain.publicKey, Buffer.from(signature, 'base64'))) {
      throw new VerificationError('Signature-256 does not match the request body');
    }
  }

  /** Within 150 s of now, either way (a skill event: up to an hour late): a request dated in the future is as suspect as an old one. */
  private checkTimestamp(timestamp: string, requestType: string | undefined): void {
    const at = Date.parse(timestamp);
    if (!Number.isFinite(at)) throw new VerificationError('Request timestamp is not a date');
    const age = this.now() - at;
    const skillEvent = (VERIFY_LIMITS.skillEvents as readonly string[]).includes(requestType ?? '');
    if (skillEvent && age > 0 && age <= VERIFY_LIMITS.skillEventToleranceMs) return;
    if (Math.abs(age) > VERIFY_LIMITS.timestampToleranceMs)
      throw new VerificationError(
        skillEvent
          ? 'Skill event timestamp is more than an hour old, or more than 150 seconds ahead'
          : 'Request timestamp is more than 150 seconds away from now',
      );
  }

  private async chain(url: string, address: string): Promise<VerifiedChain> {
    const cached = this.known(url);
    if (cached) return cached;
    if ((this.byAddress.get(address) ?? 0) >= VERIFY_LIMITS.fetchesPerAddress || this.newUrls.take(address))
      throw new VerificationError('Too many new signature certificate URLs from this address; try again later', 429);
    // A full set of downloads makes a new URL wait its turn (briefly), not fail at once.
    while (this.inFlight.size >= VERIFY_LIMITS.fetchesInFlight) {
      await this.slot();
      const done = this.known(url);
      if (done) return done;
    }
    this.byAddress.set(address, (this.byAddress.get(address) ?? 0) + 1);
    const work = this.download(url).finally(() => {
      this.inFlight.delete(url);
      const left = (this.byAddress.get(address) ?? 1) - 1;
      if (left > 0) this.byAddress.set(address, left);
      else this.byAddress.delete(address);
      this.waiting.shift()?.();
    });
    this.inFlight.set(url, work);
    return work;
  }

  /** A verified chain, a recent failure (thrown), or a download under way for this URL. */
  private known(url: string): VerifiedChain | Promise<VerifiedChain> | null {
    const now = this.now();
    const verified = this.chains.get(url, now);
    if (verified?.ok) return verified.chain;
    const failed = this.failures.get(url, now);
    if (failed && !failed.ok) throw new VerificationError(failed.reason);
    return this.inFlight.get(url) ?? null;
  }

  /** Resolves when a download slot frees; rejects with 429 when the queue is full or the wait too long. */
  private slot(): Promise<void> {
    if (this.waiting.length >= VERIFY_LIMITS.slotQueue)
      return Promise.reject(
        new VerificationError('Too many signature certificates are being downloaded; try again', 429),
      );
    return new Promise<void>((resolve, reject) => {
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const index = this.waiting.indexOf(wake);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(new VerificationError('Too many signature certificates are being downloaded; try again', 429));
      }, VERIFY_LIMITS.slotWaitMs);
      this.waiting.push(wake);
    });
  }

  private async download(url: string): Promise<VerifiedChain> {
    try {
      const chain = verifyChain(await this.fetch(url), this.now());
      this.chains.set(url, { ok: true, chain });
      return chain;
    } catch (error) {
      const reason = error instanceof VerificationError ? error.message : 'Signature certificate could not be checked';
      this.failures.set(url, { ok: false, reason, until: this.now() + VERIFY_LIMITS.failureTtlMs });
      throw new VerificationError(reason);
    }
  }

  /** Chains and failures remembered (for tests of the bounds). */
  get cached(): { chains: number; failures: number } {
    return { chains: this.chains.size, failures: this.failures.size };
  }
}
