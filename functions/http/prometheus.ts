/**
 * The Prometheus text exposition format (version 0.0.4), the little of it we use: counters with
 * labels, one histogram, and gauges read when scraped. Written here rather than taken from
 * prom-client (the kept library, ~100 KB with its dependencies), because prom-client loads
 * Node's `cluster`, `v8` and `perf_hooks` at import and its default metrics read `process`, so
 * the one app would no longer build for Workers, where the same routes must run.
 * https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
 */

type Labels = Record<string, string>;

/** Something that prints its own lines: HELP, TYPE, then one line per sample. */
export interface Family {
  expose(): string;
}

const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labelText = (labels: Labels) => {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabel(value)}"`);
  return pairs.length > 0 ? `{${pairs.join(',')}}` : '';
};
const header = (name: string, help: string, type: string) => `# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n# TYPE ${name} ${type}\n`;

export class Counter implements Family {
  readonly #values = new Map<string, number>();
  constructor(readonly name: string, readonly help: string) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = labelText(labels);
    this.#values.set(key, (this.#values.get(key) ?? 0) + by);
  }

  expose(): string {
    return header(this.name, this.help, 'counter') + [...this.#values].map(([labels, value]) => `${this.name}${labels} ${value}\n`).join('');
  }
}

/** A value read at scrape time (a queue's depth, a count another part keeps). */
export class Sampled implements Family {
  constructor(readonly name: string, readonly help: string, readonly type: 'gauge' | 'counter', readonly read: () => number | undefined) {}

  expose(): string {
    const value = this.read();
    return value === undefined ? '' : `${header(this.name, this.help, this.type)}${this.name} ${value}\n`;
  }
}

export class Histogram implements Family {
  readonly #counts: number[];
  #sum = 0;
  #count = 0;
  constructor(readonly name: string, readonly help: string, readonly buckets: readonly number[]) {
    this.#counts = buckets.map(() => 0);
  }

  observe(value: number): void {
    this.buckets.forEach((bound, i) => {
      if (value <= bound) this.#counts[i]!++;
    });
    this.#sum += value;
    this.#count++;
  }

  expose(): string {
    const lines = this.buckets.map((bound, i) => `${this.name}_bucket{le="${bound}"} ${this.#counts[i]}\n`);
    lines.push(`${this.name}_bucket{le="+Inf"} ${this.#count}\n`, `${this.name}_sum ${this.#sum}\n`, `${this.name}_count ${this.#count}\n`);
    return header(this.name, this.help, 'histogram') + lines.join('');
  }
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export function exposition(families: Family[]): string {
  return families.map((family) => family.expose()).join('');
}
