/**
 * Memoises a load, so every caller meanwhile shares one (a background preload and a document's
 * request, or the documents of one isolate); a failed load is tried again by the next caller.
 * Runtime-neutral.
 */
export function once<T>(load: () => Promise<T>): () => Promise<T> {
  let started: Promise<T> | undefined;
  return () => {
    if (!started) {
      started = load();
      started.catch(() => (started = undefined));
    }
    return started;
  };
}
