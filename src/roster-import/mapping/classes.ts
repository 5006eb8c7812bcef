import { orgRef, refId, stage } from './common.ts';
import type { MapContext, Row, Staged } from './row.ts';
import { grades, list, subjects } from './values.ts';

const CLASS_TYPES = ['homeroom', 'scheduled'];

/** classes.csv → classes; class code, type and location have no Edlink field and go to properties. */
export function mapClass(row: Row, ctx: MapContext): Staged[] {
  const school = row.optional('schoolSourcedId');
  const ref = school ? orgRef(ctx, school) : undefined;
  if (ref?.kind === 'districts')
    row.warn('schoolSourcedId', 'names a district, not a school; the class gets no school', 'district');
  const classType = row.get('classType');
  if (classType && !CLASS_TYPES.includes(classType)) {
    const known = CLASS_TYPES.includes(classType.toLowerCase());
    row.warn(
      'classType',
      known
        ? `'${classType}' read as '${classType.toLowerCase()}'`
        : `'${classType}' is not a class type (homeroom, scheduled)`,
      classType,
    );
  }
  const course = row.optional('courseSourcedId');
  const terms = list(row, 'termSourcedIds');
  const fields = {
    name: row.optional('title'),
    description: null,
    picture_url: null,
    locale: null,
    time_zone: null,
    subjects: subjects(row),
    grade_levels: grades(row, 'grades'),
    periods: list(row, 'periods'),
    state: row.status === 'inactive' ? 'inactive' : 'active',
    session_ids: terms.map((term) => refId(ctx, 'sessions', term)),
    course_id: refId(ctx, 'courses', course),
    school_id: ref?.kind === 'schools' ? ref.id : null,
  };
  const properties = {
    class_code: row.optional('classCode'),
    class_type: classType.toLowerCase() || null,
    location: row.optional('location'),
    subjects: list(row, 'subjects'),
    subject_codes: list(row, 'subjectCodes'),
  };
  const refs = {
    course_id: ['courseSourcedId', course],
    school_id: ['schoolSourcedId', school],
    session_ids: ['termSourcedIds', Object.fromEntries(terms.map((term) => [refId(ctx, 'sessions', term), term]))],
  };
  return [stage(row, ctx, 'classes', fields, { properties, refs })];
}
