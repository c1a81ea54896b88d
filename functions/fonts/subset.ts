/**
 * Font subsetting with HarfBuzz's hb-subset compiled to WebAssembly (harfbuzzjs ships
 * `harfbuzz-subset.wasm`, which exports the plain C API and imports nothing). A full CJK face is
 * copied into wasm memory once and kept there: HarfBuzz caches its table accelerators on the face,
 * so the first subset costs ~50 ms and every later one ~1–2 ms for a few hundred characters
 * (measured on NotoSerifSC_400Regular.ttf; `hb_subset_preprocess` bought nothing more and doubled
 * the memory). That module's memory is fixed at 65 MiB and cannot grow, so on Node, which keeps
 * the faces loaded, each face gets its own instance of the one compiled module; the Worker loads
 * one face at a time into a single instance and unloads it after use.
 * Runtime-neutral: it needs only `WebAssembly`, so Workers can use it with the wasm as a binding.
 */

/** The few hb-subset exports used here; names and signatures as in harfbuzz's hb-subset.h. */
interface HbSubsetExports {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  free(ptr: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, codepoint: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_input_set(input: number, setType: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_or_fail(face: number, input: number): number;
  _initialize?(): void;
}

/** HB_MEMORY_MODE_READONLY: HarfBuzz reads the bytes in place; we keep them alive until the face is unloaded. */
const MEMORY_MODE_READONLY = 1;
/** HB_SUBSET_SETS_DROP_TABLE_TAG (hb-subset.h). */
const SETS_DROP_TABLE_TAG = 3;
/**
 * HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_NO_LAYOUT_CLOSURE: hinting does nothing in a PDF,
 * and the layout closure over Noto CJK's GSUB is the slowest part of a subset while the glyphs
 * it would add (vertical and locale variants) are never used by horizontal zh-CN text.
 */
const SUBSET_FLAGS = 0x1 | 0x200;
/**
 * Tables that Chromium does not need to lay out horizontal zh-CN text: GSUB/GPOS/GDEF (we keep
 * no layout closure, see above), vertical metrics, and the digital-signature and hinting tables.
 */
const DROPPED_TABLES = ['GSUB', 'GPOS', 'GDEF', 'vhea', 'vmtx', 'VORG', 'DSIG', 'hdmx', 'LTSH', 'VDMX', 'kern'];

function tagOf(name: string): number {
  return ((name.charCodeAt(0) << 24) | (name.charCodeAt(1) << 16) | (name.charCodeAt(2) << 8) | name.charCodeAt(3)) >>> 0;
}

/** HB_SUBSET_FLAGS_RETAIN_GIDS: glyphs keep their ids, the others stay as empty slots. */
const RETAIN_GLYPH_IDS = 0x2;

/** What subsets and reductions depend on besides the face and the code points (reduced faces are keyed by it). */
export const SUBSET_SETTINGS = `flags ${SUBSET_FLAGS}; reduce flags ${SUBSET_FLAGS | RETAIN_GLYPH_IDS}; dropped ${DROPPED_TABLES.join(' ')}`;

/** One font face loaded into an hb-subset instance, ready to be subset again and again. */
export interface SubsetFace {
  /** A standalone TrueType font with just the glyphs for these code points (plus .notdef). */
  subset(codepoints: Iterable<number>): Uint8Array;
  /**
   * The face cut down to these code points with every glyph at its own id: a subset of it, for
   * any of these code points, is byte for byte the subset of the whole face (reduced-faces.ts).
   */
  reduce(codepoints: Iterable<number>): Uint8Array;
}

/** A face that can be taken out of its instance again, leaving the memory for the next one. */
export interface UnloadableFace extends SubsetFace {
  /** Frees the face, its cached tables and its bytes; the face must not be used afterwards. */
  unload(): void;
}

/**
 * One hb-subset instance that faces are loaded into and unloaded from in turn, so a runtime short
 * of memory (a Worker isolate, 128 MB) holds one fixed 65 MiB memory, not one per face.
 */
export interface SubsetInstance {
  /**
   * Loads a face whose `byteLength` bytes `write` fills straight into wasm memory (see
   * `loadSubsetFaceFrom`). With a face region, the face before must have been unloaded.
   */
  loadFrom(byteLength: number, write: (target: Uint8Array) => void | Promise<void>): Promise<UnloadableFace>;
}

/** Compiles hb-subset once; pass the result to every `loadSubsetFace` or `createSubsetInstance`. */
export function compileSubsetter(wasm: BufferSource): Promise<WebAssembly.Module> {
  return WebAssembly.compile(wasm);
}

/** Loads one face, given as bytes, into its own instance. */
export function loadSubsetFace(module: WebAssembly.Module, sfnt: Uint8Array): Promise<SubsetFace> {
  return loadSubsetFaceFrom(module, sfnt.byteLength, (target) => target.set(sfnt));
}

/**
 * Loads one face into its own instance; `write` fills its `byteLength` bytes straight into wasm
 * memory (a file read into it saves a 15 MB copy per face and the transient Node buffer). Nothing
 * else touches this instance until `write` settles, so it may fill the memory asynchronously.
 */
export async function loadSubsetFaceFrom(module: WebAssembly.Module, byteLength: number, write: (target: Uint8Array) => void | Promise<void>): Promise<SubsetFace> {
  return (await createSubsetInstance(module)).loadFrom(byteLength, write);
}

/**
 * Where an instance puts the faces loaded into it: each in a block of its own by default, or all
 * in one region of `faceRegion` bytes allocated first, for an instance that faces take turns in.
 * A block freed at unload is reused only by a face that fits in it, so faces of growing sizes, each
 * above a few bytes that HarfBuzz keeps allocated for good, would each touch fresh pages, which
 * then stay resident: a Worker's first preview of whole faces touched 34 MiB of wasm memory for
 * a largest face of 19.4 MB. The region's pages are touched only as far as the largest face
 * written into it.
 */
export interface SubsetInstanceOptions {
  faceRegion?: number;
}

export async function createSubsetInstance(module: WebAssembly.Module, options: SubsetInstanceOptions = {}): Promise<SubsetInstance> {
  const instance = await WebAssembly.instantiate(module, {});
  const hb = instance.exports as unknown as HbSubsetExports;
  hb._initialize?.();
  if (options.faceRegion === undefined) return { loadFrom: (byteLength, write) => openFace(hb, allocated(hb, byteLength), write) };
  const region = allocated(hb, options.faceRegion);
  let occupied = false;
  return {
    async loadFrom(byteLength, write) {
      if (byteLength > region.byteLength) throw new Error(`hb-subset: a ${byteLength}-byte font exceeds the ${region.byteLength}-byte face region`);
      if (occupied) throw new Error('hb-subset: a face is still loaded in the face region');
      occupied = true;
      return openFace(hb, { ptr: region.ptr, byteLength, release: () => (occupied = false) }, write);
    },
  };
}

/** Bytes in wasm memory that a face is written into, and how to give them back when it is unloaded. */
interface FaceBytes {
  ptr: number;
  byteLength: number;
  release(): void;
}

function allocated(hb: HbSubsetExports, byteLength: number): FaceBytes {
  const ptr = hb.malloc(byteLength);
  if (!ptr) throw new Error(`hb-subset: a ${byteLength}-byte font does not fit in its 65 MiB memory`);
  return { ptr, byteLength, release: () => hb.free(ptr) };
}

async function openFace(hb: HbSubsetExports, bytes: FaceBytes, write: (target: Uint8Array) => void | Promise<void>): Promise<UnloadableFace> {
  const { ptr, byteLength } = bytes;
  try {
    await write(new Uint8Array(hb.memory.buffer, ptr, byteLength));
  } catch (error) {
    bytes.release();
    throw error;
  }
  const blob = hb.hb_blob_create(ptr, byteLength, MEMORY_MODE_READONLY, 0, 0);
  const face = hb.hb_face_create(blob, 0);
  hb.hb_blob_destroy(blob);

  function subset(codepoints: Iterable<number>, flags = SUBSET_FLAGS): Uint8Array {
    const input = hb.hb_subset_input_create_or_fail();
    if (!input) throw new Error('hb_subset_input_create_or_fail: out of memory');
    try {
      const unicodes = hb.hb_subset_input_unicode_set(input);
      for (const codepoint of codepoints) hb.hb_set_add(unicodes, codepoint);
      const dropped = hb.hb_subset_input_set(input, SETS_DROP_TABLE_TAG);
      for (const table of DROPPED_TABLES) hb.hb_set_add(dropped, tagOf(table));
      hb.hb_subset_input_set_flags(input, flags);
      const result = hb.hb_subset_or_fail(face, input);
      if (!result) throw new Error('hb_subset_or_fail: the font could not be subset');
      const blob = hb.hb_face_reference_blob(result);
      const bytes = new Uint8Array(hb.memory.buffer, hb.hb_blob_get_data(blob, 0), hb.hb_blob_get_length(blob)).slice();
      hb.hb_blob_destroy(blob);
      hb.hb_face_destroy(result);
      return bytes;
    } finally {
      hb.hb_subset_input_destroy(input);
    }
  }

  return {
    subset: (codepoints) => subset(codepoints),
    reduce: (codepoints) => subset(codepoints, SUBSET_FLAGS | RETAIN_GLYPH_IDS),
    unload() {
      // The face holds the blob, and the blob only points at the bytes (READONLY, no destroy callback).
      hb.hb_face_destroy(face);
      bytes.release();
    },
  };
}
