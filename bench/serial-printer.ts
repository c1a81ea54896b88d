/**
 * A child process of the thread benchmark (threads.ts): a printer of its own, with one browser,
 * printing the seed report one document at a time. It warms up, says 'ready', and on being sent
 * a number prints that many documents and answers with the milliseconds they took.
 */
import { createChromiumPrinter } from '../functions/print/chromium';
import { createFontAssets } from '../functions/fonts/node-assets';
import { seedDocument } from './reports';

const WARM_UPS = 5;

const printer = createChromiumPrinter({ assets: createFontAssets(), concurrency: 1 });
const doc = seedDocument();
for (let index = 0; index < WARM_UPS; index++) await printer.print(doc);
process.send!('ready');
process.once('message', async (documents: number) => {
  const start = performance.now();
  for (let index = 0; index < documents; index++) await printer.print(doc);
  process.send!(performance.now() - start);
  await printer.close();
  process.disconnect();
});
