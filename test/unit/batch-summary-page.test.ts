/**
 * The summary page of a batch run, read as a person would (linkedom): both languages, counts,
 * one line per report with its problems or error, relative links to the PDFs, every value
 * escaped and no script at all.
 */
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import type { BatchPlan, ReportResult } from '../../functions/batch/model';
import { buildSummary } from '../../functions/batch/summary';
import { summaryPage } from '../../functions/batch/summary-page';

const sha = (c: string) => c.repeat(64);
const base = { schema: 'nianbao.batch-result/1' as const, finishedAt: '2026-01-20T08:30:00.000Z', attempts: 1, ms: 900 };
const planned = (agencyId: string, c: string) => ({ agencyId, draftKey: `drafts/2021/${agencyId}/20260120t080000000z-${sha(c)}.json`, sourceSha256: sha(c) });
const published = (agencyId: string, name: string) => ({ name, pdf: `2021/${agencyId}/${sha('f')}.pdf`, record: `2021/${agencyId}/${sha('a')}.record.json`, pages: 7, bytes: 300_000 });

const plan: BatchPlan = {
  schema: 'nianbao.batch-plan/1',
  year: 2021,
  runId: '20260120t080000000z-0a1b2c3d',
  createdAt: '2026-01-20T08:00:00.000Z',
  pending: [planned('b-ok', 'b'), planned('c-bad', 'c'), planned('d-fail', 'd'), planned('e-left', 'e')],
  already: [{ ...planned('a-old', 'a'), published: published('a-old', '甲局') }],
  rejected: [{ source: 'in/broken.json', problems: [{ path: '', rule: 'schema', zh: 'JSON 格式错误', en: 'malformed JSON' }] }],
  missing: [{ agencyId: 'f-none', name: '<i>己局</i>' }],
};
const results: ReportResult[] = [
  { ...base, ...planned('b-ok', 'b'), outcome: 'published', published: published('b-ok', '<script>alert(1)</script>乙局'), attempts: 3 },
  { ...base, ...planned('c-bad', 'c'), finishedAt: '2026-01-20T09:00:00.000Z', outcome: 'invalid', problems: [{ path: 'sections.requests.table.received.total', rule: 'R-1', zh: '合计应为 12', en: 'the total should be 12' }] },
  { ...base, ...planned('d-fail', 'd'), outcome: 'failed', error: { name: 'PrintFailed', message: 'the browser crashed <b>', transient: false } },
];

describe('the batch summary page', () => {
  it('counts every outcome and lists what needs action first', async () => {
    const summary = buildSummary(plan, results);
    expect(summary.counts).toEqual({ total: 6, published: 1, already: 1, invalid: 2, failed: 1, pending: 1 });
    expect(summary.finishedAt).toBeUndefined();
    expect(summary.reports.map((line) => line.outcome)).toEqual(['failed', 'invalid', 'invalid', 'pending', 'published', 'already']);

    const { document } = parseHTML(await summaryPage(summary));
    expect(document.querySelectorAll('script')).toHaveLength(0);
    expect(document.querySelector('meta[name=viewport]')).not.toBeNull();
    expect(document.querySelector('h1')!.textContent).toContain('Year-end batch 2021');
    const counts = Object.fromEntries(Array.from(document.querySelectorAll('table.counts tr'), (tr: Element) => [tr.querySelector('th')!.textContent!.trim(), tr.querySelector('td')!.textContent]));
    expect(counts).toMatchObject({ '失败 Failed': '1', '不符合格式 Invalid': '2', '已发布 Published': '1', '此前已归档 Already archived': '1', '未完成 Not finished': '1', '合计 Total': '6' });

    const failed = document.querySelector('section.failed')!.textContent!;
    expect(failed).toContain('d-fail');
    expect(failed).toContain('PrintFailed: the browser crashed <b>');
    const invalid = document.querySelector('section.invalid')!.textContent!;
    expect(invalid).toContain('sections.requests.table.received.total');
    expect(invalid).toContain('R-1');
    expect(invalid).toContain('合计应为 12');
    expect(invalid).toContain('the total should be 12');
    expect(invalid).toContain('in/broken.json');

    const link = document.querySelector('section.published a')!;
    expect(link.getAttribute('href')).toBe(`../../../2021/b-ok/${sha('f')}.pdf`);
    expect(document.querySelector('section.published')!.textContent).toContain('<script>alert(1)</script>乙局');

    expect(summary.missing).toEqual(plan.missing);
    const missing = document.querySelector('section.missing')!;
    expect(missing.querySelector('h2')!.textContent).toContain('应报未报 Expected, nothing sent (1)');
    expect(missing.querySelector('li')!.textContent).toBe('<i>己局</i> f-none');
  });

  it('marks the run finished when its last report finished, once nothing is pending, with times in Beijing time', async () => {
    const summary = buildSummary({ ...plan, pending: plan.pending.slice(0, 3) }, results);
    expect(summary.counts.pending).toBe(0);
    expect(summary.finishedAt).toBe('2026-01-20T09:00:00.000Z');
    const meta = parseHTML(await summaryPage(summary)).document.querySelector('.meta')!.textContent!.replace(/\s+/g, ' ');
    expect(meta).toContain('2026-01-20 16:00 北京时间');
    expect(meta).toContain('用时 took 60 min 0 s');
  });
});
