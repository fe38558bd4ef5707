import { verify as verifySignature } from 'node:crypto';
import { normaliseCertUrl } from './cert-url';
import { ChainCache } from './chain-cache';
import { verifyChain, type VerifiedChain } from './chain';
import { VerificationError } from './errors';
import { fetchChain } from './fetch-chain';
import { VERIFY_LIMITS } from './limits';

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

  constructor(options: VerifierOptions = {}) {
    this.fetch = options.fetch ?? ((url) => fetchChain(url));
    // Read the clock at each call (not a reference kept now), as Date may be replaced (tests move it).
    this.now = options.now ?? (() => Date.now());
  }

  async verify(body: Buffer, headers: Headers, timestamp: string): Promise<void> {
    const certUrl = header(headers, 'SignatureCertChainUrl');
    const signature = header(headers, 'Signature-256');
    if (!certUrl) throw new VerificationError('Missing SignatureCertChainUrl header');
    if (!signature) throw new VerificationError('Missing Signature-256 header');
    const url = normaliseCertUrl(certUrl);
    this.checkTimestamp(timestamp);
    const chain = await this.chain(url);
    if (!verifySignature('sha256', body, chain.publicKey, Buffer.from(signature, 'base64'))) {
      throw new VerificationError('Signature-256 does not match the request body');
    }
  }

  /** Within 150 s of now, either way: a request dated in the future is as suspect as an old one. */
  private checkTimestamp(timestamp: string): void {
    const at = Date.parse(timestamp);
    if (!Number.isFinite(at)) throw new VerificationError('Request timestamp is not a date');
    if (Math.abs(this.now() - at) > VERIFY_LIMITS.timestampToleranceMs)
      throw new VerificationError('Request timestamp is more than 150 seconds away from now');
  }

  private async chain(url: string): Promise<VerifiedChain> {
    const now = this.now();
    const verified = this.chains.get(url, now);
    if (verified?.ok) return verified.chain;
    const failed = this.failures.get(url, now);
    if (failed && !failed.ok) throw new VerificationError(failed.reason);
    const running = this.inFlight.get(url);
    if (running) return running;
    if (this.inFlight.size >= VERIFY_LIMITS.fetchesInFlight)
      throw new VerificationError('Too many signature certificates are being downloaded; try again', 429);
    const work = this.download(url).finally(() => this.inFlight.delete(url));
    this.inFlight.set(url, work);
    return work;
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
