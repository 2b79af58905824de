// The serve mode's WebSocket wire: how contract calls, results and events travel between
// the browser and the host. JSON text messages for everything except binary payloads
// (runtime frames), which go as binary messages so they are never base64-encoded.
// Pure functions only: shared by the host's server and the renderer's client.
import type { EventName, HostEvents } from './contract';

export interface InvokeMessage {
  t: 'invoke';
  id: number;
  method: string;
  params: unknown;
}
export interface ResultMessage {
  t: 'result';
  id: number;
  result: unknown;
}
export interface ErrorReply {
  t: 'error';
  id: number;
  message: string;
}
export interface EventMessage {
  t: 'event';
  name: string;
  payload: unknown;
}
export type ServerTextMessage = ResultMessage | ErrorReply | EventMessage;

/** Events whose payload carries its bytes in a `data` field, sent as binary messages. */
export type BinaryEventName = {
  [E in EventName]: HostEvents[E] extends { data: Uint8Array } ? E : never;
}[EventName];

/** Byte alignment of the payload inside a binary message, so Float64/Uint32 views fit. */
const PAYLOAD_ALIGN = 8;

export function hasBinaryData(payload: unknown): payload is { data: Uint8Array } {
  return (
    typeof payload === 'object' &&
    payload !== null &&
    (payload as { data?: unknown }).data instanceof Uint8Array
  );
}

/**
 * Layout: u32 little-endian header length, the UTF-8 JSON header `{name, payload}` (the
 * payload without its data), zero padding to an 8-byte boundary, then the data bytes.
 */
export function encodeBinaryEvent(name: string, payload: { data: Uint8Array }): Uint8Array {
  const { data, ...rest } = payload;
  const header = new TextEncoder().encode(JSON.stringify({ name, payload: rest }));
  const dataOffset = alignUp(4 + header.byteLength);
  const out = new Uint8Array(dataOffset + data.byteLength);
  new DataView(out.buffer).setUint32(0, header.byteLength, true);
  out.set(header, 4);
  out.set(data, dataOffset);
  return out;
}

/** Reads a binary event; `data` views the given buffer without copying. */
export function decodeBinaryEvent(buffer: ArrayBuffer): { name: string; payload: unknown } {
  if (buffer.byteLength < 4) throw new Error('Malformed binary event: too short');
  const headerLength = new DataView(buffer).getUint32(0, true);
  const dataOffset = alignUp(4 + headerLength);
  if (dataOffset > buffer.byteLength) throw new Error('Malformed binary event: header too long');
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, headerLength))) as {
    name?: unknown;
    payload?: unknown;
  };
  if (typeof header.name !== 'string' || typeof header.payload !== 'object' || !header.payload) {
    throw new Error('Malformed binary event: bad header');
  }
  const data = new Uint8Array(buffer, dataOffset);
  return { name: header.name, payload: { ...header.payload, data } };
}

/** Parses a client message; returns a reason string when it is not a valid invoke. */
export function parseInvokeMessage(text: string): InvokeMessage | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'message is not JSON';
  }
  if (typeof value !== 'object' || value === null) return 'message is not an object';
  const m = value as Partial<InvokeMessage>;
  if (m.t !== 'invoke') return `unknown message type ${JSON.stringify(m.t)}`;
  if (typeof m.id !== 'number' || !Number.isSafeInteger(m.id)) return 'invoke without a numeric id';
  if (typeof m.method !== 'string') return 'invoke without a method name';
  return { t: 'invoke', id: m.id, method: m.method, params: m.params ?? {} };
}

/** Parses a server text message; returns null for anything that is not one. */
export function parseServerMessage(text: string): ServerTextMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const m = value as Partial<ServerTextMessage>;
  if ((m.t === 'result' || m.t === 'error') && typeof m.id === 'number') {
    return m as ServerTextMessage;
  }
  if (m.t === 'event' && typeof (m as EventMessage).name === 'string') return m as EventMessage;
  return null;
}

function alignUp(n: number): number {
  return Math.ceil(n / PAYLOAD_ALIGN) * PAYLOAD_ALIGN;
}
