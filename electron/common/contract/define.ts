// The generic shape of the host contract: every service section declares its request
// schemas (validated on the host side, whatever the transport) and its result and event
// types. Pure types and functions only: this folder is shared by every process.
import type { z } from 'zod';

export type SchemaMap = Record<string, z.ZodTypeAny>;

/** Maps each method name to its params (as sent, and as the host sees them once
 *  validated, defaults filled in) and its result type. */
export type MethodTable<S extends SchemaMap, R extends { [K in keyof S]: unknown }> = {
  [K in keyof S]: { params: z.input<S[K]>; parsed: z.output<S[K]>; result: R[K] };
};
