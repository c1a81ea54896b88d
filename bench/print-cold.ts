/**
 * One cold print for bench/print.ts, run in a child process: process start → first PDF written,
 * with the browser already unpacked. Starts the browser first, then prepares the HTML, as the
 * CLI does, so launch, font loading and HTML overlap.
 */
import { writeFile } from 'node:fs/promises';
import { createChromiumPrinter } from '../functions/print/chromium';
import { createFontAssets } from '../functions/print/fonts';
import { PRINT_SAMPLE_META, printSampleHtml } from '../test/fixtures/print-sample';

const printer = createChromiumPrinter({ assets: createFontAssets() });
void printer.warm();
const pdf = await printer.print({ html: printSampleHtml(), meta: PRINT_SAMPLE_META });
await writeFile(process.argv[2]!, pdf);
process.stdout.write('written\n');
await printer.close();
