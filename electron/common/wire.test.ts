import { describe, expect, it } from 'vitest';
import {
  decodeBinaryEvent,
  encodeBinaryEvent,
  hasBinaryData,
  parseInvokeMessage,
  parseServerMessage,
} from './wire';

describe('the serve wire', () => {
  it('carries a binary event intact, its data 8-byte aligned and viewed without a copy', () => {
    const data = new Uint8Array([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    const bytes = encodeBinaryEvent('runtime.frame', { runId: 'run-ä', data } as {
      data: Uint8Array;
    });
    const decoded = decodeBinaryEvent(bytes.slice().buffer) as {
      name: string;
      payload: { runId: string; data: Uint8Array };
    };
    expect(decoded.name).toBe('runtime.frame');
    expect(decoded.payload.runId).toBe('run-ä');
    expect([...decoded.payload.data]).toEqual([...data]);
    expect(decoded.payload.data.byteOffset % 8).toBe(0);
  });

  it('rejects malformed binary messages with a reason', () => {
    expect(() => decodeBinaryEvent(new ArrayBuffer(2))).toThrow(/too short/);
    const lying = new Uint8Array(8);
    new DataView(lying.buffer).setUint32(0, 1000, true);
    expect(() => decodeBinaryEvent(lying.buffer)).toThrow(/header too long/);
  });

  it('tells binary payloads from JSON ones', () => {
    expect(hasBinaryData({ data: new Uint8Array(1) })).toBe(true);
    expect(hasBinaryData({ data: [1] })).toBe(false);
    expect(hasBinaryData(null)).toBe(false);
  });

  it('accepts only well-formed invokes', () => {
    expect(parseInvokeMessage('{"t":"invoke","id":3,"method":"settings.get"}')).toEqual({
      t: 'invoke',
      id: 3,
      method: 'settings.get',
      params: {},
    });
    expect(parseInvokeMessage('nope')).toBe('message is not JSON');
    expect(parseInvokeMessage('{"t":"result","id":1}')).toMatch(/unknown message type/);
    expect(parseInvokeMessage('{"t":"invoke","id":"1","method":"x"}')).toBe(
      'invoke without a numeric id',
    );
    expect(parseInvokeMessage('{"t":"invoke","id":1}')).toBe('invoke without a method name');
  });

  it('reads server messages and ignores anything else', () => {
    expect(parseServerMessage('{"t":"result","id":1,"result":2}')).toEqual({
      t: 'result',
      id: 1,
      result: 2,
    });
    expect(parseServerMessage('{"t":"event","name":"x","payload":{}}')).toMatchObject({
      t: 'event',
    });
    expect(parseServerMessage('{"t":"other"}')).toBeNull();
    expect(parseServerMessage('[')).toBeNull();
  });
});
