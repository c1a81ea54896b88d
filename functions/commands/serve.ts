/** `nianbao serve`: the HTTP app on a local port with the embedded defaults (functions/node.ts). */
import { defineCommand, UsageError } from './index';

export const serveCommand = defineCommand({
  usage: '',
  details: ['Listens on HOST:PORT (default 127.0.0.1:8787); the NIANBAO_* variables configure it (see the README).'],
  options: {},
  async run({ positionals }) {
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const { serveUntilSignalled } = await import('../node');
    await serveUntilSignalled();
    return 0;
  },
});
