import fc from 'fast-check';

/**
 * Property tests run the same cases on every CI run (a fixed seed), so a pass or a failure
 * belongs to the code, not to chance. Explore with FC_SEED=random (or a number) and FC_RUNS.
 */
export function propertyRuns(defaultRuns: number): fc.Parameters<unknown> {
  const seed = process.env.FC_SEED;
  // The fast loop (npm run test:fast) tries a tenth of the cases; CI and `npm test` try them all.
  const share = process.env.MC_TEST_FAST ? 0.1 : 1;
  const runs = Number(process.env.FC_RUNS) || Math.max(1, Math.ceil(defaultRuns * share));
  return seed === 'random' ? { numRuns: runs } : { numRuns: runs, seed: Number(seed) || 20261125 };
}
