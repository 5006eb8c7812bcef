import { Type } from 'typebox';
import type { Feature } from '../feature.ts';
import { Enveloped, envelope } from '../lib/envelope.ts';
import { Uuid } from '../lib/schema.ts';
import { PERMISSIONS, permissionByName } from './catalog.ts';

const Permission = Type.Object({
  id: Uuid,
  name: Type.String(),
  group: Type.String(),
  description: Type.String(),
  parents: Type.Array(Uuid, { description: 'Ids of the permissions that must be granted with this one.' }),
});

export const permissionsRoutes: Feature = (app) => {
  app.get(
    '/api/v1/permissions',
    {
      config: { principal: 'anyone' },
      schema: {
        tags: ['permissions'],
        summary: 'The permission catalog, with stable ids.',
        response: { 200: Enveloped(Type.Array(Permission)) },
      },
    },
    async (request) =>
      envelope(
        request,
        PERMISSIONS.map((permission) => ({
          ...permission,
          parents: permission.parents.map((parent) => permissionByName(parent).id),
        })),
      ),
  );
};
