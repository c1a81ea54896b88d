/**
 * A set of code points as sorted runs, flat: `[first, last, first, last, …]`, both ends included.
 * The Worker reads it back as a set to decide whether a document's characters fall inside the
 * reduced faces (cloudflare-assets.ts): the build writes COMMON_CODEPOINTS this way (scripts/worker-fonts.ts),
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

/** The code points the runs hold. */
export function codepointsOfRanges(ranges: CodepointRanges): Set<number> {
  const codepoints = new Set<number>();
  for (let i = 0; i < ranges.length; i += 2) for (let codepoint = ranges[i]!; codepoint <= ranges[i + 1]!; codepoint++) codepoints.add(codepoint);
  return codepoints;
}

/** Whether `set` holds every one of these code points: whether a reduced face covers a document (Node and Worker alike). */
export function coversAll(set: ReadonlySet<number>, codepoints: Iterable<number>): boolean {
  for (const codepoint of codepoints) if (!set.has(codepoint)) return false;
  return true;
}
