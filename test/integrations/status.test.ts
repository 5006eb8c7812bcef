import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { statusAt, statusChanges } from '../../src/integrations/status.ts';

const NOW = new Date('2026-12-03T12:00:00Z');
const BEFORE = new Date('2026-12-01T00:00:00Z');
const AFTER = new Date('2026-12-05T00:00:00Z');

describe('an integration status over time', () => {
  test('disabled when asked or past its end, inactive before its start, otherwise what was asked', () => {
    const cases: Array<[Parameters<typeof statusAt>[0], string]> = [
      [{ requested_status: 'active', start_date: null, end_date: null }, 'active'],
      [{ requested_status: 'inactive', start_date: null, end_date: null }, 'inactive'],
      [{ requested_status: 'disabled', start_date: BEFORE, end_date: AFTER }, 'disabled'],
      [{ requested_status: 'active', start_date: AFTER, end_date: null }, 'inactive'],
      [{ requested_status: 'active', start_date: BEFORE, end_date: AFTER }, 'active'],
      [{ requested_status: 'active', start_date: null, end_date: BEFORE }, 'disabled'],
      [{ requested_status: 'active', start_date: null, end_date: NOW }, 'disabled'],
      [{ requested_status: 'active', start_date: NOW, end_date: null }, 'active'],
    ];
    for (const [schedule, expected] of cases) assert.equal(statusAt(schedule, NOW), expected, JSON.stringify(schedule));
  });

  test('the moments it may change are its future start and end', () => {
    assert.deepEqual(statusChanges({ requested_status: 'active', start_date: BEFORE, end_date: AFTER }, NOW), [AFTER]);
    assert.deepEqual(statusChanges({ requested_status: 'active', start_date: AFTER, end_date: null }, NOW), [AFTER]);
    assert.deepEqual(statusChanges({ requested_status: 'active', start_date: null, end_date: null }, NOW), []);
  });
});
