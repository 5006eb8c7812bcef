import { type RawBuilder, sql } from 'kysely';
import type { Field, Gate, Model } from '../models/model.ts';
import { CONTACT, DEMOGRAPHICS } from '../viewer.ts';

/**
 * Models presented in SQL (`json_build_object` over the row alias `r`), so the API and the change
 * feed build the very same JSON from one declaration of the fields.
 */

/** SQL truth values of the permission-gated field groups. */
export type Gates = Readonly<Record<Gate, RawBuilder<boolean>>>;

/** The gates of a mask known now, as SQL constants. */
export function gateConstants(mask: number): Gates {
  return { contact: sql.lit((mask & CONTACT) !== 0), demographics: sql.lit((mask & DEMOGRAPHICS) !== 0) };
}

/** The gates of a mask held in a column (an event presents a record with the gates it was last seen with). */
export function gateColumns(mask: RawBuilder<unknown>): Gates {
  return {
    contact: sql<boolean>`(${mask} & ${sql.lit(CONTACT)}) <> 0`,
    demographics: sql<boolean>`(${mask} & ${sql.lit(DEMOGRAPHICS)}) <> 0`,
  };
}

const column = (name: string) => sql.ref(`r.${name}`);
const iso = (name: string) => sql`to_char(${column(name)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** An object of a jsonb column's keys in the model's order; an absent list is empty, any other key unknown. */
function object(name: string, keys: readonly string[], lists: readonly string[]): RawBuilder<unknown> {
  const entries = keys.map((key) => {
    const value = sql`${column(name)}->${sql.lit(key)}`;
    return sql`${sql.lit(key)}, ${lists.includes(key) ? sql`coalesce(${value}, '[]'::jsonb)` : value}`;
  });
  return sql`json_build_object(${sql.join(entries)})`;
}

function value(field: Exclude<Field, string>, gates: Gates): RawBuilder<unknown> {
  switch (field.value) {
    case 'null':
      return sql`null`;
    case 'empty':
      return sql`'[]'::json`;
    case 'day':
      return sql`to_char(${column(field.name)}, 'YYYY-MM-DD"T00:00:00.000Z"')`;
    case 'column':
      return sql`case when ${gates[field.gate]} then ${column(field.name)} end`;
    case 'object':
      return sql`case when ${gates[field.gate]} then ${object(field.name, field.keys, field.lists)} end`;
  }
}

/** The presented record: id and dates first, then the model's fields in order, then properties and identifiers. */
export function present(model: Model, gates: Gates): RawBuilder<unknown> {
  const entries: Array<[string, RawBuilder<unknown>]> = [
    ['id', column('id')],
    ['created_date', iso('created_date')],
    ['updated_date', iso('updated_date')],
    ...model.fields.map((field): [string, RawBuilder<unknown>] =>
      typeof field === 'string' ? [field, column(field)] : [field.name, value(field, gates)],
    ),
    ['properties', column('properties')],
    ['identifiers', column('identifiers')],
  ];
  return sql`json_build_object(${sql.join(entries.map(([key, entry]) => sql`${sql.lit(key)}, ${entry}`))})`;
}

/** Presenters are built once per model and gate mask, not per request. */
const built = new Map<string, RawBuilder<unknown>>();
export function presenter(model: Model, mask: number): RawBuilder<unknown> {
  const key = `${model.kind}:${mask}`;
  let found = built.get(key);
  if (!found) {
    found = present(model, gateConstants(mask));
    built.set(key, found);
  }
  return found;
}
