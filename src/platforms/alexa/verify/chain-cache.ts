import type { VerifiedChain } from './chain';

export type CacheEntry = { ok: true; chain: VerifiedChain } | { ok: false; reason: string; until: number };

/**
 * Verified chains (until they expire) or recent failures, by normalised URL, in a bounded map
 * that drops the least recently used entry first: no URL is fetched twice in a row, and no
 * stream of new URLs grows memory.
 */
export class ChainCache {
  private readonly entries = new Map<string, CacheEntry>();

  constructor(private readonly maxEntries: number) {}

  get(url: string, now: number): CacheEntry | undefined {
    const entry = this.entries.get(url);
    if (!entry) return undefined;
    if (entry.ok ? entry.chain.expiresAt < now : entry.until < now) {
      this.entries.delete(url);
      return undefined;
    }
    // Most recently used last.
    this.entries.delete(url);
    this.entries.set(url, entry);
    return entry;
  }

  set(url: string, entry: CacheEntry): void {
    this.entries.delete(url);
    this.entries.set(url, entry);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}
