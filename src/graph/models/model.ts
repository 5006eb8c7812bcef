import { type TObject, type TProperties, Type } from 'typebox';
import type { FilterField } from '../../lib/filter.ts';
import { DATE_OPS, ID_OPS } from '../../lib/filter.ts';
import { DateTime, Uuid } from '../../lib/schema.ts';
import type { GraphKind } from '../tables.ts';

/** A Graph model: its wire schema, its presented fields, and what `$filter` and `$expand` may name. */

/** The permission-gated field groups. */
export type Gate = 'contact' | 'demographics';

/**
 * A filterable field; `shape` says how its column holds it (an id list, a calendar date, no column
 * at all), `gate` hides it like the presenter does.
 */
export type GraphFilter = FilterField & { shape?: 'array' | 'day' | 'absent'; gate?: Gate };

/** `$expand` of an id field: the record(s) it names, or always empty when `kind` is null (products). */
export type Expansion = { field: string; kind: GraphKind | null; many: boolean };

/**
 * A presented field, after id and dates and before properties and identifiers: a column of the same
 * name, or a field Gatehouse holds no data for (`null`, or an empty list), a calendar date, a column
 * behind a gate, or an object of the column's keys (`lists` default to empty).
 */
export type Field =
  | string
  | { name: string; value: 'null' | 'empty' }
  | { name: string; value: 'day' }
  | { name: string; value: 'column'; gate: Gate }
  | { name: string; value: 'object'; gate: Gate; keys: readonly string[]; lists: readonly string[] };

export type Model = {
  kind: GraphKind;
  /** As in "School with id … not found for this integration." */
  name: string;
  /** The event `target`. */
  target: string;
  schema: TObject;
  /**
   * The presented record's fields in order. The store presents them in SQL, so the API and the
   * change feed build the very same JSON, and the feed is written set-based inside the
   * transaction that changed the data.
   */
  fields: readonly Field[];
  filters: Readonly<Record<string, GraphFilter>>;
  expansions: Readonly<Record<string, Expansion>>;
};

export const unknown = (name: string): Field => ({ name, value: 'null' });
export const none = (name: string): Field => ({ name, value: 'empty' });
export const day = (name: string): Field => ({ name, value: 'day' });
export const gated = (name: string, gate: Gate): Field => ({ name, value: 'column', gate });

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
