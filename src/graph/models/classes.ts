import { Type } from 'typebox';
import { ID_OPS, TEXT_OPS } from '../../lib/filter.ts';
import { Nullable, Uuid } from '../../lib/schema.ts';
import { BASE_FILTERS, type Model, modelSchema, none, unknown } from './model.ts';

/** Class and its (deprecated, still served) Section. */

const local = {
  name: Nullable(Type.String()),
  description: Nullable(Type.String()),
  picture_url: Nullable(Type.String()),
  locale: Nullable(Type.String()),
  time_zone: Nullable(Type.String()),
};

export const classes: Model = {
  kind: 'classes',
  name: 'Class',
  target: 'class',
  schema: modelSchema(
    'Class',
    {
      ...local,
      subjects: Type.Array(Type.String()),
      grade_levels: Type.Array(Type.String()),
      periods: Type.Array(Type.String()),
      state: Nullable(Type.String()),
      session_ids: Type.Array(Uuid),
      course_id: Nullable(Uuid),
      school_id: Nullable(Uuid),
      department_id: Nullable(Uuid),
      subject_id: Nullable(Uuid),
      period_ids: Type.Array(Uuid),
      product_ids: Type.Array(Uuid),
    },
    ['school', 'course', 'sessions', 'products'],
  ),
  fields: [
    'name',
    'description',
    'picture_url',
    'locale',
    'time_zone',
    'subjects',
    'grade_levels',
    'periods',
    'state',
    'session_ids',
    'course_id',
    'school_id',
    unknown('department_id'),
    unknown('subject_id'),
    none('period_ids'),
    none('product_ids'),
  ],
  filters: {
    ...BASE_FILTERS,
    name: { type: 'text', operators: TEXT_OPS },
    state: { type: 'text', operators: ID_OPS },
    session_ids: { type: 'uuid', operators: ID_OPS, shape: 'array' },
    course_id: { type: 'uuid', operators: ID_OPS },
    school_id: { type: 'uuid', operators: ID_OPS },
    department_id: { type: 'uuid', operators: ID_OPS, shape: 'absent' },
    subject_id: { type: 'uuid', operators: ID_OPS, shape: 'absent' },
  },
  expansions: {
    school: { field: 'school_id', kind: 'schools', many: false },
    course: { field: 'course_id', kind: 'courses', many: false },
    sessions: { field: 'session_ids', kind: 'sessions', many: true },
    products: { field: 'product_ids', kind: null, many: true },
  },
};

export const sections: Model = {
  kind: 'sections',
  name: 'Section',
  target: 'section',
  schema: modelSchema(
    'Section',
    { ...local, state: Nullable(Type.String()), periods: Type.Array(Type.String()), class_id: Uuid },
    ['class'],
  ),
  fields: ['name', 'description', 'picture_url', 'locale', 'time_zone', 'state', 'periods', 'class_id'],
  filters: {
    ...BASE_FILTERS,
    name: { type: 'text', operators: TEXT_OPS },
    state: { type: 'text', operators: ID_OPS },
    class_id: { type: 'uuid', operators: ID_OPS },
  },
  expansions: { class: { field: 'class_id', kind: 'classes', many: false } },
};
