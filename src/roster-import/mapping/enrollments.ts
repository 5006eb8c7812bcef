import { refId, stage } from './common.ts';
import type { MapContext, Row, Staged } from './row.ts';
import { bool, date, role, stateByDates } from './values.ts';

/** enrollments.csv → enrollments; the state follows the dates, or is `inactive` when the row says so. */
export function mapEnrollment(row: Row, ctx: MapContext): Staged[] {
  const start = date(row, 'beginDate');
  const end = date(row, 'endDate');
  const klass = row.optional('classSourcedId');
  const user = row.optional('userSourcedId');
  const fields = {
    state: row.status === 'inactive' ? 'inactive' : stateByDates(start, end, ctx.today),
    role: role(row, 'role'),
    start_date: start,
    end_date: end,
    primary: bool(row, 'primary'),
    person_id: refId(ctx, 'people', user),
    class_id: refId(ctx, 'classes', klass),
    section_id: null,
  };
  return [
    stage(row, ctx, 'enrollments', fields, {
      refs: { class_id: ['classSourcedId', klass], person_id: ['userSourcedId', user] },
    }),
  ];
}
