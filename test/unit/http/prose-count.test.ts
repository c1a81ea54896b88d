/**
 * Publishing counts rule P's warnings into the record (and so into the catalog), which is what the
 * year dashboard reads instead of every source: through the real app and the real Chromium, a report
 * whose text agrees with its tables gets 0, one whose text quotes another figure gets 1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicationRecord } from '../../../functions/archive/record';
import { jsonRequest, startTestApp, TEST_TOKEN, type TestApp } from '../../helpers/app';
import { acknowledgementsOf, loadExample } from '../../helpers/examples';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
}, 120_000);

afterAll(() => t.close());

async function publish(report: unknown): Promise<{ record: PublicationRecord; warnings: { rule: string }[] }> {
  const response = await t.app.request('/v1/reports', jsonRequest(report, { token: TEST_TOKEN }));
  expect(response.status).toBe(201);
  return (await response.json()) as { record: PublicationRecord; warnings: { rule: string }[] };
}

describe('a published record', () => {
  it('counts the prose warnings the report was published with, as the catalog then shows them', async () => {
    const agreeing = await publish(loadExample('consistent2021'));
    expect(agreeing.record.proseWarnings).toBe(0);

    const report = loadExample('consistent2021');
    report.agency = { ...report.agency, id: 'jianghai-prose' };
    report.sections.requests.table.received.total = 50;
    report.acknowledgements = acknowledgementsOf(report);
    const disagreeing = await publish(report);
    expect(disagreeing.warnings.filter((w) => w.rule === 'P')).toHaveLength(1);
    expect(disagreeing.record.proseWarnings).toBe(1);

    const dashboard = (await (await t.app.request('/v1/dashboard/2021?list=prose')).json()) as { agencies: { id: string; proseWarnings: number }[] };
    expect(dashboard.agencies).toEqual([expect.objectContaining({ id: 'jianghai-prose', proseWarnings: 1 })]);
  });
});
