import { Type } from 'typebox';
import { ID_OPS, TEXT_OPS } from '../../lib/filter.ts';
import { Nullable, Uuid } from '../../lib/schema.ts';
import { BASE_FILTERS, type Model, modelSchema, none } from './model.ts';

/** District and School: the organizations of a source. */

const Address = Type.Object({
  street: Nullable(Type.String()),
  unit: Nullable(Type.String()),
  postal_code: Nullable(Type.String()),
  city: Nullable(Type.String()),
  state: Nullable(Type.String()),
  country: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  latitude: Nullable(Type.Number()),
  longitude: Nullable(Type.Number()),
});
export const NullableAddress = Nullable(Address);

const place = {
  name: Type.String(),
  locale: Nullable(Type.String()),
  time_zone: Nullable(Type.String()),
  address: NullableAddress,
  picture_url: Nullable(Type.String()),
};

export const districts: Model = {
  kind: 'districts',
  name: 'District',
  target: 'district',
  schema: modelSchema('District', place),
  fields: ['name', 'locale', 'time_zone', 'address', 'picture_url'],
  filters: BASE_FILTERS,
  expansions: {},
};

export const schools: Model = {
  kind: 'schools',
  name: 'School',
  target: 'school',
  schema: modelSchema(
    'School',
    { ...place, grade_levels: Type.Array(Type.String()), district_id: Nullable(Uuid), product_ids: Type.Array(Uuid) },
    ['district', 'products'],
  ),
  fields: ['name', 'locale', 'time_zone', 'address', 'picture_url', 'grade_levels', 'district_id', none('product_ids')],
  filters: {
    ...BASE_FILTERS,
    name: { type: 'text', operators: TEXT_OPS },
    district_id: { type: 'uuid', operators: ID_OPS },
  },
  expansions: {
    district: { field: 'district_id', kind: 'districts', many: false },
    products: { field: 'product_ids', kind: null, many: true },
  },
};
