import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { v5 } from 'uuid';
import { recordId } from '../../src/graph/ids.ts';

describe('record ids', () => {
  test('are the UUIDv5 of source, kind and sourced id, so ids stored by earlier imports stay valid', () => {
    const samples: Array<[string, 'people' | 'classes', string]> = [
      ['7d1e2c3a-0000-4000-8000-000000000001', 'people', 'u-1'],
      ['7d1e2c3a-0000-4000-8000-000000000001', 'classes', 'Ünïcødé ✓'],
      ['7d1e2c3a-0000-4000-8000-000000000002', 'people', ''],
    ];
    for (const [source, kind, sourced] of samples) {
      assert.equal(
        recordId(source, kind, sourced),
        v5(`${source}\u0000${kind}\u0000${sourced}`, '4c9d3f8e-2b1a-5e6f-9a0b-7c8d9e0f1a2b'),
      );
    }
    assert.notEqual(recordId(samples[0]![0], 'people', 'x'), recordId(samples[2]![0], 'people', 'x'), 'sources differ');
    assert.notEqual(recordId(samples[0]![0], 'people', 'x'), recordId(samples[0]![0], 'classes', 'x'), 'kinds differ');
  });
});
