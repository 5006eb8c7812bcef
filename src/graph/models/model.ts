import { type RawBuilder, sql } from 'kysely';
import { type TObject, type TProperties, Type } from 'typebox';
import type { FilterField } from '../../lib/filter.ts';
import { DATE_OPS, ID_OPS } from '../../lib/filter.ts';
import { DateTime, Uuid } from '../../lib/schema.ts';
import type { GraphKind } from '../tables.ts';

/**
 * A Graph model: its wire schema, its presenter, and what `$filter` and `$expand` may name.
 * Presenters are SQL (`json_build_object` over the row alias `r`), so the API and the change
 * feed build the very same JSON, and the feed can be written set-based inside the transaction
 * that changed the data.
 */

/** SQL truth values of the permission-gated field groups. */
export type Gates = { contact: RawBuilder<boolean>; demographics: RawBuilder<boolean> };

/**
 * A filterable field; `shape` says how its column holds it (an id list, a calendar date, no column
 * at all), `gate` hides it like the presenter does.
 */
export type GraphFilter = FilterField & { shape?: 'array' | 'day' | 'absent'; gate?: keyof Gates };

/** `$expand` of an id field: the record(s) it names, or always empty when `kind` is null (products). */
export type Expansion = { field: string; kind: GraphKind | null; many: boolean };

export type Model = {
  kind: GraphKind;
  /** As in "School with id … not found for this integration." */
  name: string;
  /** The event `target`. */
  target: string;
  schema: TObject;
  present: (gates: Gates) => RawBuilder<unknown>;
  filters: Readonly<Record<string, GraphFilter>>;
  expansions: Readonly<Record<string, Expansion>>;
};

export const column = (name: string) => sql.ref(`r.${name}`);
export const NULL = sql`null`;
export const EMPTY = sql`'[]'::json`;
export const iso = (name: string) => sql`to_char(${column(name)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
export const day = (name: string) => sql`to_char(${column(name)}, 'YYYY-MM-DD"T00:00:00.000Z"')`;
export const gated = (gate: RawBuilder<boolean>, value: RawBuilder<unknown>) =>
  sql`case when ${gate} then ${value} end`;

/** A field of the model: a column of the same name, or an expression. */
type Field = string | [string, RawBuilder<unknown>];

/** The presented record: id and dates first, then `fields` in order, then properties and identifiers. */
export function record(fields: Field[]): RawBuilder<unknown> {
  const entries: Array<[string, RawBuilder<unknown>]> = [
    ['id', column('id')],
    ['created_date', iso('created_date')],
    ['updated_date', iso('updated_date')],
    ...fields.map((field): [string, RawBuilder<unknown>] =>
      typeof field === 'string' ? [field, column(field)] : field,
    ),
    ['properties', column('properties')],
    ['identifiers', column('identifiers')],
  ];
  return sql`json_build_object(${sql.join(entries.map(([key, value]) => sql`${sql.lit(key)}, ${value}`))})`;
}

/** The filterable fields every model has. */
export const BASE_FILTERS: Record<string, GraphFilter> = {
  id: { type: 'uuid', operators: ID_OPS },
  updated_date: { type: 'date', operators: DATE_OPS },
};

const Identifier = Type.Object({ type: Type.String(), value: Type.String() });

/** The wire schema: id and dates, the model's own fields, properties and identifiers, then what `$expand` may add. */
export function modelSchema(name: string, fields: TProperties, expansions: readonly string[] = []): TObject {
  const expanded = Object.fromEntries(
    expansions.map((expansion) => [
      expansion,
      Type.Optional(Type.Unknown({ description: `Added by \`$expand=${expansion}\`.` })),
    ]),
  );
  return Type.Object(
    {
      id: Uuid,
      created_date: DateTime,
      updated_date: DateTime,
      ...fields,
      properties: Type.Record(Type.String(), Type.Unknown()),
      identifiers: Type.Array(Identifier),
      ...expanded,
    },
    { title: name, description: `Edlink ${name} model; \`$fields\` may trim it.` },
  );
}
