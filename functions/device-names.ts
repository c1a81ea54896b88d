/**
 * Names Windows reserves for devices: a file or folder called `con`, `nul`, `com1` (also with an
 * extension, `con.txt`, and trailing spaces or dots, `nul .json`) cannot be created or copied
 * there, so an agency named so would make an archive that cannot be copied to a Windows machine.
 * COM0, LPT0 and the superscript digits are listed by Microsoft's "Naming Files, Paths, and
 * Namespaces" as well. Runtime-neutral, shared by the report schema and the archive keys.
 */
const WINDOWS_DEVICE_NAME = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])[ .]*(?:\..*)?$/i;

export const WINDOWS_DEVICE_NAMES = 'con, prn, aux, nul, com0–com9, lpt0–lpt9';

export function isWindowsDeviceName(name: string): boolean {
  return WINDOWS_DEVICE_NAME.test(name);
}
