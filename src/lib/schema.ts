import { type TSchema, Type } from 'typebox';

/** Schema pieces shared by every feature's route schemas. */
export const Uuid = Type.String({ format: 'uuid' });
export const DateTime = Type.String({ format: 'date-time' });

export function Nullable<T extends TSchema>(schema: T, options: { description?: string } = {}) {
  return Type.Union([schema, Type.Null()], options);
}

/** Query of a paged list: `$first`/`$after`/`$last`/`$before`/`$cursor` are read by `parsePaging`. */
export const ListQuery = Type.Object(
  {
    $first: Type.Optional(Type.String({ description: 'Page size, 1 to 10,000 (default 100).' })),
    $after: Type.Optional(Type.String({ description: 'Id of the last item of the previous page.' })),
    $last: Type.Optional(Type.String({ description: 'Page size counted from the end.' })),
    $before: Type.Optional(Type.String({ description: 'Id of the first item of the following page.' })),
    $cursor: Type.Optional(Type.String({ description: 'Opaque cursor, taken only from `$next`.' })),
  },
  { additionalProperties: true },
);

/** A string that is one of `values`: typed as their union, documented as an `enum`. */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: { description?: string; default?: T[number] } = {},
) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}
