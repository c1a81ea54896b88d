import { readFileSync, writeFileSync } from 'node:fs';
import { createChromiumPrinter } from '../functions/print/chromium';
import { createFontAssets } from '../functions/print/fonts';
import { printReport } from '../functions/publish';
import { validateReport } from '../functions/report';
import { importFile } from '../functions/import/adapters';
import { compareImport } from '../test/helpers/import-compare';
import { pdfLines } from '../functions/import/adapters/pdf';
const printer = createChromiumPrinter({ assets: createFontAssets(), concurrency: 1 } as any);
for (const f of ['suqian-cdpf-2020', 'jianghai-nrp-2021']) {
  const json = JSON.parse(readFileSync(`examples/${f}.json`, 'utf8'));
  const { pdf } = await printReport(validateReport(json).report!, printer);
  writeFileSync(`/tmp/imp/${f}.pdf`, pdf);
  const lines = await pdfLines(pdf);
  if (process.argv[2]) console.log(lines.join('\n').slice(0, 6000));
  const r = await importFile(pdf, 'x.pdf');
  const s = compareImport(r.report, json);
  console.log(f, s.cellsRight, s.cells, s.paragraphsFound, s.paragraphs);
  console.log(s.misses.slice(0, 30).join('\n').slice(0, 4000));
  console.log(JSON.stringify(r.summary).slice(0, 1500));
}
await printer.close();
