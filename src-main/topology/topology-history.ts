import fs from 'node:fs';
import path from 'node:path';
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
    default:
      return row(e.address);
  }
}

/**
 * The failover timeline: the last `limit` topology events, in memory and in a JSONL file that
 * gets one line per event, so the history survives a restart of the console. The file is
 * rewritten to the last `limit` lines once it holds twice that many.
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
    const compact = this.linesOnDisk >= 2 * this.limit;
    if (compact) this.linesOnDisk = this.events.length;
    const snapshot = compact ? [...this.events] : undefined;
    this.writes = this.writes
      .then(() => (snapshot ? this.rewrite(snapshot) : fs.promises.appendFile(this.file, JSON.stringify(event) + '\n')))
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

  /** Replaces the file atomically (write then rename), so a crash leaves the old or the new one. */
  private async rewrite(events: TopologyEvent[]): Promise<void> {
    const tmp = `${this.file}.${process.pid}.tmp`;
    await fs.promises.writeFile(tmp, events.map((e) => JSON.stringify(e) + '\n').join(''));
    await fs.promises.rename(tmp, this.file);
  }
}
