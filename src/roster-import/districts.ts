import { readCsv } from './csv.ts';
import { DISTRICT_TYPES } from './mapping/enums.ts';
import type { Entry } from './read.ts';

/**
 * The sourcedIds of the orgs.csv rows that are districts. Other files name "an org" and the
 * importer must know whether it is a district or a school before it maps them; districts are
 * a handful even in a state-wide export, so this set stays small whatever the file sizes.
 * Problems of the file are reported by the main pass, not here.
 */
export async function readDistrictIds(entry: Entry): Promise<Set<string>> {
  const ids = new Set<string>();
  let columns: string[] | undefined;
  for await (const { cells } of readCsv(await entry.open(), () => {})) {
    if (!columns) {
      columns = cells.map((cell) => cell.trim());
      continue;
    }
    const type = cells[columns.indexOf('type')]?.trim().toLowerCase() ?? '';
    const sourcedId = cells[columns.indexOf('sourcedId')]?.trim();
    if (sourcedId && DISTRICT_TYPES.includes(type)) ids.add(sourcedId);
  }
  return ids;
}
