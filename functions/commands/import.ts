/**
 * `nianbao import FILE… [-o OUT] [--agency ID]`: reads published reports (PDF, Word, web page,
 * text) into report JSON. Writes FILE's name with .json (or OUT, a file for one input, a folder
 * for several) and prints the import summary. Exit 0 when every import is complete, 1 when
 * something needs a person (or a file cannot be read).
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { importFile, ImportInputError } from '../import/adapters';
import { defineCommand, UsageError } from './index';

const jsonName = (file: string) => basename(file).replace(/\.[^.]+$/, '') + '.json';

/** Output names in a folder: FILE's name with .json, prefixed by its folder's name where two would clash. */
function outputNames(files: string[]): string[] {
  const names = files.map(jsonName);
  return names.map((name, i) => (names.indexOf(name) !== names.lastIndexOf(name) ? `${basename(dirname(files[i]!))}-${name}` : name));
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}

export const importCommand = defineCommand({
  usage: 'FILE… [-o OUT] [--agency ID]',
  details: [
    "Writes each FILE's report JSON beside the working folder as NAME.json (or to OUT: a file for one",
    'input, a folder for several) and prints cells read, text not placed and what needs a person.',
    'Exit 0 when every import is complete, 1 when something needs a person or a file cannot be read.',
  ],
  options: {
    output: { type: 'string', short: 'o', value: 'OUT', help: 'the JSON file (one input) or folder (several) to write' },
    agency: { type: 'string', value: 'ID', help: "the agency's id in this project (not printed in a report; default imported)" },
  },
  async run({ values, positionals: files }, io) {
    if (files.length === 0) throw new UsageError('no FILE given');
    const out = values.output;
    if (out && files.length > 1) await mkdir(out, { recursive: true });
    const toFolder = out !== undefined && (files.length > 1 || (await isDirectory(out)));
    const names = outputNames(files);
    let exit = 0;
    for (const [i, file] of files.entries()) {
      let result;
      try {
        result = await importFile(new Uint8Array(await readFile(file)), file, { agencyId: values.agency });
      } catch (error) {
        if (!(error instanceof ImportInputError) && (error as NodeJS.ErrnoException).code === undefined) throw error;
        io.err(`${file}: ${(error as Error).message}`);
        exit = 1;
        continue;
      }
      const target = out === undefined ? names[i]! : toFolder ? join(out, names[i]!) : out;
      await writeFile(target, JSON.stringify(result.report, null, 2) + '\n');
      const { summary } = result;
      io.out(`${file} → ${target}: ${summary.cellsRead}/${summary.cellsExpected} cells read, ${summary.unplaced.length} text(s) not placed, ${summary.needsPerson.length} item(s) for a person`);
      for (const item of summary.needsPerson) io.out(`  needs a person: ${item}`);
      for (const text of summary.unplaced) io.out(`  not placed: 「${text}」`);
      if (!result.complete) exit = 1;
    }
    return exit;
  },
});
