/**
 * The bundled fonts as an AssetSource for the Worker: the same per-document subsets as the Node
 * printer (fonts/node-assets.ts), cut by the same hb-subset wasm (subset.ts) from whole faces kept in
 * the Worker's static assets (scripts/worker-fonts.ts, wrangler.toml [assets]).
 *
 * Why subset in the Worker rather than hand whole faces to the remote browser: the six faces
 * weigh 78 MB, and every byte the page loads crosses the CDP WebSocket from this Worker as base64
 * in a Fetch.fulfillRequest message, held in an isolate capped at 128 MB
 * (https://developers.cloudflare.com/workers/platform/limits/#memory); the preview route also
 * inlines the fonts into its HTML. A subset is ~100 KB per face, and PDFs stay as small as on Node.
 * Why not keep the faces loaded as Node does: each hb-subset instance has a fixed 65 MiB memory
 * (subset.ts), so six would need 390 MiB. Instead one face at a time is fetched, loaded, subset
 * and dropped, in one queue per isolate (a Worker isolate serves several requests at once), so
 * the peak stays near one instance plus one face, about 85 MB. That costs ~60–100 ms of CPU per
 * face per document: within the paid plan's 30 s default CPU limit, not the free plan's 10 ms
 * (https://developers.cloudflare.com/workers/platform/limits/#cpu-time). Runtime-neutral.
 */
import { FONT_FACES, fontPath, type AssetSource, type DocumentAssets } from '../render/assets';
import { faceCodepointsFor } from './charset';
import { loadSubsetFace } from './subset';

export interface CloudflareFontOptions {
  /**
   * Returns the whole face stored as `fonts/<file>`, e.g. `(path) => env.ASSETS.fetch(new URL(path, 'https://assets.local/'))`.
   * Required.
   */
  fetchFace: (path: string) => Promise<Response>;
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

export function createCloudflareFontAssets(options: CloudflareFontOptions): AssetSource {
  if (!options?.fetchFace) throw new TypeError('createCloudflareFontAssets: missing required option `fetchFace`');
  if (!options.subsetter) throw new TypeError('createCloudflareFontAssets: missing required option `subsetter`');
  const { fetchFace, subsetter } = options;
  const faces = new Map(FONT_FACES.map((font) => [fontPath(font), font]));
  const queued = oneAtATime();

  async function subsetOf(path: string, codepoints: Set<number>): Promise<Uint8Array> {
    const response = await fetchFace(path);
    if (!response.ok) throw new Error(`font ${path} is missing from the Worker's assets (HTTP ${response.status}): run npm run worker:fonts`);
    const face = await loadSubsetFace(subsetter, new Uint8Array(await response.arrayBuffer()));
    return face.subset(codepoints);
  }

  return {
    forDocument(html: string): DocumentAssets {
      const codepointsOf = faceCodepointsFor(html);
      return async (path) => {
        const font = faces.get(path);
        if (!font) return undefined;
        return { body: await queued(() => subsetOf(path, codepointsOf(font))), contentType: 'font/ttf' };
      };
    },
  };
}
