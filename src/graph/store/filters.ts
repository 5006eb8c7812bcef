import { type RawBuilder, sql } from 'kysely';
import type { Clause } from '../../lib/filter.ts';
import type { GraphFilter } from '../models/model.ts';
import type { Gates } from './presenters.ts';

/**
 * A value matched literally inside a `like` pattern. The pattern is a constant once the value
 * is bound, so the planner turns a prefix into an index range (and a trigram index serves an infix).
 */
export const literal = (value: string | undefined) => (value ?? '').replace(/[\\%_]/g, (character) => `\\${character}`);

/**
 * `$filter` clauses as SQL conditions on the row `r`. Text matching follows Edlink: `equals` and
 * the lists are exact, `starts with` and `contains` ignore case. Dates compare at the
 * millisecond precision they are presented with. A field the model has no column for, or one
 * gated away, is unknown: nothing equals it, everything is `not in` any list.
 */
function scalar(clause: Clause, spec: GraphFilter, column: RawBuilder<unknown>): RawBuilder<boolean> {
  const [value] = clause.values;
  const list = sql.join(clause.values.map((item) => sql`${item}`));
  let subject = column;
  if (spec.shape === 'day') subject = sql`(${column}::timestamp at time zone 'UTC')`;
  else if (spec.type === 'date') subject = sql`date_trunc('milliseconds', ${column})`;
  switch (clause.operator) {
    case 'equals':
      return sql`${subject} = ${value}`;
    case 'starts with':
      return sql`lower(${column}) like (lower(${literal(value)}) || '%')`;
    case 'contains':
      return sql`lower(${column}) like ('%' || lower(${literal(value)}) || '%')`;
    case 'in':
      return sql`${column} in (${list})`;
    case 'not in':
      return sql`(${column} is null or ${column} not in (${list}))`;
    case 'is known':
      return sql`${column} is not null`;
    case 'is unknown':
      return sql`${column} is null`;
    case 'gt':
      return sql`${subject} > ${value}`;
    case 'gte':
      return sql`${subject} >= ${value}`;
    case 'lt':
      return sql`${subject} < ${value}`;
    case 'lte':
      return sql`${subject} <= ${value}`;
  }
}

/** An id list column (`session_ids`): `equals` and `in` ask whether it holds the value(s). */
function array(clause: Clause, column: RawBuilder<unknown>): RawBuilder<boolean> {
  const values = sql`array[${sql.join(clause.values.map((item) => sql`${item}`))}]::uuid[]`;
  return clause.operator === 'not in' ? sql`not (${column} && ${values})` : sql`${column} && ${values}`;
}

function unknown(clause: Clause): RawBuilder<boolean> {
  return sql<boolean>`${sql.lit(clause.operator === 'not in' || clause.operator === 'is unknown')}`;
}

/** The conditions of `clauses`, parsed against `filters`, on the row `r`. */
export function filterConditions(
  filters: Readonly<Record<string, GraphFilter>>,
  clauses: readonly Clause[],
  gates: Gates,
): RawBuilder<boolean>[] {
  return clauses.map((clause) => {
    const spec = filters[clause.field] as GraphFilter;
    if (spec.shape === 'absent') return unknown(clause);
    const column = sql.ref(`r.${clause.field}`);
    if (spec.shape === 'array') return array(clause, column);
    const condition = scalar(clause, spec, column);
    return spec.gate ? sql<boolean>`(${gates[spec.gate]} and ${condition})` : condition;
  });
}
