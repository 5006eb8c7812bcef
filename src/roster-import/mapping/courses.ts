import { orgRef, refId, stage } from './common.ts';
import type { MapContext, Row, Staged } from './row.ts';
import { grades, list, subjects } from './values.ts';

/** courses.csv → courses. `orgSourcedId` may name the district (common) or a school. */
export function mapCourse(row: Row, ctx: MapContext): Staged[] {
  const org = row.optional('orgSourcedId');
  const ref = org ? orgRef(ctx, org) : undefined;
  const year = row.optional('schoolYearSourcedId');
  const column = ref?.kind === 'districts' ? 'district_id' : 'school_id';
  const fields = {
    name: row.get('title'),
    code: row.optional('courseCode'),
    subjects: subjects(row),
    grade_levels: grades(row, 'grades'),
    district_id: ref?.kind === 'districts' ? ref.id : null,
    school_id: ref?.kind === 'schools' ? ref.id : null,
    session_id: refId(ctx, 'sessions', year),
  };
  const properties = { subjects: list(row, 'subjects'), subject_codes: list(row, 'subjectCodes') };
  return [
    stage(row, ctx, 'courses', fields, {
      properties,
      refs: { [column]: ['orgSourcedId', org], session_id: ['schoolYearSourcedId', year] },
    }),
  ];
}
