/**
 * The printing port: HTML in, finished PDF bytes out. The core knows only this interface; the
 * Chromium adapter (chromium.ts) implements it on Node and Lambda, and the Browser Rendering
 * adapter (cloudflare.ts) on Workers (docs/design.md, "Ports and adapters").
 * Runtime-neutral: no Node modules here.
 */

/** Document information written into the PDF by finish.ts. */
export interface PdfMeta {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  language: 'zh-CN';
  /** The report's publication date; used as CreationDate and ModDate, so output is reproducible. */
  date: Date;
}

export interface PrintDocument {
  /** A complete HTML document. Bundled assets are referenced relative to it (FONT_FACE_CSS). */
  html: string;
  meta: PdfMeta;
}

/** A finished PDF and what the archive records about it without opening it again. */
export interface PrintedPdf {
  pdf: Uint8Array;
  pages: number;
  /**
   * The browser that printed it, as it names itself (CDP Browser.getVersion's product, such as
   * `HeadlessChrome/143.0.7499.169`): with the template version, what a reprint needs to give
   * the same bytes, so the archive records it.
   */
  printedBy: string;
}

export interface Printer {
  /** Prints one document; rejects with PrinterBusy, PrintTimeout or PrintFailed. */
  print(doc: PrintDocument, signal?: AbortSignal): Promise<PrintedPdf>;
  /** Finishes the documents in flight, then stops; later `print` calls reject. */
  close(): Promise<void>;
  /** What the printer is doing, for /metrics; absent where a service prints (Browser Rendering). */
  stats?(): PrinterStats;
}

export interface PrinterStats {
  printing: number;
  /** Documents waiting for a browser. */
  queued: number;
  /** Browsers started to replace another since the printer was made. */
  browserRestarts: number;
}

/** Too many documents queued: the caller should retry later (HTTP 503 at the edge). */
export class PrinterBusy extends Error {
  override name = 'PrinterBusy';
}

/**
 * The printer was closed (the server is shutting down): like a full queue, a reason to retry later,
 * elsewhere, not a failure of the document (HTTP 503, not 500).
 */
export class PrinterClosed extends PrinterBusy {
  override name = 'PrinterClosed';

  constructor() {
    super('the printer is closed');
  }
}

/**
 * No browser to print with for now: Chromium did not start, or Browser Rendering opened no session
 * (its account limit, an outage). Not the document's fault, so like a full queue it is a reason to
 * retry later (HTTP 503; the batch retries it).
 */
export class PrinterUnavailable extends PrinterBusy {
  override name = 'PrinterUnavailable';
}

/** A step took longer than its budget; `step` names it (open, load, print, close). */
export class PrintTimeout extends Error {
  override name = 'PrintTimeout';
  constructor(readonly step: string, readonly ms: number) {
    super(`${step} did not finish within ${ms} ms`);
  }
}

/** The browser could not print the document; `cause` keeps the browser's own error. */
export class PrintFailed extends Error {
  override name = 'PrintFailed';

  /** Wraps an error of the browser's (a protocol error, a crash), naming it in the message: the CLI and the batch summary show messages only. */
  static wrapping(error: unknown): PrintFailed {
    return new PrintFailed(`the browser could not print the document (${String(error).slice(0, 300)})`, { cause: error });
  }
}

/**
 * The signal's reason as an Error: a server aborts with whatever it likes (@hono/node-server with
 * a plain string when the client goes away), and only an Error reaches the app's error handler
 * and its log.
 */
export function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException(String(signal.reason ?? 'aborted'), 'AbortError');
}
