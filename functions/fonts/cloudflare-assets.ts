/**
 * The bundled fonts as an AssetSource for the Worker: the same per-document subsets as the Node
 * printer (fonts/node-assets.ts), cut by the same hb-subset wasm (subset.ts) from faces kept in
 * the Worker's static assets (scripts/worker-fonts.ts, wrangler.toml [assets]).
 *
 * Why subset in the Worker rather than hand whole faces to the remote browser: the six faces
 * weigh 85 MB, and every byte the page loads crosses the CDP WebSocket from this Worker as base64
 * in a Fetch.fulfillRequest message, held in an isolate capped at 128 MB
 * (https://developers.cloudflare.com/workers/platform/limits/#memory); the preview route also
 * inlines the fonts into its HTML. A subset is ~100 KB per face, and PDFs stay as small as on Node.
 * Why not keep the faces loaded as Node does: each hb-subset instance has a fixed 65 MiB memory
 * (subset.ts), so six would need 390 MiB. Instead the isolate keeps one instance, and one face at
 * a time is streamed from the assets straight into one region of its memory, subset and unloaded,
 * in one queue per isolate (a Worker isolate serves several requests at once); nothing else of
 * the face is held in JavaScript. A document whose characters all lie in the reduced faces
 * (reduced-faces.ts: GB 2312, Latin, punctuation) is subset from those, 2.4–4.5 MB each instead
 * of 10.5–19.4 MB, and gets the very bytes the whole faces give; a document with another
 * character gets the whole faces, face by face. `npm run bench -- worker` measures it in workerd:
 * over an isolate's first preview the process grows by 70–73 MiB from reduced faces, 99–103 MiB
 * from whole ones (115–123 MiB when every preview took whole faces, each in a block of its own).
 * That costs ~30–50 ms per face per document from a reduced face, ~75–110 ms from a whole one
 * (warm previews there): within the paid plan's 30 s default CPU limit, not the free plan's 10 ms
 * (https://developers.cloudflare.com/workers/platform/limits/#cpu-time).
 * Runtime-neutral.
 */
import { concatBytes } from '../bytes';
import { FONT_FACES, fontPath, type AssetSource, type BundledFont } from '../render/assets';
import { subsettingAssets } from './charset';
import { codepointsOfRanges, coversAll, type CodepointRanges } from './codepoint-ranges';
import { sfntLength } from './sfnt-length';
import { once } from './once';
import { createSubsetInstance, type SubsetInstance, type UnloadableFace } from './subset';

/** Where the build keeps a face's reduction (reduced-faces.ts) among the Worker's assets. */
export const reducedFontPath = (font: BundledFont): string => `fonts/reduced/${font.file}`;
/** The code points the reductions hold, as CodepointRanges in JSON. */
export const REDUCED_CODEPOINTS_PATH = 'fonts/reduced/codepoints.json';

export interface CloudflareFontOptions {
  /**
   * Returns the file stored in the Worker's assets under this path (a whole face, `fonts/<file>`,
   * its reduction, or the reductions' code points), e.g.
   * `(path) => env.ASSETS.fetch(new URL(path, 'https://assets.local/'))`. Required.
   */
  fetchAsset: (path: string) => Promise<Response>;
  /** hb-subset compiled once: `import wasm from 'harfbuzzjs/dist/harfbuzz-subset.wasm'` in the Worker. Required. */
  subsetter: WebAssembly.Module;
}

/** Runs one task at a time, in call order, whatever became of the one before. */
function oneAtATime() {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const next = last.catch(() => {}).then(work);
    last = next;
    return next;
  };
}

/**
 * Every face is loaded into one region of the instance's memory (subset.ts) of the largest size a
 * static asset may have (https://developers.cloudflare.com/workers/static-assets/#limits), which
 * leaves HarfBuzz 40 MiB to work in.
 */
const FACE_REGION = 25 * 1024 * 1024;

/** The trailing padding an sfnt file may carry after its last table. */
const SFNT_PADDING = 3;

/**
 * Streams a face into the instance's memory, sized by its table directory (sfnt-length.ts), so
 * the isolate never holds the whole face in JavaScript as well.
 */
async function loadStreamed(instance: SubsetInstance, stream: ReadableStream<Uint8Array>, path: string): Promise<UnloadableFace> {
  const reader = stream.getReader();
  let head: Uint8Array = new Uint8Array(0);
  let length: number | undefined;
  while (length === undefined) {
    const read = await reader.read();
    if (read.done) throw new Error(`font ${path} ends inside its table directory`);
    head = concatBytes(head, read.value);
    length = sfntLength(head);
  }
  const total = length;
  return instance.loadFrom(total, async (target) => {
    let offset = 0;
    const put = (chunk: Uint8Array) => {
      if (offset + chunk.byteLength > total + SFNT_PADDING) throw new Error(`font ${path} runs past the ${total} bytes its tables end at`);
      target.set(chunk.subarray(0, Math.max(0, total - offset)), offset);
      offset += chunk.byteLength;
    };
    put(head);
    for (let read = await reader.read(); !read.done; read = await reader.read()) put(read.value);
    if (offset < total) throw new Error(`font ${path}: ${offset} of its ${total} bytes arrived`);
  });
}

/** The body of an asset the build wrote (scripts/worker-fonts.ts). */
async function fetched(fetchAsset: (path: string) => Promise<Response>, path: string): Promise<Response & { body: ReadableStream<Uint8Array> }> {
  const response = await fetchAsset(path);
  if (!response.ok || !response.body) throw new Error(`${path} is missing from the Worker's assets (HTTP ${response.status}): run npm run worker:fonts`);
  return response as Response & { body: ReadableStream<Uint8Array> };
}

export function createCloudflareFontAssets(options: CloudflareFontOptions): AssetSource {
  if (!options?.fetchAsset) throw new TypeError('createCloudflareFontAssets: missing required option `fetchAsset`');
  if (!options.subsetter) throw new TypeError('createCloudflareFontAssets: missing required option `subsetter`');
  const { fetchAsset, subsetter } = options;
  const faces = new Map(FONT_FACES.map((font) => [fontPath(font), font]));
  const queued = oneAtATime();
  const subsetInstance = once(() => createSubsetInstance(subsetter, { faceRegion: FACE_REGION }));
  const reducedCodepoints = once(async () => codepointsOfRanges((await (await fetched(fetchAsset, REDUCED_CODEPOINTS_PATH)).json()) as CodepointRanges));

  async function subsetOf(font: BundledFont, codepoints: Set<number>): Promise<Uint8Array> {
    const path = coversAll(await reducedCodepoints(), codepoints) ? reducedFontPath(font) : fontPath(font);
    const face = await loadStreamed(await subsetInstance(), (await fetched(fetchAsset, path)).body, path);
    try {
      return face.subset(codepoints);
    } finally {
      face.unload();
    }
  }

  return subsettingAssets(faces, (font) => font, (font, codepoints) => queued(() => subsetOf(font, codepoints)));
}
