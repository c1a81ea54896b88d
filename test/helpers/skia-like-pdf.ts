/**
 * A small PDF laid out the way Chromium's Skia backend writes one (an Info dictionary with the
 * print time first, uncompressed dictionaries, one classic xref table, a trailer with /Size,
 * /Root and /Info), so finish.ts can be tested without a browser. Its one page shows `text` in
 * Helvetica; its structure tree holds one element of the PDF 2.0 type /Strong, as Chromium tags
 * <strong>, and its tagged-table header ids are `(nodeNNNNNNNN)` as Chromium names them.
 */
export interface SkiaLikeOptions {
  text: string;
  /** Chromium's print time, which finishing must not let through. */
  printedAt: string;
  nodeIds: number[];
  /** The catalog's /Lang as Chromium copies it from <html lang>; none when undefined. */
  lang?: string;
}

export function skiaLikePdf(options: SkiaLikeOptions): Uint8Array {
  const content = `BT /F1 12 Tf 72 720 Td (${options.text}) Tj ET`;
  const ids = options.nodeIds.map((id) => `(node${String(id).padStart(8, '0')}) 6 0 R`).join(' ');
  const objects: [number, string][] = [
    [1, `<</Creator (Chromium)\n/Producer (Skia/PDF m153)\n/CreationDate (D:${options.printedAt}+00'00')\n/ModDate (D:${options.printedAt}+00'00')>>`],
    [2, `<</Type /Page\n/Parent 3 0 R\n/MediaBox [0 0 595 842]\n/Resources <</Font <</F1 <</Type /Font /Subtype /Type1 /BaseFont /Helvetica>>>>>>\n/Contents 4 0 R>>`],
    [3, '<</Type /Pages\n/Count 1\n/Kids [2 0 R]>>'],
    [4, `<</Length ${content.length}>> stream\n${content}\nendstream`],
    [6, `<</Type /StructTreeRoot\n/K [7 0 R]\n/IDTree <</Names [${ids}]>>>>`],
    [7, '<</Type /StructElem\n/S /Strong\n/P 6 0 R>>'],
    [5, `<</Type /Catalog\n/Pages 3 0 R\n/StructTreeRoot 6 0 R${options.lang === undefined ? '' : `\n/Lang (${options.lang})`}>>`],
  ];
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets = new Map<number, number>();
  for (const [number, dict] of objects) {
    offsets.set(number, body.length);
    body += `${number} 0 obj\n${dict}\nendobj\n`;
  }
  const xref = body.length;
  body += `xref\n0 8\n0000000000 65535 f \n`;
  for (let number = 1; number <= 7; number++) body += `${String(offsets.get(number)).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<</Size 8\n/Root 5 0 R\n/Info 1 0 R>>\nstartxref\n${xref}\n%%EOF`;
  return Uint8Array.from(body, (char) => char.charCodeAt(0));
}
