import { Type } from 'typebox';
import { ListQuery, Uuid } from '../lib/schema.ts';

/** Query and path schemas of the Graph API. */

const shaping = {
  $expand: Type.Optional(
    Type.String({
      description: 'Comma-separated relations to add next to their id fields; unknown ones are warned about.',
    }),
  ),
  $fields: Type.Optional(
    Type.String({ description: 'Comma-separated fields to keep in each record; unknown ones are warned about.' }),
  ),
};

export const GraphListQuery = Type.Object(
  {
    ...ListQuery.properties,
    $filter: Type.Optional(
      Type.String({ description: 'JSON: `{"<field>":[{"operator":"<op>","value":"<value>"}]}`, clauses AND-ed.' }),
    ),
    ...shaping,
  },
  { additionalProperties: true },
);

export const GraphFetchQuery = Type.Object(shaping, { additionalProperties: true });

export const idParams = (name: string) => Type.Object({ [name]: Uuid });
