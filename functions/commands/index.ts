/**
 * Command table of the CLI. Each command lives in its own module and returns an exit code;
 * usage errors are reported here once, so every command prints them the same way.
 */
import { ConfigError } from '../config';

export interface CommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface Command {
  summary: string;
  usage: string;
  run(args: string[], io: CommandIo): Promise<number>;
}

export class UsageError extends Error {}

/** Loaded lazily so that `validate` never pays for importing Chromium or the AWS SDK. */
const commands: Record<string, () => Promise<Command>> = {
  validate: () => import('./validate').then((m) => m.validateCommand),
  render: () => import('./render').then((m) => m.renderCommand),
  publish: () => import('./publish').then((m) => m.publishCommand),
  archive: () => import('./archive').then((m) => m.archiveCommand),
  draft: () => import('./draft').then((m) => m.draftCommand),
  batch: () => import('./batch').then((m) => m.batchCommand),
  serve: () => import('./serve').then((m) => m.serveCommand),
};

function help(io: CommandIo): void {
  io.err('usage: nianbao <command> [options]');
  for (const name of Object.keys(commands)) io.err(`  ${name}`);
}

export async function runCli(argv: string[], io: CommandIo = defaultIo): Promise<number> {
  const [name, ...rest] = argv;
  const load = name ? commands[name] : undefined;
  if (!load) {
    if (name && name !== '--help' && name !== '-h') io.err(`nianbao: unknown command "${name}"`);
    help(io);
    return name === '--help' || name === '-h' ? 0 : 2;
  }
  const command = await load();
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`nianbao ${name}: ${error.message}`);
      io.err(`usage: ${command.usage}`);
      return 2;
    }
    if (error instanceof ConfigError) {
      io.err(`nianbao ${name}: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

const defaultIo: CommandIo = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};
