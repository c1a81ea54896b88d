/** A file the importer cannot read, said in Chinese and English (the CLI prints it, HTTP makes it a 4xx). */
export class ImportInputError extends Error {
  constructor(
    readonly zh: string,
    en: string,
  ) {
    super(en);
  }
}
