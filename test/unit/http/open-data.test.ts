/**
 * The open-data routes over the real app (real Chromium, a filesystem archive): publish reports,
 * then fetch one version's tables as CSV and JSON, a year's CSV with a line per agency's current
 * version, the 404s of unknown versions and years, and the links from the API and the archive page.
 */
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordKey, sourceKey } from '../../../functions/archive/keys';
import { encodeRecord, type PublicationRecord } from '../../../functions/archive/record';
import { jsonRequest, startTestApp, TEST_TOKEN, type TestApp } from '../../helpers/app';
import { loadExample } from '../../helpers/examples';

let t: TestApp;
const records: PublicationRecord[] = [];

async function publish(report: unknown): Promise<PublicationRecord> {
  const response = await t.app.request('/v1/reports', jsonRequest(report, { token: TEST_TOKEN }));
  expect(response.status).toBe(201);
  return ((await response.json()) as { record: PublicationRecord }).record;
}

/** The lines of a CSV body, the BOM kept on the first. */
const lines = (text: string) => text.split('\r\n').slice(0, -1);

beforeAll(async () => {
  t = await startTestApp();
  const jianghai = loadExample('consistent2021');
  records.push(await publish(jianghai));
  const other = loadExample('consistent2021');
  other.agency = { ...other.agency, id: 'jianghai-other', name: '江海区另一部门' };
  records.push(await publish(other));
  // A correction of the first: the year's CSV must carry it, not the original.
  const corrected = loadExample('consistent2021');
  corrected.sections.reviews.table.review.pending += 1;
  corrected.sections.reviews.table.review.total += 1;
  records.push(await publish(corrected));
}, 120_000);

afterAll(() => t.close());

const tablesPath = (record: PublicationRecord, format: 'csv' | 'json') => `/v1/archive/${record.keys.source.replace(/\.json$/, '')}.tables.${format}`;

describe('a version’s tables', () => {
  it('are a CSV with a BOM, CRLF lines, a header and one line per cell', async () => {
    const response = await t.app.request(tablesPath(records[0]!, 'csv'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="2021-${records[0]!.agency.id}-${records[0]!.sourceSha256}.tables.csv"`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(lines(text)[0]).toBe('\uFEFFsection,rowLabelId,rowLabel,columnLabelId,columnLabel,path,value,unit');
    expect(lines(text)).toHaveLength(1 + 200);
    const report = loadExample('consistent2021');
    expect(lines(text)).toContain(`reviews,reviews.header.review,行政复议,reviews.column.review.total,总计,sections.reviews.table.review.total,${report.sections.reviews.table.review.total},`);
  });

  it('are JSON with the same cells, and the correction’s tables carry its own figures', async () => {
    const original = (await (await t.app.request(tablesPath(records[0]!, 'json'))).json()) as { year: number; cells: { path: string; value: string }[] };
    const correction = (await (await t.app.request(tablesPath(records[2]!, 'json'))).json()) as typeof original;
    expect(original.year).toBe(2021);
    expect(original.cells).toHaveLength(200);
    const total = (tables: typeof original) => Number(tables.cells.find((c) => c.path === 'sections.reviews.table.review.total')!.value);
    expect(total(correction)).toBe(total(original) + 1);
  });

  it('answer 404 with a problem for a version never published, 400 for a malformed one', async () => {
    const unknown = await t.app.request(`/v1/archive/2021/${records[0]!.agency.id}/${'0'.repeat(64)}.tables.csv`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect(((await unknown.json()) as { en: string }).en).toContain('no published version');
    expect((await t.app.request(`/v1/archive/2021/${records[0]!.agency.id}/abc.tables.csv`)).status).toBe(400);
  });

  it('answer a problem naming the archive as damaged, never a crash, when a record’s source is missing', async () => {
    const missing = 'f'.repeat(64);
    const { year, agency } = records[1]!;
    const orphan = { ...records[1]!, sourceSha256: missing, keys: { ...records[1]!.keys, source: sourceKey(year, agency.id, missing), record: recordKey(year, agency.id, missing) } };
    await t.ports.archive.putIfAbsent(orphan.keys.record, encodeRecord(orphan));
    const response = await t.app.request(tablesPath(orphan, 'csv'));
    expect(response.status).toBe(500);
    expect(((await response.json()) as { type: string }).type).toContain('archive-corrupt');
    expect(t.logs).toContainEqual(expect.objectContaining({ kind: 'archive-corrupt', error: expect.stringContaining('cannot be read') }));
  });

  it('are linked from the API listing and from the archive page beside each PDF', async () => {
    const listing = (await (await t.app.request('/v1/archive?year=2021')).json()) as { items: { links: { pdf: string; tables: { csv: string; json: string } } }[] };
    for (const item of listing.items) expect((await t.app.request(item.links.tables.csv)).status).toBe(200);
    const { document } = parseHTML(await (await t.app.request('/archive')).text());
    const versions = Array.from(document.querySelectorAll('li.version'));
    expect(versions).toHaveLength(3);
    const hrefs = versions.flatMap((li) => Array.from(li.querySelectorAll('a.tables')).map((a) => a.getAttribute('href')));
    expect(hrefs.sort()).toEqual(records.flatMap((record) => [tablesPath(record, 'csv'), tablesPath(record, 'json')]).sort());
    expect(document.querySelector('a[href="/v1/open-data/2021.csv"]')).not.toBeNull();
  });
});

describe('a year’s open data', () => {
  it('has one line per agency, its current version’s cells under their paths', async () => {
    const response = await t.app.request('/v1/open-data/2021.csv');
    expect(response.status).toBe(200);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
    expect(text.startsWith('\uFEFFagencyId,agencyName,region,formatVersion,')).toBe(true);
    const [header, ...agencies] = lines(text).map((line) => line.split(','));
    expect(agencies.map((row) => row[0]).sort()).toEqual(['jianghai-other', records[0]!.agency.id].sort());
    const column = header!.indexOf('sections.reviews.table.review.total');
    const report = loadExample('consistent2021');
    const byAgency = new Map(agencies.map((row) => [row[0], row[column]]));
    expect(byAgency.get(records[0]!.agency.id)).toBe(String(report.sections.reviews.table.review.total + 1));
    expect(byAgency.get('jianghai-other')).toBe(String(report.sections.reviews.table.review.total));
  });

  it('answers 404 with a problem for a year with nothing published, 400 for a year out of range', async () => {
    const empty = await t.app.request('/v1/open-data/2019.csv');
    expect(empty.status).toBe(404);
    expect(empty.headers.get('content-type')).toContain('application/problem+json');
    expect((await t.app.request('/v1/open-data/1999.csv')).status).toBe(400);
  });
});
