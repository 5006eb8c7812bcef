import { Type } from 'typebox';
import { CODE_OPS, ID_OPS } from '../../lib/filter.ts';
import { Nullable, Uuid } from '../../lib/schema.ts';
import { BASE_FILTERS, day, type Model, modelSchema, unknown } from './model.ts';

/** Enrollment and Agent: how people relate to classes and to each other. */

export const enrollments: Model = {
  kind: 'enrollments',
  name: 'Enrollment',
  target: 'enrollment',
  schema: modelSchema(
    'Enrollment',
    {
      state: Nullable(Type.String()),
      role: Nullable(Type.String()),
      start_date: Nullable(Type.String({ format: 'date-time' })),
      end_date: Nullable(Type.String({ format: 'date-time' })),
      primary: Nullable(Type.Boolean()),
      person_id: Uuid,
      class_id: Uuid,
      section_id: Nullable(Uuid),
      final_letter_grade: Nullable(Type.String()),
      final_numeric_grade: Nullable(Type.Number()),
    },
    ['person', 'class', 'section'],
  ),
  fields: [
    'state',
    'role',
    day('start_date'),
    day('end_date'),
    'primary',
    'person_id',
    'class_id',
    'section_id',
    unknown('final_letter_grade'),
    unknown('final_numeric_grade'),
  ],
  filters: {
    ...BASE_FILTERS,
    role: { type: 'text', operators: CODE_OPS },
    person_id: { type: 'uuid', operators: ID_OPS },
    class_id: { type: 'uuid', operators: ID_OPS },
    section_id: { type: 'uuid', operators: ID_OPS },
  },
  expansions: {
    person: { field: 'person_id', kind: 'people', many: false },
    class: { field: 'class_id', kind: 'classes', many: false },
    section: { field: 'section_id', kind: 'sections', many: false },
  },
};

export const agents: Model = {
  kind: 'agents',
  name: 'Agent',
  target: 'agent',
  schema: modelSchema(
    'Agent',
    { relationship: Nullable(Type.String()), flags: Type.Array(Type.String()), observer_id: Uuid, target_id: Uuid },
    ['observer', 'target'],
  ),
  fields: ['relationship', 'flags', 'observer_id', 'target_id'],
  filters: {
    id: BASE_FILTERS.id!,
    observer_id: { type: 'uuid', operators: ID_OPS },
    target_id: { type: 'uuid', operators: ID_OPS },
  },
  expansions: {
    observer: { field: 'observer_id', kind: 'people', many: false },
    target: { field: 'target_id', kind: 'people', many: false },
  },
};
