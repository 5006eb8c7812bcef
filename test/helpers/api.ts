import assert from 'node:assert/strict';
import { type Static, type TSchema, Type } from 'typebox';
import { Value } from 'typebox/value';
import type { TestApp } from './app.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A browser session: its cookie, and the origin a write with it must show. */
export type Session = { cookies: Record<string, string>; headers: Record<string, string> };

/**
 * Who calls: a bearer token (API key, application secret, access token), a browser session, or
 * either with more headers (an upload's content type).
 */
export type Caller = string | (Partial<Session> & { token?: string });

/**
 * Calls an `/api` route that must answer 200 and hands back its `$data`, typed by `schema`: the
 * response schema the route declares, exported by the feature's `schema.ts`. The data is checked
 * against the schema too, so a test typed with the wrong schema fails instead of trusting a type.
 * `status` is the success the route answers: 200, or 201 for the routes that create.
 */
export async function request<S extends TSchema>(
  t: TestApp,
  schema: S,
  method: Method,
  url: string,
  caller: Caller,
  payload?: object,
  status = 200,
): Promise<Static<S>> {
  const auth = typeof caller === 'string' ? { token: caller } : caller;
  const response = await t.call({ method, url, ...auth, ...(payload ? { payload } : {}) });
  assert.equal(response.statusCode, status, `${method} ${url}: ${response.body}`);
  const data: unknown = response.json().$data;
  const problems = [...Value.Errors(schema, data)].map((error) => `${error.instancePath} ${error.message}`);
  assert.deepEqual(problems, [], `${method} ${url}: $data does not match its schema`);
  return data as Static<S>;
}

/** The typed client of one caller: `await api(t, token).get(Team, '/api/v1/teams/…')` is a `Static<typeof Team>`. */
export function api(t: TestApp, caller: Caller) {
  const send =
    (method: Method) =>
    <S extends TSchema>(schema: S, url: string, payload?: object) =>
      request(t, schema, method, url, caller, payload);
  return { get: send('GET'), post: send('POST'), put: send('PUT'), patch: send('PATCH'), delete: send('DELETE') };
}

/** Calls the management API and insists on success, handing back `$data` untyped. */
export async function ok(t: TestApp, method: Method, url: string, token: string, payload?: object) {
  return request(t, Type.Any(), method, url, token, payload);
}
