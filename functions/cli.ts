/**
 * The `nianbao` command line: one entry, one module per command under functions/commands/.
 * Exit codes (docs/design.md): 0 success, 1 an input was invalid or a document failed, 2 usage error.
 */
import './young-generation';
import { runCli } from './commands/index';

process.exitCode = await runCli(process.argv.slice(2));
