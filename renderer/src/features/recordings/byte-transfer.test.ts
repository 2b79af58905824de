import '../../testing/jsdom-shims';
import { describe, expect, it } from 'vitest';
import { createTestHost } from '../../testing/test-host';
import { receiveBytes } from './byte-transfer';

describe('receiveBytes', () => {
  it('puts the chunks together, whether they come before or after the answer', async () => {
    const host = createTestHost({});
    const received = receiveBytes(host, async (transferId) => {
      host.emit('recordings.bytes', { transferId, offset: 0, total: 5, data: Uint8Array.of(1, 2) });
      // Another transfer's bytes are not ours.
      host.emit('recordings.bytes', {
        transferId: 'x',
        offset: 2,
        total: 5,
        data: Uint8Array.of(9),
      });
      setTimeout(() =>
        host.emit('recordings.bytes', {
          transferId,
          offset: 2,
          total: 5,
          data: Uint8Array.of(3, 4, 5),
        }),
      );
      return { bytes: 5, name: 'run.tfrec' };
    });
    const { result, bytes } = await received;
    expect(result.name).toBe('run.tfrec');
    expect([...bytes]).toEqual([1, 2, 3, 4, 5]);
  });

  it('fails with the count when the rest never comes', async () => {
    const host = createTestHost({});
    await expect(
      receiveBytes(
        host,
        async (transferId) => {
          host.emit('recordings.bytes', {
            transferId,
            offset: 0,
            total: 4,
            data: Uint8Array.of(1),
          });
          return { bytes: 4 };
        },
        20,
      ),
    ).rejects.toThrow('Only 1 of 4 bytes arrived');
  });
});
