import type { Executor } from '../db/connection.ts';
import type { Warning } from '../lib/envelope.ts';
import { type Clause, parseFilter } from '../lib/filter.ts';
import { MODELS, type Model } from './models/index.ts';
import { fetchRecords } from './store/records.ts';
import type { Viewer } from './viewer.ts';

/** What a list or fetch asks besides paging: `$filter`, `$expand`, `$fields`. */
export type QueryOptions = {
  clauses: Clause[];
  expand: string[];
  fields: Set<string> | undefined;
  warnings: Warning[];
};

const names = (text: string | undefined) =>
  [...new Set((text ?? '').split(',').map((name) => name.trim()))].filter((name) => name !== '');

/** Reads the options of a request; unknown expansions and fields are warnings, a bad `$filter` an error. */
export function readOptions(
  params: Readonly<Record<string, string | undefined>>,
  model: Model,
  filterable = true,
): QueryOptions {
  const warnings: Warning[] = [];
  const expand = names(params.$expand).filter((name) => {
    if (Object.hasOwn(model.expansions, name)) return true;
    warnings.push({ code: 'INVALID_EXPANSION', message: `'${name}' cannot be expanded on ${model.name}.` });
    return false;
  });
  const known = model.schema.properties;
  const requested = names(params.$fields).filter((name) => {
    if (Object.hasOwn(known, name)) return true;
    warnings.push({ code: 'INVALID_FIELD_REQUESTED', message: `'${name}' is not a field of ${model.name}.` });
    return false;
  });
  const fields = requested.length > 0 ? new Set(requested) : undefined;
  return { clauses: filterable ? parseFilter(params.$filter, model.filters) : [], expand, fields, warnings };
}

/** Adds each requested expansion next to its id field, with one query per expansion for the whole page. */
async function expand(
  db: Executor,
  viewer: Viewer,
  model: Model,
  items: Array<Record<string, unknown>>,
  expansions: string[],
): Promise<void> {
  for (const name of expansions) {
    const expansion = model.expansions[name]!;
    if (expansion.kind === null) {
      for (const item of items) item[name] = [];
      continue;
    }
    const idsOf = (item: Record<string, unknown>) => [item[expansion.field] ?? []].flat() as string[];
    const found = await fetchRecords(db, viewer, MODELS[expansion.kind], [...new Set(items.flatMap(idsOf))]);
    const byId = new Map(found.map((row) => [row.id, row.data]));
    for (const item of items) {
      const related = idsOf(item).flatMap((id) => byId.get(id) ?? []);
      item[name] = expansion.many ? related : (related[0] ?? null);
    }
  }
}

/** Expands, then trims to `$fields`, the presented records in place. */
export async function shape(
  db: Executor,
  viewer: Viewer,
  model: Model,
  items: Array<Record<string, unknown>>,
  options: QueryOptions,
): Promise<void> {
  if (options.expand.length > 0) await expand(db, viewer, model, items, options.expand);
  const fields = options.fields;
  if (!fields) return;
  for (const item of items)
    for (const key of Object.keys(item)) if (!fields.has(key) && !options.expand.includes(key)) delete item[key];
}
