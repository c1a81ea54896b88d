/**
 * Progress of a batch on stderr. On a terminal: one bar redrawn in place, with the rate and an
 * ETA. In logs (not a terminal): one plain line per finished report, which a log reader can grep
 * and which never fills a file with carriage returns. The ETA counts only reports processed in
 * this run, since the already-archived ones finish at once and would make it far too hopeful.
 */
/** A finished item: a batch's report, or a checked file (commands/check.ts). */
export interface ProgressStep {
  done: number;
  total: number;
  result: { outcome: string; agencyId?: string; ms: number };
}

export interface ProgressSink {
  isTTY: boolean;
  write(text: string): void;
  /** Terminal width; the bar shrinks to fit. */
  columns?: number;
}

/** Redraws at most this often: a redraw per report would flood a slow terminal over SSH. */
const REDRAW_MS = 100;

export function createProgressReporter(sink: ProgressSink, now: () => number = () => performance.now()) {
  const started = now();
  let processed = 0;
  let lastDraw = -Infinity;
  let drawn = false;

  return {
    update({ done, total, result }: ProgressStep): void {
      processed++;
      const elapsed = (now() - started) / 1000;
      const rate = processed / Math.max(elapsed, 1e-3);
      const eta = (total - done) / rate;
      if (!sink.isTTY) {
        sink.write(`[${done}/${total}] ${result.outcome} ${result.agencyId} ${(result.ms / 1000).toFixed(1)} s · ${rate.toFixed(2)} reports/s · ETA ${clock(eta)}\n`);
        return;
      }
      if (now() - lastDraw < REDRAW_MS && done < total) return;
      lastDraw = now();
      drawn = true;
      const text = ` ${done}/${total} ${Math.floor((100 * done) / total)}% · ${rate.toFixed(1)}/s · ETA ${clock(eta)}`;
      const width = Math.max(10, Math.min(40, (sink.columns ?? 80) - text.length - 3));
      const filled = Math.round((width * done) / total);
      sink.write(`\r\x1b[K[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]${text}`);
    },
    /** Ends the bar's line, so what follows starts on a fresh one. */
    finish(): void {
      if (drawn) sink.write('\n');
      drawn = false;
    },
  };
}

function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const hms = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  return (hms[0] ? hms : hms.slice(1)).map((n, i) => (i === 0 ? String(n) : String(n).padStart(2, '0'))).join(':');
}
