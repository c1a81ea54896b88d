/** `nianbao serve`: the HTTP app on a local port with the embedded defaults (functions/node.ts). */
import { UsageError, type Command } from './index';

export const serveCommand: Command = {
  summary: 'serve the HTTP API and the archive pages (PORT, NIANBAO_* settings)',
  usage: 'nianbao serve',
  async run(args) {
    if (args.length > 0) throw new UsageError(`unexpected argument "${args[0]}"`);
    const { serveUntilSignalled } = await import('../node');
    await serveUntilSignalled();
    return 0;
  },
};
