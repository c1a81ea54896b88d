import { readFileSync } from 'node:fs';
const files = process.argv.slice(2);
async function run(label: string, getPdfjs: () => Promise<any>) {
  const pdfjs = await getPdfjs();
  for (const file of files) {
    const bytes = new Uint8Array(readFileSync(file));
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      const t = performance.now();
      const task = pdfjs.getDocument({ data: bytes.slice(), disableFontFace: true, useSystemFonts: false, stopAtErrors: true, verbosity: 0 });
      const doc = await task.promise;
      let items = 0;
      for (let n = 1; n <= doc.numPages; n++) { const page = await doc.getPage(n); items += (await page.getTextContent()).items.length; page.cleanup(); }
      await task.destroy();
      times.push(performance.now() - t);
    }
    console.log(label, file.split('/').at(-2), times.map((x) => x.toFixed(0)).join(' '));
  }
}
await run('pdfjs-dist', () => import('/work/main/node_modules/pdfjs-dist/legacy/build/pdf.mjs'));
await run('unpdf', async () => (await import('unpdf')).getResolvedPDFJS());
