/**
 * The Chromium printer against the real bundled browser: what the PDF contains (fonts embedded
 * and subset, tags, the six bookmarks, metadata, byte-identical reprints), what the page cannot
 * do (reach any network or file, run script), and how the browser is supervised (recycling,
 * relaunch after a kill with queued work kept, a full queue, timeouts). Needs poppler-utils
 * (pdffonts, pdfinfo, pdftotext).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createChromiumPrinter, DEFAULT_PRINTER_OPTIONS, launchBrowser, type ChromiumPrinter } from '../../functions/print/chromium';
import { createFontAssets } from '../../functions/fonts/node-assets';
import { PrinterBusy, PrinterClosed, PrintTimeout } from '../../functions/print/printer';
import { PRINT_STEPS, type PrintJob, type PrintLogger } from '../../functions/print/steps';
import { FONT_FACE_CSS } from '../../functions/render/assets';
import { PRINT_SAMPLE_META, printSampleHtml } from '../fixtures/print-sample';
import { noisePng } from '../helpers/noise-png';
import { outlineTitles } from '../helpers/pdf-reading';
import { alive, processTree } from '../helpers/process-tree';
import { PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';

const assets = createFontAssets();
const work = mkdtempSync(join(tmpdir(), 'nianbao-print-test-'));
let fileCount = 0;

function poppler(tool: string, pdf: Uint8Array, ...args: string[]): string {
  const file = join(work, `${++fileCount}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
}

interface LogEntry {
  level: 'info' | 'warn';
  event: string;
  fields: Record<string, unknown>;
}

function recordingLogger(onEntry: (entry: LogEntry) => void = () => {}): PrintLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const record = (level: LogEntry['level']) => (event: string, fields: Record<string, unknown>) => {
    const entry = { level, event, fields };
    entries.push(entry);
    onEntry(entry);
  };
  return { entries, info: record('info'), warn: record('warn') };
}

const page = (body: string) =>
  `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>${FONT_FACE_CSS}
  html{font:16pt 'NB Serif'}</style></head><body>${body}</body></html>`;

describe('printing the sample report', () => {
  const logger = recordingLogger();
  let printer: ChromiumPrinter;
  let pdf: Uint8Array;
  let pages: number;

  beforeAll(async () => {
    printer = createChromiumPrinter({ assets, logger, concurrency: 2 });
    ({ pdf, pages } = await printer.print({ html: printSampleHtml(), meta: PRINT_SAMPLE_META }));
  });
  afterAll(() => printer.close());

  it('embeds every font as a subset of the bundled faces', () => {
    const rows = poppler('pdffonts', pdf).trim().split('\n').slice(2);
    const fonts = rows.map((row) => {
      const [name, , , , embedded, subset] = row.split(/\s+/);
      return { name, embedded, subset };
    });
    expect(fonts.map((font) => font.name!.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual([
      'LXGWWenKai-Light',
      'NotoSansSC-Regular',
      'NotoSerifSC-Black',
      'NotoSerifSC-Regular',
    ]);
    for (const font of fonts) expect(font).toMatchObject({ embedded: 'yes', subset: 'yes' });
  });

  it('is tagged, with one bookmark per section and the report as its document information', async () => {
    const info = poppler('pdfinfo', pdf);
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(info).toMatch(/^Title:\s+宿迁市残疾人联合会2020年政府信息公开工作年度报告$/m);
    expect(info).toMatch(/^Author:\s+宿迁市残疾人联合会$/m);
    expect(info).toMatch(/^Keywords:\s+政府信息公开 年度报告 2020$/m);
    expect(info).toMatch(/^CreationDate:\s+Wed Jan 20 00:00:00 2021 UTC$/m);
    expect(info).toMatch(/^Page size:\s+594.96 x 841.92 pts \(A4\)$/m);
    expect(info).toMatch(new RegExp(`^Pages:\\s+${pages}$`, 'm'));
    expect(pages).toBeGreaterThan(1);
    expect(poppler('pdfinfo', pdf, '-struct')).toContain('Table');
    expect(await outlineTitles(pdf)).toEqual([
      '一、总体情况',
      '二、主动公开政府信息情况',
      '三、收到和处理政府信息公开申请情况',
      '四、政府信息公开行政复议、行政诉讼情况',
      '五、存在的主要问题及改进情况',
      '六、其他需要报告的事项',
    ]);
    const language = (await PDFDocument.load(pdf)).catalog.lookup(PDFName.of('Lang'), PDFString, PDFHexString);
    expect(language.decodeText()).toBe('zh-CN');
  });

  it('puts the text and the page numbers on the pages', () => {
    const text = poppler('pdftotext', pdf, '-layout');
    expect(text).toContain('（一）予以公开');
    expect(text).toContain('未经复议直接起诉');
    expect(text).toMatch(/—\s*1\s*—/);
    expect(text).toMatch(/—\s*2\s*—/);
  });

  it('gives byte-identical PDFs for the same document, in the same browser and in parallel', async () => {
    const doc = { html: printSampleHtml(), meta: PRINT_SAMPLE_META };
    const again = await Promise.all([printer.print(doc), printer.print(doc), printer.print(doc)]);
    for (const copy of again) expect(Buffer.from(copy.pdf).equals(Buffer.from(pdf))).toBe(true);
  });

  it('stays small', () => {
    expect(pdf.byteLength).toBeLessThan(300_000);
  });

  it('reads a PDF larger than one read of its stream whole', async () => {
    const side = 700; // random pixels do not compress: ~1.4 MB in the PDF, more than one 1 MiB read
    const photo = noisePng(side);
    const doc = { html: page(`<p>大图</p><img src="data:image/png;base64,${photo.toString('base64')}" style="width:100mm">`), meta: PRINT_SAMPLE_META };
    const large = await printer.print(doc);
    expect(large.pdf.byteLength).toBeGreaterThan(1 << 20);
    expect(large.pages).toBe(1);
    // page 1, image 0: 700 × 700, three 8-bit components (RGB, tagged with an ICC profile)
    expect(poppler('pdfimages', large.pdf, '-list')).toMatch(new RegExp(`^\\s*1\\s+0\\s+image\\s+${side}\\s+${side}\\s+\\w+\\s+3\\s+8\\b`, 'm'));
  });
});

describe('loading the document hidden from the screen (print-only.ts)', () => {
  const logger = recordingLogger();
  let printer: ChromiumPrinter;
  const fontsOf = (pdf: Uint8Array) => poppler('pdffonts', pdf).trim().split('\n').slice(2).map((row) => row.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, ''));
  // Without its </head> the HTML parses to the same DOM, but printOnly leaves it as it is, so the
  // page lays it out on screen while loading it, as before print-only documents.
  const shown = (html: string) => html.replace('</head>', '');

  beforeAll(() => {
    printer = createChromiumPrinter({ assets, logger, concurrency: 1 });
  });
  afterAll(() => printer.close());

  it('prints the very bytes that the document laid out on screen prints', async () => {
    const hidden = await printer.print({ html: printSampleHtml(), meta: PRINT_SAMPLE_META });
    const laidOut = await printer.print({ html: shown(printSampleHtml()), meta: PRINT_SAMPLE_META });
    expect(Buffer.from(hidden.pdf).equals(Buffer.from(laidOut.pdf))).toBe(true);
    expect(logger.entries.filter((entry) => entry.level === 'warn')).toEqual([]);
  });

  it('prints again from the document as it is when the print asks for a face that was not loaded ahead', async () => {
    // No template draws with the bold 黑体, so the probe does not load it.
    const html = printSampleHtml().replace('</body>', `<p style="font:700 16pt 'NB Sans'">粗黑体</p></body>`);
    const { pdf } = await printer.print({ html, meta: PRINT_SAMPLE_META });
    expect(logger.entries).toContainEqual({ level: 'warn', event: 'print.font_not_loaded_ahead', fields: { assets: ['fonts/nb-sans-700.ttf'] } });
    expect(fontsOf(pdf)).toContain('NotoSansSC-Bold');
    expect(poppler('pdftotext', pdf)).toContain('粗黑体');
    const laidOut = await printer.print({ html: shown(html), meta: PRINT_SAMPLE_META });
    expect(Buffer.from(pdf).equals(Buffer.from(laidOut.pdf))).toBe(true);
  });
});

describe('isolation', () => {
  let server: Server;
  let connections = 0;
  let base: string;

  beforeAll(async () => {
    server = createServer((_, response) => response.end('reached'));
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    base = `127.0.0.1:${port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('blocks http, https, file, ws and the metadata address from every kind of element, and runs no script', async () => {
    const targets = {
      http: `http://${base}/`,
      https: `https://${base}/`,
      ws: `ws://${base}/`,
      file: 'file:///etc/passwd',
      metadata: 'http://169.254.169.254/latest/meta-data/',
    };
    const embeds = Object.values(targets)
      .map(
        (url) => `<img src="${url}img"><iframe src="${url}frame"></iframe><link rel="stylesheet" href="${url}link">
        <link rel="preconnect" href="${url}"><link rel="prefetch" href="${url}prefetch">
        <div style="background:url('${url}css')">背景</div><style>@import url("${url}import");</style>`,
      )
      .join('');
    const html = page(`<p id="marker">脚本未运行</p>${embeds}
      <script>document.getElementById('marker').textContent = 'SCRIPT RAN'; fetch('http://${base}/fetch');</script>
      <img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==">`);
    const logger = recordingLogger();
    const printer = createChromiumPrinter({ assets, logger, concurrency: 1 });
    try {
      const { pdf } = await printer.print({ html, meta: PRINT_SAMPLE_META });
      const text = poppler('pdftotext', pdf);
      expect(text).toContain('脚本未运行');
      expect(text).not.toContain('SCRIPT RAN');
      expect(text).not.toContain('reached');
      expect(text).not.toContain('root:');
    } finally {
      await printer.close();
    }
    expect(connections).toBe(0);
    const blocked = logger.entries.filter((entry) => entry.event === 'print.request_blocked').map((entry) => String(entry.fields.url));
    // file: never becomes a request: with web security left on (chromium-args.ts), Chromium
    // refuses local resources to an https document before interception sees them; the text
    // check above shows /etc/passwd did not load.
    for (const scheme of ['http', 'https', 'ws', 'metadata'] as const) {
      expect(blocked.some((url) => url.startsWith(targets[scheme])), `${scheme} blocked and logged`).toBe(true);
    }
    expect(blocked.some((url) => url.startsWith('data:'))).toBe(false);
  });
});

describe('supervising the browser', () => {
  const doc = { html: page('<p>监督测试 1 2 3</p>'), meta: PRINT_SAMPLE_META };
  const launches = (logger: { entries: LogEntry[] }) =>
    logger.entries.filter((entry) => entry.event === 'print.browser_launched');
  /** Prints a document, then stops (SIGSTOP) the browser that printed it: a browser that hangs. Answers its pid. */
  const printedThenStopped = async (printer: ChromiumPrinter, logger: { entries: LogEntry[] }) => {
    await printer.print(doc);
    const hung = Number(launches(logger)[0]!.fields.pid);
    process.kill(hung, 'SIGSTOP');
    return hung;
  };

  it('replaces the browser after recycleAfter documents, only once the old one has closed, and removes every user-data folder', async () => {
    const logger = recordingLogger();
    const printer = createChromiumPrinter({ assets, logger, concurrency: 1, recycleAfter: 2 });
    for (let index = 0; index < 5; index++) await printer.print(doc);
    await printer.close();
    expect(launches(logger)).toHaveLength(3);
    for (const launch of launches(logger)) expect(existsSync(String(launch.fields.userDataDir))).toBe(false);
    const lifecycle = logger.entries.map((entry) => entry.event).filter((event) => event === 'print.browser_launching' || event === 'print.browser_closed');
    expect(lifecycle).toEqual(['launching', 'closed', 'launching', 'closed', 'launching', 'closed'].map((event) => `print.browser_${event}`));
  });

  it("starts the browser with its features switched on and off among the defaults' (the allocator's ring of emptied spans, no RenderDocument, no quarantine)", async () => {
    const logger = recordingLogger();
    const printer = createChromiumPrinter({ assets, logger, concurrency: 1 });
    try {
      await printer.print(doc);
      const [launched] = launches(logger);
      const commandLine = readFileSync(`/proc/${launched!.fields.pid}/cmdline`, 'utf8').split('\0');
      const features = (switchName: string) => {
        const found = commandLine.filter((flag) => flag.startsWith(`${switchName}=`));
        expect(found).toHaveLength(1);
        return found[0]!.slice(switchName.length + 1).split(',');
      };
      expect(features('--enable-features')).toEqual(expect.arrayContaining(['SharedArrayBuffer', 'PartitionAllocLargeEmptySlotSpanRing']));
      expect(features('--disable-features')).toEqual(expect.arrayContaining(['AudioServiceOutOfProcess', 'IsolateOrigins', 'site-per-process', 'RenderDocument', 'PartitionAllocSchedulerLoopQuarantine']));
    } finally {
      await printer.close();
    }
  });

  it('keeps each browser on a core of its own, every thread of it, when asked, and leaves browsers free by default', async () => {
    const coresOf = (pid: number) => new Set(readdirSync(`/proc/${pid}/task`).map((tid) => /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8'))![1]));
    const logger = recordingLogger();
    const printer = createChromiumPrinter({ assets, logger, concurrency: 2, pinBrowsers: true });
    const lone = recordingLogger();
    const single = createChromiumPrinter({ assets, logger: lone, concurrency: 2 });
    try {
      await Promise.all([printer.print(doc), printer.print(doc), single.print(doc)]);
      const browsers = launches(logger).map((entry) => [Number(entry.fields.pid), entry.fields.core] as const);
      expect(browsers.map(([, core]) => core).sort()).toEqual([0, 1]);
      for (const [pid, core] of browsers) expect([...coresOf(pid)]).toEqual([String(core)]);
      const [loneBrowser] = launches(lone);
      expect(loneBrowser!.fields.core).toBeUndefined();
      expect([...coresOf(Number(loneBrowser!.fields.pid))]).toEqual([`0-${availableParallelism() - 1}`]);
      expect(logger.entries.filter((entry) => entry.event === 'print.browser_not_pinned')).toEqual([]);
    } finally {
      await Promise.all([printer.close(), single.close()]);
    }
  });

  it('tells a browser that memory is short after its document only while it holds more than relieveAboveMiB', async () => {
    const reliefs = async (relieveAboveMiB: number) => {
      const logger = recordingLogger();
      const printer = createChromiumPrinter({ assets, logger, concurrency: 1, relieveAboveMiB });
      for (let index = 0; index < 3; index++) await printer.print(doc);
      await printer.close();
      return logger.entries.filter((entry) => entry.event === 'print.memory_relieved');
    };
    const over = await reliefs(1);
    expect(over).toHaveLength(3);
    // A measured amount, not a placeholder: a browser holds ~20-40 MiB of its own after one document.
    expect(Number(over[0]!.fields.heldMiB)).toBeGreaterThan(10);
    expect(await reliefs(100_000)).toHaveLength(0);
  });

  it("removes the user-data folders of processes that died without removing them, and keeps a live process's", async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const live = spawn('sleep', ['30']);
    const orphan = join(tmpdir(), `nianbao-chromium-${dead}-orphan`);
    const kept = join(tmpdir(), `nianbao-chromium-${live.pid}-running`);
    for (const folder of [orphan, kept]) cpSync(work, join(folder, 'Default'), { recursive: true });
    // A fresh module instance: the sweep runs once per process, before that process's first launch.
    vi.resetModules();
    const { createChromiumPrinter: freshPrinter } = await import('../../functions/print/chromium');
    const printer = freshPrinter({ assets, concurrency: 1 });
    try {
      await printer.print(doc);
      await expect.poll(() => existsSync(orphan)).toBe(false);
      expect(existsSync(kept)).toBe(true);
    } finally {
      live.kill();
      for (const folder of [orphan, kept]) rmSync(folder, { recursive: true, force: true });
      await printer.close();
    }
  });

  it('starts a browser once more when it exits while starting, and prints', async () => {
    const { default: chromium } = await import('@sparticuz/chromium');
    const real = await chromium.executablePath();
    const started = join(work, 'started-once');
    const flaky = join(work, 'exits-on-first-start.sh');
    writeFileSync(flaky, `#!/bin/sh\nif [ ! -e '${started}' ]; then touch '${started}'; exit 1; fi\nexec '${real}' "$@"\n`, { mode: 0o755 });
    const logger = recordingLogger();
    const printer = createChromiumPrinter({ assets, logger, concurrency: 1, executablePath: flaky });
    try {
      const { pdf } = await printer.print(doc);
      expect(poppler('pdftotext', pdf)).toContain('监督测试');
      expect(logger.entries.filter((entry) => entry.event === 'print.browser_launch_failed')).toEqual([
        expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ attempt: 1 }) }),
      ]);
      expect(launches(logger)).toHaveLength(1);
    } finally {
      await printer.close();
    }
  });

  it('gives up on a browser that hangs while starting within launchTimeoutMs, kills it, and starts a new one for the next document', async () => {
    const { default: chromium } = await import('@sparticuz/chromium');
    const real = await chromium.executablePath();
    const started = join(work, 'stopped-once');
    const stalling = join(work, 'stops-on-first-start.sh');
    writeFileSync(stalling, `#!/bin/sh\nif [ ! -e '${started}' ]; then touch '${started}'; kill -STOP $$; fi\nexec '${real}' "$@"\n`, { mode: 0o755 });
    const runningScripts = () => processTree(1).filter((pid) => { try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(stalling); } catch { return false; } });
    const logger = recordingLogger();
    const printer = createChromiumPrinter({ assets, logger, concurrency: 1, executablePath: stalling, launchTimeoutMs: 2_000 });
    try {
      const begun = performance.now();
      await expect(printer.print(doc)).rejects.toMatchObject({ name: 'PrinterUnavailable', message: 'the browser did not start within 2000 ms' });
      expect(performance.now() - begun).toBeLessThan(2_000 + 3_000);
      await vi.waitFor(() => expect(runningScripts()).toEqual([]), { timeout: 5_000 });
      const { pdf } = await printer.print(doc);
      expect(poppler('pdftotext', pdf)).toContain('监督测试');
    } finally {
      await printer.close();
    }
  });

  it('notices at once a browser that dies while loading, and prints the document on a new one', async () => {
    let victim: number | undefined;
    const logger = recordingLogger((entry) => {
      if (entry.event === 'print.browser_launched') victim ??= Number(entry.fields.pid);
    });
    let killed = false;
    // The browser is killed when the page asks for its first font, halfway through the load.
    const killingAssets = { forDocument: (html: string) => {
      const serve = assets.forDocument(html);
      return (path: string) => {
        if (!killed) {
          killed = true;
          process.kill(victim!, 'SIGKILL');
        }
        return serve(path);
      };
    } };
    const printer = createChromiumPrinter({ assets: killingAssets, logger, concurrency: 1 });
    try {
      const begun = performance.now();
      const { pdf } = await printer.print(doc);
      // Well within the 30 s load budget that the document used to wait out.
      expect(performance.now() - begun).toBeLessThan(15_000);
      expect(poppler('pdftotext', pdf)).toContain('监督测试');
      expect(killed).toBe(true);
      expect(logger.entries).toContainEqual({ level: 'warn', event: 'print.browser_exited', fields: { retrying: true } });
      expect(launches(logger)).toHaveLength(2);
    } finally {
      await printer.close();
    }
  });

  it('stops a document whose caller gives up while it loads, at once, and prints the next one on the same browser', async () => {
    const logger = recordingLogger();
    const giveUp = new AbortController();
    // The caller gives up when the page asks for its first font; the font comes a second later.
    const slowAssets = { forDocument: (html: string) => {
      const serve = assets.forDocument(html);
      return async (path: string) => {
        giveUp.abort('Client connection prematurely closed.');
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        return serve(path);
      };
    } };
    const printer = createChromiumPrinter({ assets: slowAssets, logger, concurrency: 1 });
    try {
      const begun = performance.now();
      await expect(printer.print(doc, giveUp.signal)).rejects.toMatchObject({ name: 'AbortError', message: 'Client connection prematurely closed.' });
      expect(performance.now() - begun).toBeLessThan(5_000);
      const { pdf } = await printer.print(doc);
      expect(poppler('pdftotext', pdf)).toContain('监督测试');
      expect(launches(logger)).toHaveLength(1);
    } finally {
      await printer.close();
    }
  });

  it('stops at once a document whose caller gives up while its page is opening on a browser that hangs', async () => {
    const logger = recordingLogger();
    const printer = createChromiumPrinter({ assets, logger, concurrency: 1, pageTimeoutMs: 10_000 });
    try {
      await printedThenStopped(printer, logger);
      const begun = performance.now();
      await expect(printer.print(doc, AbortSignal.timeout(300))).rejects.toMatchObject({ name: 'TimeoutError' });
      // At the caller's 300 ms, not at the 10 s page budget.
      expect(performance.now() - begun).toBeLessThan(2_000);
    } finally {
      await printer.close();
    }
  });

  it('finishes the document in flight on close, refuses the queued ones and any warming with PrinterClosed, and leaves no browser', async () => {
    const logger = recordingLogger();
    const printer = createChromiumPrinter({ assets, logger, concurrency: 1 });
    const printing = printer.print(doc);
    const refusals = [printer.print(doc), printer.print(doc)].map((queued) => expect(queued).rejects.toBeInstanceOf(PrinterClosed));
    await vi.waitFor(() => expect(launches(logger)).toHaveLength(1), { timeout: 20_000 });
    await printer.close();
    const browser = Number(launches(logger)[0]!.fields.pid);
    expect(alive(browser)).toBe(false);
    expect(poppler('pdftotext', (await printing).pdf)).toContain('监督测试');
    await Promise.all(refusals);
    await expect(printer.warm()).rejects.toBeInstanceOf(PrinterClosed);
    expect(launches(logger)).toHaveLength(1);
  });

  it('relaunches a killed browser and completes the document in flight and the queued ones', async () => {
    let killed = false;
    const logger = recordingLogger((entry) => {
      if (entry.event === 'print.browser_launched' && !killed) {
        killed = true;
        setTimeout(() => process.kill(Number(entry.fields.pid), 'SIGKILL'), 50);
      }
    });
    const printer = createChromiumPrinter({ assets, logger, concurrency: 1 });
    try {
      const pdfs = await Promise.all([printer.print(doc), printer.print(doc), printer.print(doc)]);
      for (const { pdf } of pdfs) expect(poppler('pdftotext', pdf)).toContain('监督测试');
      expect(killed).toBe(true);
      expect(launches(logger).length).toBeGreaterThanOrEqual(2);
    } finally {
      await printer.close();
    }
  });

  it('replaces a browser that hangs between documents and prints the next document on a new one, within the page budget', async () => {
    // SIGSTOP after a document: the page opened ahead for the next one never answers.
    const logger = recordingLogger();
    const printer = createChromiumPrinter({ assets, logger, concurrency: 1, pageTimeoutMs: 1_000 });
    try {
      const hung = await printedThenStopped(printer, logger);
      const started = performance.now();
      const { pdf } = await printer.print(doc);
      expect(performance.now() - started).toBeLessThan(1_000 + 5_000);
      expect(poppler('pdftotext', pdf)).toContain('监督测试');
      expect(launches(logger)).toHaveLength(2);
      expect(logger.entries).toContainEqual({ level: 'warn', event: 'print.browser_hung', fields: { retrying: true } });
      await vi.waitFor(() => expect(alive(hung)).toBe(false), { timeout: 10_000 });
    } finally {
      await printer.close();
    }
  });

  it('leaves no listener of its documents on the browser (each would keep its document and PDFs alive)', async () => {
    const launched = await launchBrowser({ ...DEFAULT_PRINTER_OPTIONS, logger: recordingLogger() });
    try {
      const before = launched.browser.listenerCount('disconnected');
      for (let index = 0; index < 3; index++) {
        const job: PrintJob = { doc, assets: assets.forDocument(doc.html), browser: launched.browser, timeouts: DEFAULT_PRINTER_OPTIONS, logger: recordingLogger() };
        for (const step of PRINT_STEPS) await step(job);
      }
      expect(launched.browser.listenerCount('disconnected')).toBe(before);
    } finally {
      await launched.dispose();
    }
  });

  it('refuses work with PrinterBusy when the queue is full', async () => {
    const printer = createChromiumPrinter({ assets, concurrency: 1, maxQueued: 1 });
    try {
      const accepted = [printer.print(doc), printer.print(doc)];
      await expect(printer.print(doc)).rejects.toBeInstanceOf(PrinterBusy);
      await Promise.all(accepted);
    } finally {
      await printer.close();
    }
  });

  it('times the load and the print out separately, and keeps printing afterwards', async () => {
    const slowLoad = createChromiumPrinter({ assets, concurrency: 1, loadTimeoutMs: 1 });
    const slowPrint = createChromiumPrinter({ assets, concurrency: 1, printTimeoutMs: 1 });
    try {
      await expect(slowLoad.print(doc)).rejects.toMatchObject({ name: 'PrintTimeout', step: 'load' });
      await expect(slowPrint.print(doc)).rejects.toMatchObject({ name: 'PrintTimeout', step: 'print' });
      await expect(slowPrint.print(doc)).rejects.toBeInstanceOf(PrintTimeout);
    } finally {
      await Promise.all([slowLoad.close(), slowPrint.close()]);
    }
    const healthy = createChromiumPrinter({ assets, concurrency: 1 });
    await expect(healthy.print(doc)).resolves.toMatchObject({ pdf: expect.any(Uint8Array), pages: 1 });
    await healthy.close();
  });

  it('refuses to print without its fonts, at once rather than at the load timeout', async () => {
    // A package folder holding the subsetter but no font: every font request fails.
    const nodeModules = mkdtempSync(join(tmpdir(), 'nianbao-no-fonts-'));
    cpSync(join(process.cwd(), 'node_modules/harfbuzzjs'), join(nodeModules, 'harfbuzzjs'), { recursive: true });
    const fontless = createChromiumPrinter({ assets: createFontAssets({ nodeModules }), concurrency: 1, loadTimeoutMs: 20_000 });
    try {
      // PrintFailed, not PrintTimeout('load'): the page was not left waiting for the fonts.
      await expect(fontless.print(doc)).rejects.toMatchObject({ name: 'PrintFailed', message: expect.stringContaining('fonts/nb-serif-400.ttf') });
    } finally {
      await fontless.close();
      rmSync(nodeModules, { recursive: true, force: true });
    }
  });
});
