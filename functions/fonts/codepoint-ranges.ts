/**
 * A set of code points as sorted runs, flat: `[first, last, first, last, …]`, both ends included.
 * The Worker decides with it whether a document's characters fall inside the reduced faces
 * (cloudflare-assets.ts): the build writes COMMON_CODEPOINTS this way (scripts/worker-fonts.ts),
 * 3 601 runs in 40 KB of JSON, since workerd cannot work the set out itself (no gbk decoder in
 * its TextDecoder, and it must match the Node that cut the reductions). Runtime-neutral.
 */

export type CodepointRanges = readonly number[];

export function rangesOf(codepoints: Iterable<number>): number[] {
  const ranges: number[] = [];
  for (const codepoint of [...new Set(codepoints)].sort((a, b) => a - b)) {
    if (ranges.length > 0 && ranges[ranges.length - 1] === codepoint - 1) ranges[ranges.length - 1] = codepoint;
    else ranges.push(codepoint, codepoint);
  }
  return ranges;
}

/** Whether the runs hold every one of these code points (a binary search for each). */
export function rangesCover(ranges: CodepointRanges, codepoints: Iterable<number>): boolean {
  for (const codepoint of codepoints) {
    // The last run whose first code point is at most this one.
    let low = 0;
    let high = ranges.length / 2 - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (ranges[2 * middle]! <= codepoint) {
        found = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    if (found === -1 || ranges[2 * found + 1]! < codepoint) return false;
  }
  return true;
}
