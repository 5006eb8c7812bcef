import { refId, stage } from './common.ts';
import { SESSION_TYPES } from './enums.ts';
import type { MapContext, Row, Staged } from './row.ts';
import { date, stateByDates } from './values.ts';

function sessionType(row: Row): string | null {
  const value = row.get('type');
  if (value === '') return null;
  const key =
    Object.keys(SESSION_TYPES).find((known) => known === value) ??
    Object.keys(SESSION_TYPES).find((known) => known.toLowerCase() === value.toLowerCase());
  if (key && key !== value) row.warn('type', `'${value}' read as '${key}'`, value);
  if (!key) row.error('type', `'${value}' is not a session type (${Object.keys(SESSION_TYPES).join(', ')})`);
  return key ? (SESSION_TYPES[key] as string) : null;
}

/** The school year as the year it ends: 1.1 wants `2027`; exports also write `2026-2027` (a warning). */
function schoolYear(row: Row): number | null {
  const value = row.get('schoolYear');
  if (value === '') return null;
  if (/^\d{4}$/.test(value)) return Number(value);
  const range = /^(\d{4})\s*[-/]\s*(\d{4})$/.exec(value);
  if (range) {
    row.warn(
      'schoolYear',
      `'${value}' is not a four-digit year; read as ${range[2]}, the year the school year ends`,
      'range',
    );
    return Number(range[2]);
  }
  row.error('schoolYear', `'${value}' is not a year`);
  return null;
}

/** academicSessions.csv → sessions; the district is filled in later (sessions name no org). */
export function mapSession(row: Row, ctx: MapContext): Staged[] {
  const start = date(row, 'startDate');
  const end = date(row, 'endDate');
  if (start && end && end < start) row.error('endDate', `${end} is before the start date ${start}`);
  const parent = row.optional('parentSourcedId');
  const fields = {
    name: row.get('title'),
    type: sessionType(row),
    state: stateByDates(start, end, ctx.today),
    start_date: start,
    end_date: end,
    school_id: null,
    district_id: null,
    parent_id: refId(ctx, 'sessions', parent),
  };
  const properties = { school_year: schoolYear(row), inactive: row.status === 'inactive' || null };
  return [stage(row, ctx, 'sessions', fields, { properties, refs: { parent_id: ['parentSourcedId', parent] } })];
}
