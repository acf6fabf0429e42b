import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { TopologyEventSchema, type TopologyEvent } from '../../shared/types/topology';
import { createLogger } from '../log/create-logger';
import { formatRanges } from './slot-ranges';

const log = createLogger('topology-history');

/** Where and how much topology history to keep. */
export interface TopologyHistoryOptions {
  /** Folder for the JSONL file; created if missing. */
  dir: string;
  /** Events kept in memory and on disk. Default 10000. */
  limit?: number;
  /** File name inside `dir`. Default `topology-events.jsonl`. */
  fileName?: string;
}

const CSV_HEADER = ['id', 'at', 'type', 'node', 'old', 'new', 'slots', 'durationMs'];

function csvCell(v: string | number | undefined): string {
  if (v === undefined) return '';
  let s = String(v);
  // A spreadsheet would run a cell that starts like a formula.
  if (/^[=+@]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV row: `node` is the node an event is about; `old`/`new` what changed hands or state. */
function csvRow(e: TopologyEvent): string[] {
  const at = new Date(e.at).toISOString();
  const row = (node?: string, oldV?: string, newV?: string, slots?: string, durationMs?: number) =>
    [e.id, at, e.type, node, oldV, newV, slots, durationMs].map((v) => csvCell(v));
  switch (e.type) {
    case 'replica-promoted':
      return row(e.newMasterAddress, e.oldMasterAddress, e.newMasterAddress, formatRanges(e.slots), e.durationMs);
    case 'slots-moved':
      return row(undefined, e.fromAddress, e.toAddress, formatRanges(e.slots));
    case 'node-rejoined-as-replica':
      return row(e.address, undefined, e.masterAddress);
    case 'cluster-state-changed':
      return row(undefined, e.from, e.to);
    case 'views-disagreed':
      // Every node that held a view; the JSON export has what each said.
      return row(e.nodes.join(' '), undefined, undefined, formatRanges(e.slots), e.durationMs);
    case 'queue-rebalanced':
      // No node: the queue; old and new are generation and partition count.
      return row(
        `queue ${e.queue}`,
        `generation ${e.previousGeneration}, ${e.partitionsBefore} partitions`,
        `generation ${e.generation}, ${e.partitionsAfter} partitions`,
      );
    default:
      return row(e.address);
  }
}

/** How long a writer waits for the lock before it writes without it (and says so). */
const LOCK_WAIT_MS = 2000;
/** A lock older than this is left over from a process that died while holding it. */
const STALE_LOCK_MS = 10_000;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `fn` holding `<file>.lock` (created with O_EXCL, holding our PID). `serve` and `exporter`
 * on one data folder share one history file; without the lock one's compaction (read, rewrite,
 * rename) could drop lines the other appended in between. A lock whose owner is dead, or that
 * is older than STALE_LOCK_MS, is taken over.
 */
async function withFileLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const lock = `${file}.lock`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const fd = await fs.promises.open(lock, 'wx');
      await fd.writeFile(String(process.pid));
      await fd.close();
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    try {
      const [text, stat] = await Promise.all([fs.promises.readFile(lock, 'utf8'), fs.promises.stat(lock)]);
      const owner = Number(text);
      if ((Number.isInteger(owner) && owner > 0 && !pidAlive(owner)) || Date.now() - stat.mtimeMs > STALE_LOCK_MS) {
        await fs.promises.rm(lock, { force: true });
        continue;
      }
    } catch {
      continue; // released (or being written) meanwhile: try again
    }
    if (Date.now() > deadline) {
      log.warn(`${lock} is still held after ${LOCK_WAIT_MS} ms: writing without it`);
      return fn();
    }
    await delay(5 + Math.random() * 15);
  }
  try {
    return await fn();
  } finally {
    await fs.promises.rm(lock, { force: true });
  }
}

/**
 * The failover timeline: the last `limit` topology events, in memory and in a JSONL file that
 * gets one line per event, so the history survives a restart of the console. Several processes
 * (serve and exporter with one data folder) may share the file: every write takes its lock, and
 * once the file holds twice `limit` lines it is rewritten to the file's own last `limit` lines,
 * whoever wrote them (this process only knows its own events since it opened the file).
 */
export class TopologyHistory {
  private events: TopologyEvent[] = [];
  private linesOnDisk = 0;
  private writes: Promise<void> = Promise.resolve();
  /** Lines of the file that were not valid events when it was loaded. */
  skippedLines = 0;

  private constructor(
    readonly file: string,
    readonly limit: number,
  ) {}

  /** Opens (and loads) the history in `dir`. Corrupt lines are skipped and counted, not fatal. */
  static async open(options: TopologyHistoryOptions): Promise<TopologyHistory> {
    const limit = options.limit ?? 10000;
    await fs.promises.mkdir(options.dir, { recursive: true });
    const h = new TopologyHistory(path.join(options.dir, options.fileName ?? 'topology-events.jsonl'), limit);
    let text = '';
    try {
      text = await fs.promises.readFile(h.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      h.linesOnDisk++;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        h.skippedLines++;
        continue;
      }
      const r = TopologyEventSchema.safeParse(parsed);
      if (r.success) h.events.push(r.data);
      else h.skippedLines++;
    }
    if (h.events.length > limit) h.events = h.events.slice(-limit);
    if (h.skippedLines > 0) log.warn(`${h.file}: skipped ${h.skippedLines} corrupt line(s)`);
    return h;
  }

  /** Adds an event and appends it to the file. Writes happen in order; await flush() to be sure. */
  append(event: TopologyEvent): Promise<void> {
    this.events.push(event);
    if (this.events.length > this.limit) this.events.splice(0, this.events.length - this.limit);
    this.linesOnDisk++;
    // Another process's lines count too, so this is a lower bound: check the file when it says so.
    const maybeCompact = this.linesOnDisk >= 2 * this.limit;
    const line = JSON.stringify(event) + '\n';
    this.writes = this.writes
      .then(() =>
        withFileLock(this.file, async () => {
          await fs.promises.appendFile(this.file, line);
          if (maybeCompact) this.linesOnDisk = await this.compact();
        }),
      )
      .catch((e: unknown) => log.error(`cannot write ${this.file}: ${e instanceof Error ? e.message : String(e)}`));
    return this.writes;
  }

  /** Resolves once every append so far is on disk. */
  flush(): Promise<void> {
    return this.writes;
  }

  /** The newest `limit` events (default all kept), oldest first. */
  list(limit?: number): TopologyEvent[] {
    return limit === undefined ? [...this.events] : this.events.slice(-limit);
  }

  /** Every kept event as a pretty JSON array. */
  exportJson(): string {
    return JSON.stringify(this.events, null, 2) + '\n';
  }

  /** Every kept event as CSV: id, at (ISO), type, node, old, new, slots (`a-b;c-d`), durationMs. */
  exportCsv(): string {
    return [CSV_HEADER.join(','), ...this.events.map((e) => csvRow(e).join(','))].join('\r\n') + '\r\n';
  }

  /**
   * Under the lock: when the file holds 2 × limit lines or more, replaces it atomically (write,
   * then rename) with its last `limit` lines. Returns how many lines it holds now.
   */
  private async compact(): Promise<number> {
    const lines = (await fs.promises.readFile(this.file, 'utf8')).split('\n').filter((l) => l.trim() !== '');
    if (lines.length < 2 * this.limit) return lines.length;
    const kept = lines.slice(-this.limit);
    const tmp = `${this.file}.${process.pid}.tmp`;
    await fs.promises.writeFile(tmp, kept.map((l) => l + '\n').join(''));
    await fs.promises.rename(tmp, this.file);
    return kept.length;
  }
}
