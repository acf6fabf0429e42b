import type { EnqueueTally, Reconciliation } from './drill-types';
import type { LedgerEntry } from './ledger';

/** A task's state in Redis at the end of the drain; `missing` when no partition holds it. */
export type FinalState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed' | 'cancelled' | 'missing';

const SAMPLE = 20;
const NOT_DONE = new Set<FinalState>(['waiting', 'delayed', 'active']);

/**
 * The ids whose state in Redis the reconciliation needs: every errored or unconfirmed enqueue,
 * and every acknowledged task without a completion. Tasks with a completion are known to have
 * been done; if their completion were lost in a failover they would show up again as not done in
 * the final counts, which the caller lists separately.
 */
export function idsToLookUp(entries: Iterable<LedgerEntry>): string[] {
  const out: string[] = [];
  for (const e of entries) {
    if (e.outcome === 'errored' || e.outcome === 'unconfirmed' || e.outcome === 'pending') out.push(e.id);
    else if (e.outcome === 'acked' && e.completions === 0) out.push(e.id);
  }
  return out;
}

function tally(): EnqueueTally {
  return { attempted: 0, acked: 0, unconfirmed: 0, errored: 0 };
}

function push(sample: string[], id: string): void {
  if (sample.length < SAMPLE) sample.push(id);
}

/**
 * Classifies every ledger entry against the final state in Redis.
 * @param entries the ledger
 * @param states looked-up states (see idsToLookUp); an id absent here was not checked
 * @param residual tasks Redis still lists as waiting/delayed/active, by id (authoritative for stuck)
 */
export function reconcile(
  entries: Iterable<LedgerEntry>,
  states: ReadonlyMap<string, FinalState>,
  residual: ReadonlyMap<string, FinalState> = new Map(),
): Reconciliation {
  const r: Reconciliation = {
    enqueued: { durable: tally(), plain: tally() },
    lost: { durable: 0, plain: 0, sample: [] },
    duplicates: { tasks: 0, extraRuns: 0, sample: [] },
    noack: { errored: 0, checked: 0, present: 0, sample: [] },
    unconfirmed: { total: 0, present: 0, missing: 0, processed: 0, sample: [] },
    stuck: { total: 0, byState: {}, sample: [] },
    ackedNotCompleted: 0,
    failed: 0,
    forgotten: 0,
    unchecked: 0,
    retriedEnqueues: 0,
  };
  const stuck = new Map<string, FinalState>(residual);

  for (const e of entries) {
    const t = r.enqueued[e.kind];
    t.attempted++;
    const state = residual.get(e.id) ?? states.get(e.id);
    if (state !== undefined && NOT_DONE.has(state)) stuck.set(e.id, state);
    if (e.runs > 1) {
      r.duplicates.tasks++;
      r.duplicates.extraRuns += e.runs - 1;
      push(r.duplicates.sample, e.id);
    }
    switch (e.outcome) {
      case 'acked': {
        t.acked++;
        if (e.created === false) r.retriedEnqueues++;
        if (e.completions > 0 && !(state !== undefined && NOT_DONE.has(state))) break;
        if (state === undefined) {
          r.unchecked++;
          r.ackedNotCompleted++;
        } else if (state === 'missing') {
          if (e.runs === 0) {
            r.lost[e.kind]++;
            push(r.lost.sample, e.id);
            r.ackedNotCompleted++;
          } else r.forgotten++;
        } else if (state === 'failed') {
          r.failed++;
          r.ackedNotCompleted++;
        } else if (state !== 'completed') r.ackedNotCompleted++;
        break;
      }
      case 'unconfirmed':
        t.unconfirmed++;
        r.unconfirmed.total++;
        push(r.unconfirmed.sample, e.id);
        if (e.runs > 0) r.unconfirmed.processed++;
        if (state === 'missing') r.unconfirmed.missing++;
        else if (state !== undefined || e.runs > 0) r.unconfirmed.present++;
        else r.unchecked++;
        break;
      case 'errored':
      case 'pending':
        t.errored++;
        r.noack.errored++;
        if (state === undefined) {
          r.unchecked++;
        } else {
          r.noack.checked++;
          if (state !== 'missing' || e.runs > 0) {
            r.noack.present++;
            push(r.noack.sample, e.id);
          }
        }
        break;
    }
  }
  for (const [id, state] of stuck) {
    r.stuck.total++;
    r.stuck.byState[state] = (r.stuck.byState[state] ?? 0) + 1;
    push(r.stuck.sample, id);
  }
  return r;
}
