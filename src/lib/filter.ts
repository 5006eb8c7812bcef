import { isCalendarDay } from './dates.ts';
import { InvalidFilter } from './errors.ts';

/**
 * The `$filter` parameter: minified JSON keyed by field name, each field a list of
 * `{ operator, value }` clauses, all AND-ed. Parsing checks every field and operator against the
 * model's table, so what reaches SQL is known to be meaningful; anything else is a 400 that
 * names the offending part.
 */
export const OPERATORS = [
  'equals',
  'starts with',
  'contains',
  'in',
  'not in',
  'is known',
  'is unknown',
  'gt',
  'gte',
  'lt',
  'lte',
] as const;
export type FilterOperator = (typeof OPERATORS)[number];

/** The operator sets of Edlink's per-field table. */
export const ID_OPS: readonly FilterOperator[] = ['equals', 'in', 'not in'];
export const DATE_OPS: readonly FilterOperator[] = ['equals', 'gt', 'lt', 'gte', 'lte'];
export const TEXT_OPS: readonly FilterOperator[] = [
  'equals',
  'starts with',
  'contains',
  'in',
  'not in',
  'is known',
  'is unknown',
];
export const CODE_OPS: readonly FilterOperator[] = ['equals', 'in', 'not in', 'is known', 'is unknown'];

/** How values are read: uuids must be UUIDs, dates ISO 8601 dates or date-times. */
export type FilterField = { type: 'uuid' | 'text' | 'date'; operators: readonly FilterOperator[] };

export type Clause = { field: string; operator: FilterOperator; values: string[] };

const MAX_CLAUSES = 100;
const MAX_VALUES = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const VALUELESS = new Set<FilterOperator>(['is known', 'is unknown']);
const LISTS = new Set<FilterOperator>(['in', 'not in']);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function readValues(field: string, operator: FilterOperator, value: unknown): string[] {
  if (VALUELESS.has(operator)) return [];
  if (LISTS.has(operator)) {
    const items = typeof value === 'string' ? value.split(',') : value;
    if (!Array.isArray(items) || items.length === 0 || !items.every((item) => typeof item === 'string')) {
      throw new InvalidFilter(`$filter: '${field}' ${operator} takes a comma-separated string of values.`);
    }
    return items.map((item) => item.trim());
  }
  if (typeof value !== 'string') throw new InvalidFilter(`$filter: '${field}' ${operator} takes a string value.`);
  return [value];
}

function checkValue(field: string, spec: FilterField, value: string): string {
  // PostgreSQL text cannot hold NUL; refuse it here rather than fail in the database.
  if (value.includes('\u0000'))
    throw new InvalidFilter(`$filter: a value for field '${field}' contains a NUL character.`);
  if (spec.type === 'uuid' && !UUID.test(value))
    throw new InvalidFilter(`$filter: '${value}' is not a valid UUID for field '${field}'.`);
  if (spec.type === 'date') {
    const time = Date.parse(value);
    if (!ISO_DATE.test(value) || !isCalendarDay(value) || Number.isNaN(time))
      throw new InvalidFilter(`$filter: '${value}' is not an ISO 8601 date for field '${field}'.`);
    return new Date(time).toISOString();
  }
  return value;
}

function readClause(field: string, spec: FilterField, entry: unknown): Clause {
  if (!isObject(entry) || typeof entry.operator !== 'string') {
    throw new InvalidFilter(`$filter: each clause of '${field}' must be an object { "operator": …, "value": … }.`);
  }
  const operator = entry.operator as FilterOperator;
  if (!OPERATORS.includes(operator))
    throw new InvalidFilter(`$filter: unknown operator '${entry.operator}'; operators are ${OPERATORS.join(', ')}.`);
  if (!spec.operators.includes(operator)) {
    throw new InvalidFilter(
      `$filter: operator '${operator}' does not apply to field '${field}'; it takes ${spec.operators.join(', ')}.`,
    );
  }
  const values = readValues(field, operator, entry.value).map((value) => checkValue(field, spec, value));
  return { field, operator, values };
}

/** The clauses of `$filter` (none when absent), checked against the filterable `fields` of a model. */
export function parseFilter(text: string | undefined, fields: Readonly<Record<string, FilterField>>): Clause[] {
  if (text === undefined || text === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InvalidFilter(`$filter is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(parsed)) throw new InvalidFilter('$filter must be a JSON object keyed by field name.');
  const clauses: Clause[] = [];
  for (const [field, list] of Object.entries(parsed)) {
    const spec = Object.hasOwn(fields, field) ? fields[field] : undefined;
    if (!spec)
      throw new InvalidFilter(
        `$filter: unknown field '${field}'; filterable fields are ${Object.keys(fields).join(', ')}.`,
      );
    if (!Array.isArray(list)) throw new InvalidFilter(`$filter: '${field}' must be a list of clauses.`);
    for (const entry of list) clauses.push(readClause(field, spec, entry));
  }
  if (clauses.length > MAX_CLAUSES) throw new InvalidFilter(`$filter: at most ${MAX_CLAUSES} clauses.`);
  // Each value is a query parameter, and a query takes at most 65,535 of them.
  if (clauses.reduce((sum, clause) => sum + clause.values.length, 0) > MAX_VALUES)
    throw new InvalidFilter(`$filter: at most ${MAX_VALUES} values in all.`);
  return clauses;
}
