/**
 * The limits of Alexa request verification, each with its source. Amazon's steps are in
 * developer.amazon.com/en-US/docs/alexa/custom-skills/host-a-custom-skill-as-a-web-service.html
 * ("Verify that the request was sent by Alexa"); the numbers without a source there are ours.
 */
export const VERIFY_LIMITS = {
  /** host-a-custom-skill-as-a-web-service: "the request timestamp is within 150 seconds of the current time". */
  timestampToleranceMs: 150_000,
  /**
   * Skill events (enabled, disabled, permission changes) may arrive up to an hour late: Amazon's
   * own verifier (ask-sdk-express-adapter, verifier/index.js, MAXIMUM_SKILL_EVENT_TOLERANCE_IN_MILLIS)
   * accepts them that old. Only late, never early.
   */
  skillEventToleranceMs: 3_600_000,
  skillEvents: [
    'AlexaSkillEvent.SkillEnabled',
    'AlexaSkillEvent.SkillDisabled',
    'AlexaSkillEvent.SkillPermissionChanged',
    'AlexaSkillEvent.SkillPermissionAccepted',
    'AlexaSkillEvent.SkillAccountLinked',
  ],
  /** The certificate must name this domain in its Subject Alternative Names (same page). */
  signingDomain: 'echo-api.amazon.com',
  /** The URL rules of the same page: https, this host (any case), this path prefix (exact case), port 443 if given. */
  certHost: 's3.amazonaws.com',
  certPathPrefix: '/echo.api/',
  certPort: '443',
  /** Ours: Alexa answers within 8 s; a certificate that takes longer than 3 s is not worth the wait. */
  fetchTimeoutMs: 3000,
  /** Ours: Amazon's chain (leaf and intermediates, PEM) is about 6 KB; 64 KB leaves room and bounds memory. */
  maxChainBytes: 64 * 1024,
  /** Ours: more certificates than this in one chain is not Amazon's. */
  maxChainCertificates: 8,
  /** Ours: verified chains kept, and (apart) recent failures, least recently used dropped first. */
  cacheEntries: 64,
  /** Ours: a URL that failed is not fetched again for this long. */
  failureTtlMs: 60_000,
  /** Ours: certificate downloads at once; further new URLs wait for a slot (below). */
  fetchesInFlight: 4,
  /** Ours: how long a new URL waits for a download slot, and how many may wait, before a 429. */
  slotWaitMs: 2500,
  slotQueue: 32,
  /**
   * Ours: new (uncached) certificate URLs one address may have downloaded per minute. Alexa uses one
   * URL at a time (a new one when Amazon renews its certificate); a flood of unique URLs is one
   * address's problem, not everyone's.
   */
  newUrlsPerAddressPerMinute: 6,
  /** Ours: downloads one address may have running at once, so it can never hold every slot. */
  fetchesPerAddress: 2,
} as const;
