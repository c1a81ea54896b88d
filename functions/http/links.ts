/** Where the API serves a published version's files: its PDF, source, record and tables. */
import type { PublicationRecord } from '../archive/record';
import { tablesLinks } from './open-data';

export function linksOf(record: PublicationRecord) {
  return {
    pdf: `/v1/archive/${record.keys.pdf}`,
    source: `/v1/archive/${record.keys.source}`,
    record: `/v1/archive/${record.keys.record}`,
    tables: tablesLinks(record.keys.source),
  };
}
