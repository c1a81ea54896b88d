/**
 * Command table of the CLI. Each command lives in its own module, declares its options once
 * (node:util parseArgs parses them, `--help` lists them) and returns an exit code. What every
 * command does alike is here: `--help`/`-h` and `help COMMAND` print its help to stdout and exit
 * 0; a usage error goes to stderr with the usage line and exits 2; `--version` prints the version.
 */
import { parseArgs } from 'node:util';
import packageJson from '../../package.json' with { type: 'json' };
import { ConfigError } from '../config';

export interface CommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** An option as parseArgs takes it, with what `--help` says of it and the name of its value. */
export interface Option {
  type: 'string' | 'boolean';
  short?: string;
  value?: string;
  help: string;
}

export type Options = Record<string, Option>;

export type Values<O extends Options> = { [K in keyof O]?: O[K]['type'] extends 'string' ? string : boolean };

export interface Command<O extends Options = Options> {
  /** The arguments after `nianbao NAME`, as the usage line shows them. */
  usage: string;
  /** More lines for `--help`: what the arguments are, what the output is. */
  details?: string[];
  options: O;
  run(args: { values: Values<O>; positionals: string[] }, io: CommandIo): Promise<number>;
}

/** Keeps each command's option names in its `values` type. */
export const defineCommand = <O extends Options>(command: Command<O>): Command<O> => command;

export class UsageError extends Error {}

/** Every command that prints results takes it: one JSON document on stdout instead of lines. */
export const JSON_OPTION = { json: { type: 'boolean', help: 'print the results as one JSON document on stdout' } } as const satisfies Options;

/**
 * A command's subcommand and its one argument: `argument.of` is the subcommand that needs one
 * (`argument.what` names it in the error), every other subcommand takes none.
 */
export function subcommandOf<S extends string>(positionals: readonly string[], subcommands: readonly S[], argument: { of: S; what: string }): { sub: S; argument?: string } {
  const [sub, given, ...extra] = positionals;
  if (!subcommands.includes(sub as S)) throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'missing subcommand');
  if (sub === argument.of ? given === undefined : given !== undefined) throw new UsageError(sub === argument.of ? `${sub} needs ${argument.what}` : `unexpected argument "${given}"`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  return { sub: sub as S, argument: given };
}

const HELP_OPTION = { help: { type: 'boolean', short: 'h', help: 'print this help' } } as const satisfies Options;

interface Entry {
  summary: string;
  /** Lazily, so that `validate` or `--help` never pays for importing Chromium or the AWS SDK. */
  load: () => Promise<Command>;
}

const commands: Record<string, Entry> = {
  validate: { summary: 'check reports against the official format and the consistency rules', load: () => import('./validate').then((m) => m.validateCommand as Command) },
  render: { summary: 'print one report to PDF (or to HTML with --html), nothing archived', load: () => import('./render').then((m) => m.renderCommand as Command) },
  publish: { summary: 'validate, print and archive reports', load: () => import('./publish').then((m) => m.publishCommand as Command) },
  archive: { summary: 'list the published versions in the archive, or verify their checksums', load: () => import('./archive').then((m) => m.archiveCommand as Command) },
  check: { summary: "import and check published reports (a supervisor's run over a region's folder)", load: () => import('./check').then((m) => m.checkCommand as Command) },
  draft: { summary: "start a year's report from the agency's report of the year before", load: () => import('./draft').then((m) => m.draftCommand as Command) },
  batch: { summary: 'publish every draft of a year (resumable)', load: () => import('./batch').then((m) => m.batchCommand as Command) },
  agencies: { summary: 'import, export or list the agency register (who must report, in which region)', load: () => import('./agencies').then((m) => m.agenciesCommand as Command) },
  token: { summary: 'issue, revoke or list the credentials of authors, region admins and batch operators', load: () => import('./token').then((m) => m.tokenCommand as Command) },
  audit: { summary: 'list the audit log: every write, who made it, when and from where', load: () => import('./audit').then((m) => m.auditCommand as Command) },
  import: { summary: 'read published reports (PDF, Word, web page, text) into report JSON', load: () => import('./import').then((m) => m.importCommand as Command) },
  serve: { summary: 'serve the HTTP API and the archive pages (PORT, NIANBAO_* settings)', load: () => import('./serve').then((m) => m.serveCommand as Command) },
};

/** `  -o, --output OUT  text`, the texts lined up. */
function optionLines(options: Options): string[] {
  const heads = Object.entries(options).map(([name, option]) => `${option.short ? `-${option.short}, ` : '    '}--${name}${option.value ? ` ${option.value}` : ''}`);
  const width = Math.max(...heads.map((head) => head.length));
  return Object.values(options).map((option, index) => `  ${heads[index]!.padEnd(width)}  ${option.help}`);
}

function programHelp(io: CommandIo): void {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  [
    `usage: nianbao <command> [options]`,
    '',
    'commands:',
    ...Object.entries(commands).map(([name, { summary }]) => `  ${name.padEnd(width)}  ${summary}`),
    `  ${'help'.padEnd(width)}  print the help of a command: nianbao help <command>`,
    '',
    'options:',
    ...optionLines({ ...HELP_OPTION, version: { type: 'boolean', short: 'V', help: 'print the version' } }),
    '',
    'Each command takes --help. Exit codes: 0 success, 1 an input was invalid or a document failed, 2 a usage error.',
  ].forEach((line) => io.out(line));
}

function commandHelp(name: string, summary: string, command: Command, io: CommandIo): void {
  [
    `usage: nianbao ${name} ${command.usage}`.trimEnd(),
    '',
    summary,
    ...(command.details ? ['', ...command.details] : []),
    '',
    'options:',
    ...optionLines({ ...command.options, ...HELP_OPTION }),
  ].forEach((line) => io.out(line));
}

/** Whether `--help` or `-h` is among the options, whatever else is wrong with the arguments. */
function asksForHelp(args: string[]): boolean {
  const { tokens } = parseArgs({ args, options: { help: { type: 'boolean', short: 'h' } }, strict: false, allowPositionals: true, tokens: true });
  return tokens.some((token) => token.kind === 'option' && token.name === 'help');
}

/** The arguments as the command declared them: parseArgs types its values by the declaration. */
function parse(command: Command, args: string[]): { values: Values<Options>; positionals: string[] } {
  const options = Object.fromEntries(Object.entries(command.options).map(([name, { type, short }]) => [name, short ? { type, short } : { type }]));
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: values as Values<Options>, positionals };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function usageFailure(name: string, command: Command, message: string, io: CommandIo): number {
  io.err(`nianbao ${name}: ${message}`);
  io.err(`usage: nianbao ${name} ${command.usage}`.trimEnd());
  return 2;
}

export async function runCli(argv: string[], io: CommandIo = defaultIo): Promise<number> {
  const [name, ...rest] = argv;
  const isHelpFlag = (arg: string | undefined) => arg === '--help' || arg === '-h';
  if (isHelpFlag(name) || (name === 'help' && (rest.length === 0 || isHelpFlag(rest[0])))) {
    programHelp(io);
    return 0;
  }
  if (name === '--version' || name === '-V') {
    io.out(`nianbao ${packageJson.version}`);
    return 0;
  }
  const helpFor = name === 'help' ? rest[0] : undefined;
  const commandName = helpFor ?? name;
  const entry = commandName !== undefined && Object.hasOwn(commands, commandName) ? commands[commandName] : undefined;
  if (!entry || (helpFor !== undefined && rest.length > 1)) {
    io.err(commandName === undefined ? 'nianbao: no command given' : entry ? 'nianbao help: one command at a time' : `nianbao: unknown command "${commandName}"`);
    io.err('usage: nianbao <command> [options]  (nianbao --help lists the commands)');
    return 2;
  }
  const command = await entry.load();
  if (helpFor !== undefined || asksForHelp(rest)) {
    commandHelp(commandName!, entry.summary, command, io);
    return 0;
  }
  try {
    return await command.run(parse(command, rest), io);
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(commandName!, command, error.message, io);
    if (error instanceof ConfigError) {
      io.err(`nianbao ${commandName}: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

const defaultIo: CommandIo = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};
