/** Runs the CLI in-process and captures what it prints, one entry per line. */
import { runCli } from '../../functions/commands/index';

export async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}
