import { Type } from 'typebox';
import { CODE_OPS, DATE_OPS, ID_OPS, TEXT_OPS } from '../../lib/filter.ts';
import { Nullable, Uuid } from '../../lib/schema.ts';
import { BASE_FILTERS, day, type Model, modelSchema, unknown } from './model.ts';

/** Session and Course: the calendar and the catalog of a source. */

export const sessions: Model = {
  kind: 'sessions',
  name: 'Session',
  target: 'session',
  schema: modelSchema(
    'Session',
    {
      name: Type.String(),
      type: Nullable(Type.String()),
      state: Nullable(Type.String()),
      start_date: Nullable(Type.String({ format: 'date-time' })),
      end_date: Nullable(Type.String({ format: 'date-time' })),
      school_id: Nullable(Uuid),
      district_id: Nullable(Uuid),
    },
    ['school', 'district'],
  ),
  fields: ['name', 'type', 'state', day('start_date'), day('end_date'), 'school_id', 'district_id'],
  filters: {
    ...BASE_FILTERS,
    name: { type: 'text', operators: TEXT_OPS },
    start_date: { type: 'date', operators: DATE_OPS, shape: 'day' },
    end_date: { type: 'date', operators: DATE_OPS, shape: 'day' },
  },
  expansions: {
    school: { field: 'school_id', kind: 'schools', many: false },
    district: { field: 'district_id', kind: 'districts', many: false },
  },
};

export const courses: Model = {
  kind: 'courses',
  name: 'Course',
  target: 'course',
  schema: modelSchema(
    'Course',
    {
      name: Type.String(),
      code: Nullable(Type.String()),
      subjects: Type.Array(Type.String()),
      grade_levels: Type.Array(Type.String()),
      district_id: Nullable(Uuid),
      school_id: Nullable(Uuid),
      session_id: Nullable(Uuid),
      department_id: Nullable(Uuid),
      subject_id: Nullable(Uuid),
    },
    ['school', 'session', 'district'],
  ),
  fields: [
    'name',
    'code',
    'subjects',
    'grade_levels',
    'district_id',
    'school_id',
    'session_id',
    unknown('department_id'),
    unknown('subject_id'),
  ],
  filters: {
    ...BASE_FILTERS,
    code: { type: 'text', operators: CODE_OPS },
    school_id: { type: 'uuid', operators: ID_OPS },
    session_id: { type: 'uuid', operators: ID_OPS },
    department_id: { type: 'uuid', operators: ID_OPS, shape: 'absent' },
    subject_id: { type: 'uuid', operators: ID_OPS, shape: 'absent' },
  },
  expansions: {
    school: { field: 'school_id', kind: 'schools', many: false },
    session: { field: 'session_id', kind: 'sessions', many: false },
    district: { field: 'district_id', kind: 'districts', many: false },
  },
};
