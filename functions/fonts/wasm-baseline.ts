/**
 * WebAssembly compiled by V8's baseline compiler (Liftoff) only, never optimised (TurboFan). The
 * one module this project runs is hb-subset (subset.ts). Tiered up, a printing process gained
 * ~60 MiB that it never gave back: TurboFan compiled hb-subset's hot functions on V8's worker
 * threads, and glibc kept their scratch memory in those threads' malloc arenas (a 64 MiB arena
 * filled, /proc/self/smaps), over the first hundred or so documents. Baseline code subsets
 * the five faces of a report in ~4 instead of ~2 ms (2021 example, reduced faces). Imported by
 * node-assets.ts, before it compiles hb-subset. Node-only; affects the whole process.
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--liftoff-only');
