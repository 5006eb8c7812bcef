import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { FastifyError } from 'fastify';
import { toApiError } from '../../src/lib/error-handler.ts';
import { API_ERRORS } from '../../src/lib/errors.ts';
import { OAUTH_ERRORS } from '../../src/lib/oauth-errors.ts';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The README's table rows: code → status. */
function documented(): Map<string, number> {
  const rows = README.matchAll(/^\| `([a-zA-Z_]+)` \| (\d{3}) \|/gm);
  return new Map([...rows].map(([, code, status]) => [code!, Number(status)]));
}

const frameworkError = (fields: Partial<FastifyError>) =>
  Object.assign(new Error(fields.message ?? 'refused'), fields) as FastifyError;

describe('the error catalogue', () => {
  test('the README lists every $errors and OAuth code with its status, and no other', () => {
    const catalogue = new Map(
      [...Object.entries(API_ERRORS), ...Object.entries(OAUTH_ERRORS)].map(([code, [status]]) => [code, status]),
    );
    assert.deepEqual([...documented()].sort(), [...catalogue].sort());
  });

  test('each refusal of the framework answers the code of its own status', () => {
    const cases: Array<[Partial<FastifyError>, string, number]> = [
      [{ code: 'FST_ERR_MAX_PARAM_LENGTH', statusCode: 414 }, 'URI_TOO_LONG', 414],
      [{ statusCode: 405 }, 'METHOD_NOT_ALLOWED', 405],
      [{ statusCode: 406 }, 'NOT_ACCEPTABLE', 406],
      [{ statusCode: 408 }, 'REQUEST_TIMEOUT', 408],
      [{ statusCode: 411 }, 'LENGTH_REQUIRED', 411],
      [{ statusCode: 431 }, 'HEADERS_TOO_LARGE', 431],
      [{ statusCode: 409 }, 'CONFLICT', 409],
      [{ statusCode: 418 }, 'BAD_REQUEST', 400],
      [{}, 'INTERNAL', 500],
    ];
    for (const [fields, code, status] of cases) {
      const error = toApiError(frameworkError(fields));
      assert.deepEqual([error.code, error.status], [code, status], JSON.stringify(fields));
    }
  });
});
