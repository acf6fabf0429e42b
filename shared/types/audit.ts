import { z } from 'zod';

/** How many records the audit stream keeps (XADD MAXLEN ~): older ones are trimmed. */
export const AUDIT_MAX_ENTRIES = 10_000;

/** One mutating action, as every console sees it. Times are ms since the epoch (the recorder's clock). */
export const AuditEntrySchema = z.object({
  /** The stream id: stable, sortable, unique. */
  id: z.string(),
  at: z.number(),
  /** Who did it: `desktop:<os user>@<host>`, `serve:<session>` or `cli:<os user>@<host>`. */
  who: z.string(),
  /** The action: the IPC channel (`queue:purge`) or CLI command (`cli:purge`). */
  action: z.string(),
  /** What it acted on. */
  target: z.object({
    queue: z.string().optional(),
    id: z.string().optional(),
    /** For actions on a list of ids: how many (the ids are not stored). */
    ids: z.number().int().optional(),
    node: z.string().optional(),
  }),
  /** The filter of a bulk action: a state, an age bound, … */
  filter: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** How many tasks it affected (for a bulk operation: how many it set out to handle). */
  count: z.number().int().optional(),
  outcome: z.enum(['ok', 'error']),
  /** The error's code and message when it failed. */
  error: z.string().optional(),
  durationMs: z.number(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditPageSchema = z.object({
  entries: z.array(AuditEntrySchema),
  /** Pass as `before` for the next (older) page; null at the end. */
  nextBefore: z.string().nullable(),
});
export type AuditPage = z.infer<typeof AuditPageSchema>;
