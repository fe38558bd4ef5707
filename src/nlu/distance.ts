/** The longest text the matcher looks at (nlu/matcher.ts cuts input to it), so the rows below fit any comparison. */
export const MAX_COMPARED_CHARS = 512;

// Three reused rows: the distance allocates nothing per call.
const before = new Int32Array(MAX_COMPARED_CHARS + 1);
const previous = new Int32Array(MAX_COMPARED_CHARS + 1);
const current = new Int32Array(MAX_COMPARED_CHARS + 1);

/**
 * Edit distance counting a swap of neighbours as one edit (typed typos: "nxet", "repaet"), bounded:
 * anything above `max` is reported as `max + 1`, as soon as it is certain. Strings whose lengths
 * differ by more than `max` cost nothing; otherwise the work is at most |a|·|b| with |b| ≤ 512.
 */
export function boundedDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a.length > MAX_COMPARED_CHARS || b.length > MAX_COMPARED_CHARS) return max + 1;
  let twoBack = before;
  let last = previous;
  let row = current;
  for (let j = 0; j <= b.length; j += 1) last[j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    row[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let best = Math.min(last[j]! + 1, row[j - 1]! + 1, last[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1))
        best = Math.min(best, twoBack[j - 2]! + 1);
      row[j] = best;
      if (best < rowMin) rowMin = best;
    }
    // Every later row is at least this row's minimum minus nothing: past the bound, stop.
    if (rowMin > max) return max + 1;
    const spare = twoBack;
    twoBack = last;
    last = row;
    row = spare;
  }
  const distance = last[b.length]!;
  return distance > max ? max + 1 : distance;
}
