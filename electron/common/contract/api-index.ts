// The PyChrono API index: every public name of the pychrono modules, per class its bases and
// members (inherited ones included), optionally with signatures. TwinForge bundles one for
// 9.0.1 (resources/pychrono-api/) and the probe writes one for the pychrono it finds; both
// have this shape (documented in resources/pychrono-api/README.md). The editor's
// completions and the lint read it.
import { z } from 'zod';

const signatures = z.array(z.string());

export const apiClassSchema = z.object({
  kind: z.literal('class'),
  /** Direct base classes, by name; each is a class of the same module or of another one. */
  bases: z.array(z.string()),
  /** Public members, inherited ones included (methods, properties, nested constants). */
  members: z.array(z.string()),
  /** Per member (and `__init__` for the constructor), one string per overload. */
  signatures: z.record(signatures).optional(),
});

const KINDS = ['class', 'function', 'constant', 'module'];

const constantSchema = z.object({
  kind: z.literal('constant'),
  value: z.union([z.number(), z.string(), z.boolean(), z.null()]).optional(),
  /** The class of the value when it is an instance (VNULL is a ChVector3d). */
  type: z.string().optional(),
});

const namedEntrySchema = z.discriminatedUnion('kind', [
  apiClassSchema,
  z.object({ kind: z.literal('function'), signatures: signatures.optional() }),
  constantSchema,
  z.object({ kind: z.literal('module') }),
]);

/**
 * The shared listing and the probe's introspection name an instance by its type
 * (`{"kind": "ChVector3d"}`, `{"kind": "unknown"}`): read as a constant of that type.
 */
const instanceEntrySchema = z
  .object({ kind: z.string().refine((k) => !KINDS.includes(k), 'a known kind with wrong fields') })
  .transform((e): z.infer<typeof constantSchema> =>
    e.kind === 'unknown' ? { kind: 'constant' } : { kind: 'constant', type: e.kind },
  );

export const apiEntrySchema = z.union([namedEntrySchema, instanceEntrySchema]);

export const apiIndexSchema = z.object({
  format: z.literal(1),
  pychrono_version: z.string().nullable(),
  source: z.enum(['bundled', 'installed']),
  note: z.string().optional(),
  /** Keyed by the full module name (`pychrono.core`), then by the public name. */
  modules: z.record(z.record(apiEntrySchema)),
});

export type ApiClass = z.infer<typeof apiClassSchema>;
export type ApiEntry = z.infer<typeof apiEntrySchema>;
export type ApiIndex = z.infer<typeof apiIndexSchema>;

export const apiIndexMethods = {
  /** The index the editor should use: the installed pychrono's, else the bundled one. */
  'api.index': z.object({}),
};

export interface ApiIndexResults {
  'api.index': ApiIndex;
}
