/**
 * Building blocks shared by both format versions: counts, amounts, text, narrative blocks with
 * images, the agency and the front matter. Limits here are what keeps absurd input (huge numbers,
 * megabyte strings, remote images) out of the renderer; every message exists in Chinese and
 * English (see issues.ts).
 */
import { z } from 'zod';
import { unprintableCharacters } from './printable';
import { LAST_YEAR } from './years';
import { imageFlaw, MAX_IMAGE_PIXELS } from './image-structure';
import { isWindowsDeviceName } from '../device-names';

/** Cells of sections 三 and 四 and the counts of 二 (format.md §5 R-5: non-negative integers). */
export const MAX_COUNT = 100_000_000;
export const count = z.int().min(0).max(MAX_COUNT);
/**
 * A table cell: a count, or `null` for a cell the publication left blank. A blank is printed
 * blank and never becomes a 0 the agency did not print; rules.ts says how the rules read it.
 */
export const cell = count.nullable();
export type Cell = z.infer<typeof cell>;
/** 本年增/减 (format.md §3.2): a signed change, or blank. */
export const signedCell = z.int().min(-MAX_COUNT).max(MAX_COUNT).nullable();

/** Decimals an amount may carry: real reports print 万元 to six places (5949.088667). */
export const MAX_DECIMALS = 8;
/**
 * Amounts are decimal strings, not JSON numbers: "96171.6" must print as published (no float
 * rounding, no "96171.60000001", no trailing zero added or dropped).
 */
export const decimal = z
  .string()
  .regex(new RegExp(`^(0|[1-9]\\d{0,14})(\\.\\d{1,${MAX_DECIMALS}})?$`), { error: 'decimal' });
/** An amount cell: its decimal as printed, or `null` for a blank cell. */
export const amountValue = decimal.nullable();

/** C0 controls other than tab and newline, DEL, and the bidi overrides that can disguise text. */
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;
const hasForbiddenCharacters = (s: string) => FORBIDDEN_CHARS.test(s) || !s.isWellFormed();
/**
 * What prints as nothing: white space, the characters Unicode says to draw invisibly (zero-width
 * space U+200B, the marks LRM U+200E and ALM U+061C, tag characters U+E0000–E007F, variation
 * selectors, fillers) and the blank braille pattern U+2800. A text of only these looks empty.
 */
const INVISIBLE = /[\s\p{Default_Ignorable_Code_Point}\u2800]/gu;
const isBlank = (s: string) => s.replace(INVISIBLE, '') === '';

/**
 * A text of the report. `printed: false` for text that is never drawn (an image's alternative
 * text, which goes into the PDF's tags), so it may hold characters the fonts lack.
 */
export function text(max: number, { printed = true } = {}) {
  return z
    .string()
    .min(1)
    .max(max)
    .refine((s) => !hasForbiddenCharacters(s), { error: 'control_characters' })
    // An empty text is reported once, as empty (min), not again as blank.
    .refine((s) => s.length === 0 || !isBlank(s), { error: 'blank' })
    .superRefine((s, ctx) => {
      if (!printed || hasForbiddenCharacters(s) || isBlank(s)) return; // reported above, once
      const characters = unprintableCharacters(s);
      if (characters.length > 0) ctx.addIssue({ code: 'custom', message: 'unprintable', params: { characters } });
    });
}

export const MAX_PARAGRAPH = 20_000;
export const MAX_HEADING = 200;
export const MAX_BLOCKS = 1_000;

/**
 * Images are data, never URLs: the renderer must not fetch anything, since a renderer that
 * follows URLs from its input reads local files and internal services for whoever writes the input.
 */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const IMAGE_SIGNATURES: Record<string, number[]> = {
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff],
};

function decodeBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function decodedLength(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return (base64.length / 4) * 3 - padding;
}

export const imageBlock = z
  .strictObject({
    type: z.literal('image'),
    mediaType: z.enum(['image/png', 'image/jpeg']),
    /** Base64 (RFC 4648 §4, no line breaks) of the image file. */
    data: z
      .string()
      .min(4)
      .max(Math.ceil(MAX_IMAGE_BYTES / 3) * 4, { error: 'image_too_large' })
      .regex(BASE64, { error: 'base64' }),
    /**
     * Text alternative: read aloud from the tagged PDF. Chromium draws it only in place of an image
     * it cannot decode; the structure check below keeps out damaged and truncated files, not every
     * such image (compressed data can be wrong inside a sound structure).
     */
    alt: text(500, { printed: false }),
    caption: text(MAX_HEADING).optional(),
    /** Printed width in millimetres; the type area of GB/T 9704 is 156 mm wide. */
    // The one number that may have decimals: its own message for a wrong type, as zod's says
    // "number" for integers too; its range keeps zod's.
    widthMm: z
      .number({ error: (issue) => (issue.code === 'invalid_type' && issue.input !== undefined ? 'number' : undefined) })
      .min(10)
      .max(156)
      .optional(),
  })
  .superRefine((image, ctx) => {
    // zod runs object refinements even when a field failed: only decode what is valid Base64.
    if (typeof image.data !== 'string' || !BASE64.test(image.data)) return;
    if (decodedLength(image.data) > MAX_IMAGE_BYTES) {
      ctx.addIssue({ code: 'custom', path: ['data'], message: 'image_too_large' });
      return;
    }
    const bytes = decodeBase64(image.data);
    const signature = IMAGE_SIGNATURES[image.mediaType] ?? [];
    if (!signature.every((byte, i) => bytes[i] === byte)) {
      ctx.addIssue({ code: 'custom', path: ['data'], message: 'image_signature', params: { mediaType: image.mediaType } });
      return;
    }
    const flaw = imageFlaw(image.mediaType, bytes);
    if (flaw) ctx.addIssue({ code: 'custom', path: ['data'], message: `image_${flaw.kind}`, params: { ...flaw, maximum: MAX_IMAGE_PIXELS } });
  });

/**
 * A paragraph; `heading` is a run-in heading such as "（一）组织业务培训。", set in the heading face
 * of its level (format.md §7: "（一）" 楷体, "1." 仿宋) and followed by `text` in the body face.
 */
export const paragraphBlock = z
  .strictObject({
    type: z.literal('paragraph'),
    heading: text(MAX_HEADING).optional(),
    text: text(MAX_PARAGRAPH).optional(),
  })
  .refine((p) => p.heading !== undefined || p.text !== undefined, { error: 'empty_paragraph' });

/** A sub-heading on a line of its own, such as "（一）主动公开方面", set as a run-in heading of its level. */
export const subheadingBlock = z.strictObject({ type: z.literal('subheading'), text: text(MAX_HEADING) });

export const block = z.discriminatedUnion('type', [paragraphBlock, subheadingBlock, imageBlock]);
export type Block = z.infer<typeof block>;

export function blocks(min: number) {
  return z.array(block).min(min).max(MAX_BLOCKS);
}

/** Key-safe: it becomes part of archive keys and file names, so nothing else is allowed. */
export const agencyId = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, { error: 'agency_id' })
  .refine((id) => !isWindowsDeviceName(id), { error: 'agency_id_reserved' });

export const agency = z.strictObject({
  /** The name as published, e.g. "宿迁市残疾人联合会". */
  name: text(100),
  id: agencyId,
  region: text(100).optional(),
  parent: text(100).optional(),
});

/** zod's ISO date also rejects impossible days such as 2021-02-30. */
export const isoDate = z.iso.date({ error: 'date' });

/** Section 四 (format.md §3.4, same in both versions): one outcome group, R-4 sums it. */
export const outcome = z.strictObject({
  upheld: cell,
  corrected: cell,
  other: cell,
  pending: cell,
  total: cell,
});
export const reviewsTable = z.strictObject({
  review: outcome,
  litigationDirect: outcome,
  litigationAfterReview: outcome,
});

/** A row of section 三: the applicant columns (format.md §3.3), R-2 sums it. */
export const applicantRow = z.strictObject({
  naturalPerson: cell,
  commercial: cell,
  research: cell,
  nonProfit: cell,
  legal: cell,
  other: cell,
  total: cell,
});
export type ApplicantRow = z.infer<typeof applicantRow>;

export const withheld = z.strictObject({
  stateSecret: applicantRow,
  prohibitedByLaw: applicantRow,
  endangersSecurity: applicantRow,
  thirdPartyRights: applicantRow,
  internalAffairs: applicantRow,
  processInformation: applicantRow,
  enforcementFiles: applicantRow,
  administrativeQueries: applicantRow,
});
export const unavailable = z.strictObject({
  notHeld: applicantRow,
  requiresCreation: applicantRow,
  stillUnclear: applicantRow,
});
export const notProcessed = z.strictObject({
  complaints: applicantRow,
  repeated: applicantRow,
  publications: applicantRow,
  excessive: applicantRow,
  confirmations: applicantRow,
});

/** Section 三 for a version, given how that version splits （六）其他处理. */
export function requestsTable<Other extends z.ZodType>(otherHandling: Other) {
  return z.strictObject({
    received: applicantRow,
    carriedOver: applicantRow,
    results: z.strictObject({
      granted: applicantRow,
      partiallyGranted: applicantRow,
      withheld,
      unavailable,
      notProcessed,
      other: otherHandling,
      total: applicantRow,
    }),
    carriedForward: applicantRow,
  });
}

/**
 * One rule violation the report was published with, named exactly: the rule, the cell the
 * violation points at, and the two figures it compares. Any other violation, or this one with
 * other figures, is an error again.
 */
export const acknowledgement = z.strictObject({
  rule: z.enum(['R-1', 'R-2', 'R-3', 'R-4']),
  /** The violation's path, e.g. "sections.reviews.table.review.total". */
  cell: z.string().min(1).max(200),
  expected: z.int(),
  found: z.int(),
  /** Why the report is archived with this violation, e.g. "按原发布版本存档". */
  reason: text(500),
});
export type Acknowledgement = z.infer<typeof acknowledgement>;

/** Label ids (labels.ts, labelCatalog) → the wording the publication printed. */
export const printedLabels = z.record(z.string().max(120), text(300));

/** What both versions share; each version adds `formatVersion` and its own tables. */
export function reportShape<Proactive extends z.ZodType, Requests extends z.ZodType, Other extends z.ZodType>(
  parts: { proactiveTable: Proactive; requestsTable: Requests; otherSection: Other },
) {
  return {
    $schema: z.string().max(500).optional(),
    year: z.int().min(2019).max(LAST_YEAR),
    agency,
    /**
     * The publication date, ISO 8601, when the publication prints one; the PDF's dates come from it
     * (publish.ts, pdfDateOf), so prints are reproducible.
     */
    publishedOn: isoDate.optional(),
    /** Title lines as published; by default the agency name and "YYYY年政府信息公开工作年度报告". */
    title: z.array(text(100)).min(1).max(4).optional(),
    /** 落款 (GB/T 9704 署名 and 成文日期), printed at the end when given; the seed prints none. */
    signature: z.strictObject({ name: text(100), date: isoDate }).optional(),
    introduction: blocks(1),
    sections: z.strictObject({
      overview: z.strictObject({ blocks: blocks(1) }),
      proactive: z.strictObject({ blocks: blocks(0).default([]), table: parts.proactiveTable }),
      requests: z.strictObject({ blocks: blocks(0).default([]), table: parts.requestsTable }),
      reviews: z.strictObject({ blocks: blocks(0).default([]), table: reviewsTable }),
      problems: z.strictObject({ blocks: blocks(1) }),
      other: parts.otherSection,
    }),
    /** Wording the publication printed instead of the official labels, by label id. */
    printedLabels: printedLabels.optional(),
    acknowledgements: z.array(acknowledgement).max(100).optional(),
  };
}
