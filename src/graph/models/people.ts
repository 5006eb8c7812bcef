import { sql } from 'kysely';
import { Type } from 'typebox';
import { TEXT_OPS } from '../../lib/filter.ts';
import { Nullable, Uuid } from '../../lib/schema.ts';
import { BASE_FILTERS, column, EMPTY, gated, type Model, modelSchema, NULL, record } from './model.ts';
import { NullableAddress } from './organizations.ts';

/** Person: its contact and demographics fields each need their own permission. */

const DEMOGRAPHICS = {
  birthday: Nullable(Type.String()),
  gender: Nullable(Type.String()),
  residence_status: Nullable(Type.String()),
  english_language_learner: Nullable(Type.Boolean()),
  country_of_birth: Nullable(Type.String()),
  state_of_birth: Nullable(Type.String()),
  city_of_birth: Nullable(Type.String()),
  hispanic_or_latino_ethnicity: Nullable(Type.Boolean()),
  races: Type.Array(Type.String()),
  homeless: Nullable(Type.Boolean()),
  disability: Nullable(Type.String()),
  gifted_talented: Nullable(Type.Boolean()),
  food_service_program_eligibility: Nullable(Type.String()),
  economically_disadvantaged: Nullable(Type.Boolean()),
  migrant: Nullable(Type.Boolean()),
  public_assistance: Nullable(Type.Boolean()),
  rural_residency: Nullable(Type.Boolean()),
  individualized_education_plan: Nullable(Type.Boolean()),
};

/** Demographics in the model's key order; a person the source gave none has every field unknown and no races. */
const demographics = sql`json_build_object(${sql.join(
  Object.keys(DEMOGRAPHICS).map((key) => {
    const value = sql`${column('demographics')}->${sql.lit(key)}`;
    return sql`${sql.lit(key)}, ${key === 'races' ? sql`coalesce(${value}, '[]'::jsonb)` : value}`;
  }),
)})`;

export const people: Model = {
  kind: 'people',
  name: 'Person',
  target: 'person',
  schema: modelSchema(
    'Person',
    {
      first_name: Nullable(Type.String()),
      middle_name: Nullable(Type.String()),
      last_name: Nullable(Type.String()),
      display_name: Nullable(Type.String()),
      picture_url: Nullable(Type.String()),
      email: Nullable(Type.String({ description: 'Needs `people:contact`.' })),
      phone: Nullable(Type.String({ description: 'Needs `people:contact`.' })),
      locale: Nullable(Type.String()),
      time_zone: Nullable(Type.String()),
      roles: Type.Array(Type.String()),
      graduation_year: Nullable(Type.Integer()),
      grade_levels: Type.Array(Type.String()),
      gpa: Nullable(Type.Number()),
      letter_grade: Nullable(Type.String()),
      demographics: Nullable(Type.Object(DEMOGRAPHICS, { description: 'Needs `people:demographics`.' })),
      address: NullableAddress,
      district_id: Nullable(Uuid),
      school_ids: Type.Array(Uuid),
      department_ids: Type.Array(Uuid),
      route_ids: Type.Array(Uuid),
      product_ids: Type.Array(Uuid),
    },
    ['schools', 'district', 'products'],
  ),
  present: (gates) =>
    record([
      'first_name',
      'middle_name',
      'last_name',
      'display_name',
      'picture_url',
      ['email', gated(gates.contact, column('email'))],
      ['phone', gated(gates.contact, column('phone'))],
      'locale',
      'time_zone',
      'roles',
      'graduation_year',
      'grade_levels',
      ['gpa', NULL],
      ['letter_grade', NULL],
      ['demographics', gated(gates.demographics, demographics)],
      ['address', gated(gates.contact, column('address'))],
      'district_id',
      'school_ids',
      ['department_ids', EMPTY],
      ['route_ids', EMPTY],
      ['product_ids', EMPTY],
    ]),
  filters: {
    ...BASE_FILTERS,
    first_name: { type: 'text', operators: TEXT_OPS },
    last_name: { type: 'text', operators: TEXT_OPS },
    display_name: { type: 'text', operators: TEXT_OPS },
    email: { type: 'text', operators: ['equals', 'starts with', 'contains'], gate: 'contact' },
  },
  expansions: {
    schools: { field: 'school_ids', kind: 'schools', many: true },
    district: { field: 'district_id', kind: 'districts', many: false },
    products: { field: 'product_ids', kind: null, many: true },
  },
};
