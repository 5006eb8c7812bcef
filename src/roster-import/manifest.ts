import { CsvSyntaxError, readCsv } from './csv.ts';
import type { Issues } from './issues.ts';
import type { Entry } from './read.ts';
import { ALL_FILE_NAMES, VERSIONS, type Version } from './spec.ts';

export type FileMode = 'bulk' | 'delta' | 'absent';
export type Manifest = { version: Version; modes: Map<string, FileMode> };

const FILE = 'manifest.csv';
const MODES: FileMode[] = ['bulk', 'delta', 'absent'];

/** One `file.<name>` entry: its mode, or an error when the value is missing or unknown. */
function fileEntry(property: string, raw: string, line: number, modes: Map<string, FileMode>, issues: Issues): void {
  const name = property.slice('file.'.length);
  const place = { file: FILE, line, column: 'value' };
  const mode = MODES.find((known) => known === raw.toLowerCase());
  if (!mode) {
    issues.error(
      place,
      raw === ''
        ? `${property} has no value; write bulk, delta or absent`
        : `${property} is '${raw}'; write bulk, delta or absent`,
    );
    // The import is refused already; reading the file anyway lists its own problems too.
    modes.set(name, 'bulk');
    return;
  }
  if (mode !== raw) issues.warn(place, `'${raw}' read as '${mode}'`);
  if (!ALL_FILE_NAMES.includes(name))
    issues.warn({ ...place, column: 'propertyName' }, `${property} is not a OneRoster file; ignored`);
  modes.set(name, mode);
}

/**
 * Reads `manifest.csv`: the OneRoster version and, per file, `bulk`, `delta` or `absent`.
 * Without a manifest (common in hand-made exports) every file present is bulk and the version is
 * 1.2 when a roles.csv is there, 1.1 otherwise.
 */
export async function readManifest(entries: Entry[], issues: Issues): Promise<Manifest> {
  const entry = entries.find((candidate) => candidate.name.toLowerCase() === FILE);
  if (!entry) return guessManifest(entries, issues);
  const modes = new Map<string, FileMode>();
  let version: Version | undefined;
  let versionGiven = false;
  try {
    for await (const { line, cells } of readCsv(await entry.open(), () => {})) {
      const [property = '', raw = ''] = cells.map((cell) => cell.trim());
      if (property.startsWith('file.')) fileEntry(property, raw, line, modes, issues);
      if (property !== 'oneroster.version') continue;
      versionGiven = true;
      version = VERSIONS.find((known) => known === raw);
      if (!version)
        issues.error(
          { file: FILE, line, column: 'value' },
          `oneroster.version '${raw}' is not supported; Gatehouse reads 1.1 and 1.2`,
        );
    }
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    issues.error({ file: FILE, line: error.line }, `the file cannot be read past this line: ${error.message}`);
  }
  if (!versionGiven) issues.error({ file: FILE }, 'the manifest does not give oneroster.version');
  return { version: version ?? '1.1', modes };
}

function guessManifest(entries: Entry[], issues: Issues): Manifest {
  const names = entries.map((entry) => entry.name.replace(/\.csv$/i, ''));
  const version: Version = names.some((name) => name.toLowerCase() === 'roles') ? '1.2' : '1.1';
  issues.warn({}, `no manifest.csv: every file present is read as bulk, as OneRoster ${version}`);
  return { version, modes: new Map(names.map((name) => [name, 'bulk'])) };
}
