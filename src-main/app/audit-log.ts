import os from 'node:os';
import { AUDIT_MAX_ENTRIES, AuditEntrySchema, type AuditEntry, type AuditPage } from '../../shared/types/audit';
import { createLogger } from '../log/create-logger';
import { AUDIT_KEY } from '../queue/keys';
import type { RedisHandle } from '../redis/handle';

const log = createLogger('audit');

/** What a transport knows about one finished mutating call. */
export interface AuditCall {
  channel: string;
  request: unknown;
  /** The handler's response, when it succeeded. */
  response?: unknown;
  /** `code: message` when it failed. */
  error?: string;
  durationMs: number;
}

/** Filters for listing: all optional, matched exactly (action, who, queue) or as a substring (text). */
export interface AuditFilter {
  action?: string;
  who?: string;
  queue?: string;
  /** Only entries older than this stream id (paging). */
  before?: string;
  limit?: number;
}

/** The desktop app's actor: the OS user and host, as the audit log names them. */
export function desktopActor(): string {
  return `desktop:${safeUser()}@${os.hostname()}`;
}

/** The CLI's actor. */
export function cliActor(): string {
  return `cli:${safeUser()}@${os.hostname()}`;
}

function safeUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return `uid-${process.getuid?.() ?? '?'}`;
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function int(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

/**
 * Turns a finished call into a record: the target (queue, task id, how many ids, node), the
 * filter (every other scalar field of the request, payloads and passwords excluded) and the
 * count (a bulk operation's total, the ids given, or 1 for a single task).
 */
export function auditEntryOf(call: AuditCall, who: string, at: number): Omit<AuditEntry, 'id'> {
  const req = (typeof call.request === 'object' && call.request !== null ? call.request : {}) as Record<
    string,
    unknown
  >;
  const res = (typeof call.response === 'object' && call.response !== null ? call.response : {}) as Record<
    string,
    unknown
  >;
  const ids = Array.isArray(req.ids) ? req.ids.length : undefined;
  const target: AuditEntry['target'] = {};
  if (str(req.queue)) target.queue = str(req.queue);
  if (str(req.id)) target.id = str(req.id);
  else if (str(res.id)) target.id = str(res.id);
  if (ids !== undefined) target.ids = ids;
  const node = str(req.replicaId) ?? str(req.nodeId) ?? str(req.node);
  if (node) target.node = node;
  const filter: AuditEntry['filter'] = {};
  for (const [k, v] of Object.entries(req)) {
    if (['queue', 'id', 'ids', 'node', 'nodeId', 'replicaId', 'payload', 'password', 'template'].includes(k)) continue;
    if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) {
      filter[k] = typeof v === 'string' ? v.slice(0, 200) : v;
    }
  }
  const count = call.error
    ? undefined
    : (int(res.total) ?? int(res.removed) ?? int(res.cancelled) ?? ids ?? (target.id ? 1 : undefined));
  return {
    at,
    who,
    action: call.channel,
    target,
    filter,
    ...(count === undefined ? {} : { count }),
    outcome: call.error ? 'error' : 'ok',
    ...(call.error ? { error: call.error.slice(0, 500) } : {}),
    durationMs: Math.round(call.durationMs * 10) / 10,
  };
}

/**
 * The audit log: every operator's mutating action, in one Redis STREAM (`{slotline}:audit`),
 * so every console connected to the cluster sees the same log. The stream is capped at about
 * {@link AUDIT_MAX_ENTRIES} records (XADD MAXLEN ~). A typical 210-byte record takes about 256 bytes in Redis 7.0, so the full stream is about 2.5 MB (MEMORY USAGE on 10 000 records).
 * Recording never fails the action it records: a write error is logged and dropped.
 */
export class AuditLog {
  constructor(private readonly handle: () => RedisHandle | undefined) {}

  /** Appends one record. Resolves once written (or once the failure is logged). */
  async record(entry: Omit<AuditEntry, 'id'>): Promise<void> {
    const h = this.handle();
    if (!h) return;
    try {
      await h.call('XADD', AUDIT_KEY, 'MAXLEN', '~', AUDIT_MAX_ENTRIES, '*', 'e', JSON.stringify(entry));
    } catch (e) {
      log.warn(`could not record ${entry.action} by ${entry.who} in the audit log: ${(e as Error).message}`);
    }
  }

  /** Newest first, filtered, at most `limit` (default 100, at most 1000) per page. */
  async list(f: AuditFilter = {}): Promise<AuditPage> {
    const h = this.handle();
    if (!h) return { entries: [], nextBefore: null };
    const limit = Math.min(Math.max(f.limit ?? 100, 1), 1000);
    const entries: AuditEntry[] = [];
    let end = f.before ? `(${f.before}` : '+';
    // Filters are applied here, so read in chunks until the page is full or the stream ends.
    for (let scanned = 0; scanned < AUDIT_MAX_ENTRIES * 2 && entries.length < limit;) {
      const chunk = (await h.call('XREVRANGE', AUDIT_KEY, end, '-', 'COUNT', 500)) as Array<[string, string[]]>;
      if (chunk.length === 0) return { entries, nextBefore: null };
      for (const [id, fields] of chunk) {
        scanned++;
        end = `(${id}`;
        const e = parseEntry(id, fields);
        if (!e) continue;
        if (f.action && e.action !== f.action) continue;
        if (f.who && e.who !== f.who) continue;
        if (f.queue && e.target.queue !== f.queue) continue;
        entries.push(e);
        if (entries.length === limit) return { entries, nextBefore: id };
      }
      if (chunk.length < 500) return { entries, nextBefore: null };
    }
    return { entries, nextBefore: entries.at(-1)?.id ?? null };
  }
}

function parseEntry(id: string, fields: string[]): AuditEntry | undefined {
  const i = fields.indexOf('e');
  if (i < 0) return undefined;
  try {
    const parsed = AuditEntrySchema.safeParse({ ...JSON.parse(fields[i + 1]!), id });
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Channels whose calls are recorded: those that change Redis (not profiles, the connection or tests of it). */
export function isAudited(channel: string): boolean {
  return !channel.startsWith('connection:') && !channel.startsWith('app:');
}
