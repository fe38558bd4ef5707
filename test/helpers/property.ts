import fc from 'fast-check';

/**
 * Property tests run the same cases on every CI run (a fixed seed), so a pass or a failure
 * belongs to the code, not to chance. Explore with FC_SEED=random (or a number) and FC_RUNS.
 */
export function propertyRuns(defaultRuns: number): fc.Parameters<unknown> {
  const seed = process.env.FC_SEED;
  const runs = Number(process.env.FC_RUNS) || defaultRuns;
  return seed === 'random' ? { numRuns: runs } : { numRuns: runs, seed: Number(seed) || 20261125 };
}
