/**
 * vitest's globalSetup: the PDF tests read what was printed with poppler-utils (pdftotext,
 * pdffonts, pdfinfo, pdfimages, pdftoppm). Without them the run stops here, before any test,
 * with one line naming the package, instead of dozens of tests failing with ENOENT.
 */
import { execFileSync } from 'node:child_process';

const TOOLS = ['pdftotext', 'pdffonts', 'pdfinfo', 'pdfimages', 'pdftoppm'];

export default function requirePoppler(): void {
  const missing = TOOLS.filter((tool) => {
    try {
      execFileSync(tool, ['-v'], { stdio: 'ignore' });
      return false;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ENOENT';
    }
  });
  if (missing.length === 0) return;
  process.stderr.write(`npm test needs poppler-utils (${missing.join(', ')} not found): apt-get install poppler-utils\n`);
  process.exit(1);
}
