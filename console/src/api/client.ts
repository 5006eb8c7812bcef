import createClient from 'openapi-fetch';
import type { paths } from './schema';

/** The API, same-origin: the session cookie goes along and writes carry this page's Origin, as CSRF asks. */
export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });

type Failure = { $errors?: Array<{ code: string; message: string }> } | undefined;

/** The first error's message of a failed call, for people to read. */
export function errorMessage(error: unknown): string {
  const first = (error as Failure)?.$errors?.[0];
  return first ? first.message : 'Something went wrong; try again.';
}

/** `$cursor` of an answer's absolute `$next`, to ask for the following page. */
export function cursorOf(next: string | undefined): string | undefined {
  return next ? (new URL(next).searchParams.get('$cursor') ?? undefined) : undefined;
}
