import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiError } from '../../src/lib/errors.ts';
import { DATE_OPS, type FilterField, ID_OPS, parseFilter, TEXT_OPS } from '../../src/lib/filter.ts';

const FIELDS: Record<string, FilterField> = {
  id: { type: 'uuid', operators: ID_OPS },
  last_name: { type: 'text', operators: TEXT_OPS },
  created_date: { type: 'date', operators: DATE_OPS },
};
const ID = '0b7e3f7a-4f1e-4c55-9a57-2c1f8f0e6d11';
const filter = (value: unknown) => parseFilter(JSON.stringify(value), FIELDS);

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ApiError, String(error));
    assert.equal(error.code, 'INVALID_FILTER');
    return error.message;
  }
  assert.fail('expected INVALID_FILTER');
}

describe('$filter', () => {
  test('clauses of every field are read, lists split, dates normalised, valueless operators take none', () => {
    assert.deepEqual(parseFilter(undefined, FIELDS), []);
    assert.deepEqual(parseFilter('', FIELDS), []);
    assert.deepEqual(
      filter({
        last_name: [{ operator: 'starts with', value: 'Lo' }, { operator: 'is known' }],
        id: [{ operator: 'in', value: `${ID}, ${ID}` }],
        created_date: [{ operator: 'gte', value: '2026-01-02' }],
      }),
      [
        { field: 'last_name', operator: 'starts with', values: ['Lo'] },
        { field: 'last_name', operator: 'is known', values: [] },
        { field: 'id', operator: 'in', values: [ID, ID] },
        { field: 'created_date', operator: 'gte', values: ['2026-01-02T00:00:00.000Z'] },
      ],
    );
  });

  test('each malformed part is refused with a message naming it', () => {
    assert.match(
      refusal(() => parseFilter('{', FIELDS)),
      /not valid JSON/,
    );
    assert.match(
      refusal(() => filter([])),
      /JSON object keyed by field name/,
    );
    assert.match(
      refusal(() => filter({ email: [] })),
      /unknown field 'email'; filterable fields are id, last_name/,
    );
    assert.match(
      refusal(() => filter({ toString: [] })),
      /unknown field 'toString'/,
    );
    assert.match(
      refusal(() => filter({ id: {} })),
      /'id' must be a list of clauses/,
    );
    assert.match(
      refusal(() => filter({ id: ['x'] })),
      /must be an object/,
    );
    assert.match(
      refusal(() => filter({ id: [{ operator: 'like', value: 'x' }] })),
      /unknown operator 'like'/,
    );
    assert.match(
      refusal(() => filter({ id: [{ operator: 'contains', value: 'x' }] })),
      /does not apply to field 'id'/,
    );
    assert.match(
      refusal(() => filter({ id: [{ operator: 'equals', value: 'x' }] })),
      /not a valid UUID/,
    );
    assert.match(
      refusal(() => filter({ id: [{ operator: 'in', value: [] }] })),
      /comma-separated/,
    );
    assert.match(
      refusal(() => filter({ last_name: [{ operator: 'equals', value: 1 }] })),
      /takes a string value/,
    );
    assert.match(
      refusal(() => filter({ last_name: [{ operator: 'equals', value: 'a\u0000' }] })),
      /NUL/,
    );
    assert.match(
      refusal(() => filter({ created_date: [{ operator: 'gt', value: '2026-02-30' }] })),
      /ISO 8601/,
    );
  });

  test('at most 100 clauses and 1000 values in all', () => {
    const clauses = Array.from({ length: 101 }, () => ({ operator: 'equals', value: 'a' }));
    assert.match(
      refusal(() => filter({ last_name: clauses })),
      /at most 100 clauses/,
    );
    const values = Array.from({ length: 1001 }, () => 'a').join(',');
    assert.match(
      refusal(() => filter({ last_name: [{ operator: 'in', value: values }] })),
      /at most 1000 values/,
    );
  });
});
