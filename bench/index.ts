/**
 * `npm run bench`: every benchmark of the project, one after another, each printing its table.
 */
import { benchPrint } from './print';

await benchPrint();
