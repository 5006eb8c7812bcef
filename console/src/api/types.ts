import type { paths } from './schema';

/** The `$data` a path's 200 answer carries: derived from the generated document, never restated. */
export type Data<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': { $data: infer D } } } };
}
  ? D
  : never;

export type Me = Extract<Data<'/api/v1/me', 'get'>, { type: 'user' }>;
export type Team = Me['teams'][number];
type Row<P extends keyof paths> = Data<P, 'get'> extends Array<infer R> ? R : never;
type Browsed = {
  schools: Row<'/api/v1/sources/{source_id}/schools'>;
  classes: Row<'/api/v1/sources/{source_id}/classes'>;
  courses: Row<'/api/v1/sources/{source_id}/courses'>;
  people: Row<'/api/v1/sources/{source_id}/people'>;
};
export type BrowsedKind = keyof Browsed;
export type BrowsedRecord<K extends BrowsedKind> = Browsed[K];
