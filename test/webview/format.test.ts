// Number formatting of the panel: counts, byte sizes, plurals.

import * as assert from 'assert';
import { formatBytes, formatCount, plural } from '../../src/webview/model/format';

describe('webview format', () => {
  it('groups thousands with commas', () => {
    assert.strictEqual(formatCount(0), '0');
    assert.strictEqual(formatCount(999), '999');
    assert.strictEqual(formatCount(1000), '1,000');
    assert.strictEqual(formatCount(12_345), '12,345');
    assert.strictEqual(formatCount(999_976), '999,976');
    assert.strictEqual(formatCount(1_000_000), '1,000,000');
    assert.strictEqual(formatCount(-1234), '-1,234');
  });

  it('writes sizes exactly under 1 KiB, then in binary units', () => {
    assert.strictEqual(formatBytes(56), '56 B');
    assert.strictEqual(formatBytes(1000), '1,000 B');
    assert.strictEqual(formatBytes(1023), '1,023 B');
    assert.strictEqual(formatBytes(1024), '1 KiB');
    assert.strictEqual(formatBytes(1536), '1.5 KiB');
    assert.strictEqual(formatBytes(727_040), '710 KiB');
    assert.strictEqual(formatBytes(1024 * 1024), '1 MiB');
    assert.strictEqual(formatBytes(5.25 * 1024 * 1024), '5.3 MiB');
    assert.strictEqual(formatBytes(3 * 1024 ** 3), '3 GiB');
  });

  it('never writes 1,024 of a unit', () => {
    assert.strictEqual(formatBytes(1024 * 1024 - 1), '1 MiB');
    assert.strictEqual(formatBytes(10 * 1024 - 1), '10 KiB');
  });

  it('pluralises', () => {
    assert.strictEqual(plural(1, 'object'), '1 object');
    assert.strictEqual(plural(2, 'object'), '2 objects');
    assert.strictEqual(plural(12_345, 'block'), '12,345 blocks');
    assert.strictEqual(plural(0, 'arena'), '0 arenas');
  });
});
