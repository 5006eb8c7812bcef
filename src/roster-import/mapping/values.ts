import type { Identifier } from '../../graph/tables.ts';
import { isCalendarDay } from '../../lib/dates.ts';
import { GRADE_ALIASES, GRADE_LEVELS, IDENTIFIER_TYPES, ROLES, subjectOf } from './enums.ts';
import type { Row } from './row.ts';

/** Comma-separated list cell (`"09,10,11"`), trimmed, empty items dropped. */
export function list(row: Row, column: string): string[] {
  return row
    .get(column)
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** OneRoster writes `true`/`false`; exports write `TRUE` too (a warning). Empty is null. */
export function bool(row: Row, column: string): boolean | null {
  const value = row.get(column);
  if (value === '') return null;
  if (value === 'true' || value === 'false') return value === 'true';
  const lower = value.toLowerCase();
  if (lower === 'true' || lower === 'false') {
    row.warn(column, `'${value}' read as ${lower} (OneRoster writes booleans in lower case)`, 'case');
    return lower === 'true';
  }
  row.error(column, `'${value}' is not a boolean (true or false)`);
  return null;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Dates already found valid: a file repeats a handful (term dates) over every row. Emptied when full. */
const VALID_DATES = new Set<string>();
const VALID_DATES_MAX = 10_000;

/** A calendar date `YYYY-MM-DD`; a date-time is cut to its date with a warning; anything else is an error. */
export function date(row: Row, column: string): string | null {
  const value = row.get(column);
  if (value === '') return null;
  if (VALID_DATES.has(value)) return value;
  const day = DATE.test(value) ? value : /^(\d{4}-\d{2}-\d{2})T/.exec(value)?.[1];
  if (!day || !isCalendarDay(day)) {
    row.error(column, `'${value}' is not a date (YYYY-MM-DD)`);
    return null;
  }
  if (day !== value) row.warn(column, `'${value}' read as the date ${day}`, 'datetime');
  else {
    if (VALID_DATES.size >= VALID_DATES_MAX) VALID_DATES.clear();
    VALID_DATES.add(value);
  }
  return day;
}

/** `upcoming`, `active` or `completed` by the dates, as Edlink derives states. */
export function stateByDates(
  start: string | null,
  end: string | null,
  today: string,
): 'upcoming' | 'active' | 'completed' {
  if (start && start > today) return 'upcoming';
  if (end && end < today) return 'completed';
  return 'active';
}

/**
 * Grade levels normalised to the GradeLevel enum (`9` → `09`, `K` → `KG`); unknown ones become `Other` with a warning.
 */
export function grades(row: Row, column: string): string[] {
  const levels = list(row, column).map((grade) => {
    if (GRADE_LEVELS.includes(grade)) return grade;
    const number = /^\d{1,2}$/.test(grade) ? Number(grade) : Number.NaN;
    const normalised =
      number >= 1 && number <= 13
        ? String(number).padStart(2, '0')
        : (GRADE_ALIASES[grade.toLowerCase()] ??
          GRADE_LEVELS.find((level) => level.toLowerCase() === grade.toLowerCase()));
    if (normalised) return normalised;
    row.warn(column, `'${grade}' is not a CEDS grade level; read as Other`, grade);
    return 'Other';
  });
  return [...new Set(levels)];
}

/** OneRoster role → Edlink Role; an unknown role is an error. */
export function role(row: Row, column: string): string | null {
  const value = row.get(column);
  if (value === '') return null;
  const exact = ROLES[value];
  if (exact) return exact;
  const other = Object.keys(ROLES).find((known) => known.toLowerCase() === value.toLowerCase());
  if (other) {
    row.warn(column, `'${value}' read as '${other}' (roles are case-sensitive)`, value);
    return ROLES[other] as string;
  }
  row.error(column, `'${value}' is not a OneRoster role`);
  return null;
}

/** Edlink subjects of the `subjects` and `subjectCodes` cells; the cells themselves stay in properties. */
export function subjects(row: Row): string[] {
  const found = [...list(row, 'subjectCodes'), ...list(row, 'subjects')]
    .map(subjectOf)
    .filter((subject) => subject !== undefined);
  return [...new Set(found)].sort();
}

/** `{LDAP:12},{LTI:15}` → identifiers of Edlink types; other types are returned apart, for properties. */
export function userIds(row: Row): { identifiers: Identifier[]; other: Record<string, string> } {
  const identifiers: Identifier[] = [];
  const other: Record<string, string> = {};
  for (const match of row.get('userIds').matchAll(/\{([^:}]+):([^}]*)\}/g)) {
    const type = (match[1] as string).trim();
    const value = (match[2] as string).trim();
    const edlink = type.toLowerCase();
    if (IDENTIFIER_TYPES.includes(edlink)) identifiers.push({ type: edlink, value });
    else other[type] = value;
  }
  return { identifiers, other };
}

/**
 * The status of a row: `tobedeleted` rows delete; `inactive` (not a OneRoster value) keeps the
 * record, marked inactive.
 */
export function status(row: Row, version: string): Row['status'] {
  const value = row.get('status');
  if (value === '' || value === 'active' || value === 'tobedeleted') return value || 'active';
  if (value.toLowerCase() === 'inactive') {
    row.warn(
      'status',
      `'${value}' is not a OneRoster ${version} status; the record is kept, marked inactive`,
      'inactive',
    );
    return 'inactive';
  }
  row.error('status', `'${value}' is not a status (active or tobedeleted)`);
  return 'active';
}

/** Properties without empty values: a record's fingerprint must not move when a blank column is added. */
export function compact(properties: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(properties).filter(
      ([, value]) =>
        value !== null && value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0),
    ),
  );
}
