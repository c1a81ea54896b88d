/**
 * The publishing flow, the one sequence every entry point calls (docs/design.md "The data flow"):
 * validate → (skip if this exact report is archived) → render HTML → print → finish → store.
 * Invalid input stops at the first step with ReportInvalid, before any Chromium or storage I/O.
 */
import type { Archive } from './archive/archive';
import { findPublished, storePublication, type StoreResult } from './archive/store';
import type { Clock } from './clock';
import { ReportInvalid } from './errors';
import type { PdfMeta, PrintedPdf, Printer } from './print/printer';
import { renderHtml, TEMPLATE_VERSION } from './render/html';
import { reportTitle, validateReport, type Report, type Validation } from './report';

export interface PublishPorts {
  printer: Printer;
  archive: Archive;
  clock: Clock;
}

/** Validates or throws ReportInvalid with every problem; returns the parsed report. */
export function validOrThrow(input: unknown): Validation & { report: Report } {
  const validation = validateReport(input);
  if (!validation.ok || !validation.report) throw new ReportInvalid(validation.errors);
  return validation as Validation & { report: Report };
}

/**
 * The PDF's creation date: the publication date; without one (a publication that prints no
 * date), the 落款's date; without either, 1 January after the reporting year, the earliest day
 * a report can be published. Always from the report, so a print is reproducible.
 */
export function pdfDateOf(report: Report): Date {
  const day = report.publishedOn ?? report.signature?.date ?? `${report.year + 1}-01-01`;
  return new Date(`${day}T00:00:00Z`);
}

/** The PDF's document information, all from the report itself (reproducible output). */
export function pdfMetaOf(report: Report): PdfMeta {
  return {
    title: reportTitle(report).join(''),
    author: report.agency.name,
    subject: `${report.year}年政府信息公开工作年度报告`,
    keywords: ['政府信息公开', '年度报告', String(report.year), report.agency.name],
    language: 'zh-CN',
    date: pdfDateOf(report),
  };
}

/** The finished PDF of a valid report and its page count: what `render` returns and what `publish` stores. */
export async function printReport(report: Report, printer: Printer, signal?: AbortSignal): Promise<PrintedPdf> {
  return printer.print({ html: renderHtml(report), meta: pdfMetaOf(report) }, signal);
}

export interface Published extends StoreResult {
  validation: Validation;
}

export async function publish(input: unknown, ports: PublishPorts, signal?: AbortSignal): Promise<Published> {
  const validation = validOrThrow(input);
  const { report } = validation;
  const identity = { year: report.year, agencyId: report.agency.id, source: report };
  const existing = await findPublished(ports.archive, identity);
  if (existing) return { record: existing, created: false, validation };

  const { pdf, pages, printedBy } = await printReport(report, ports.printer, signal);
  const stored = await storePublication(ports, {
    ...identity,
    report,
    pdf,
    pages,
    formatVersion: report.formatVersion,
    templateVersion: TEMPLATE_VERSION,
    printedBy,
    agencyName: report.agency.name,
    agencyRegion: report.agency.region,
    exceptions: report.acknowledgements ?? [],
    proseWarnings: validation.warnings.filter((warning) => warning.rule === 'P').length,
  });
  return { ...stored, validation };
}
