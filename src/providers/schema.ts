import { Type } from 'typebox';
import { Nullable, Uuid } from '../lib/schema.ts';

export const Provider = Type.Object({
  id: Uuid,
  name: Type.String(),
  title: Type.String(),
  authorization_url: Nullable(Type.String()),
  token_url: Nullable(Type.String()),
  scopes: Type.Array(Type.String()),
  default_config: Type.Record(Type.String(), Type.Unknown()),
});
