import { useState } from 'react';
import type { LimitStatus, RateLimit } from '../../../shared/types/schedule';
import { useAction } from '../../hooks/useAction';
import { useAppInfo } from '../../hooks/useAppInfo';
import { ConfirmDialog } from '../ConfirmDialog/ConfirmDialog';
import { formatRateLimit } from './limit-text';

type Change = { kind: 'rate'; limit: RateLimit | null } | { kind: 'concurrency'; concurrency: number | null };

/**
 * The selected queue's queue-wide rate limit and concurrency cap: set or removed, each behind a
 * confirmation (main checks the values and names a bad one). Disabled in read-only mode.
 */
export function LimitsEditor({
  queue,
  status,
  onChange,
}: {
  queue: string;
  status: LimitStatus | undefined;
  onChange: (status: LimitStatus) => void;
}) {
  const { readOnly } = useAppInfo();
  const save = useAction();
  const [max, setMax] = useState('');
  const [perMs, setPerMs] = useState('1000');
  const [cap, setCap] = useState('');
  const [change, setChange] = useState<Change | null>(null);
  const off = readOnly ? 'The console is read-only' : undefined;
  const rate = status?.rateLimit ?? null;
  const concurrency = status?.concurrency ?? null;

  const apply = async (c: Change) => {
    const r =
      c.kind === 'rate'
        ? await save.run('limits:set-rate', { queue, limit: c.limit })
        : await save.run('limits:set-concurrency', { queue, concurrency: c.concurrency });
    if (!r) return;
    onChange(r);
    setChange(null);
  };

  return (
    <div className="card" data-testid="limits-editor">
      <h4 style={{ marginTop: 0 }}>Limits of {queue}</h4>
      <div className="row">
        <span>
          Rate limit: <strong data-testid="limits-rate">{rate ? formatRateLimit(rate) : 'none'}</strong>
        </span>
        <label>
          Max starts{' '}
          <input
            type="number"
            min={1}
            value={max}
            onChange={(e) => setMax(e.target.value)}
            disabled={readOnly}
            data-testid="limit-max"
          />
        </label>
        <label>
          per (ms){' '}
          <input
            type="number"
            min={1}
            value={perMs}
            onChange={(e) => setPerMs(e.target.value)}
            disabled={readOnly}
            data-testid="limit-per"
          />
        </label>
        <button
          disabled={readOnly || max === '' || perMs === ''}
          title={off}
          onClick={() => setChange({ kind: 'rate', limit: { max: Number(max), perMs: Number(perMs) } })}
          data-testid="limit-set-rate"
        >
          Set rate limit
        </button>
        <button
          disabled={readOnly || rate === null}
          title={off}
          onClick={() => setChange({ kind: 'rate', limit: null })}
          data-testid="limit-remove-rate"
        >
          Remove rate limit
        </button>
      </div>
      <div className="row">
        <span>
          Concurrency cap: <strong data-testid="limits-concurrency">{concurrency ?? 'none'}</strong>
        </span>
        <label>
          At most{' '}
          <input
            type="number"
            min={1}
            value={cap}
            onChange={(e) => setCap(e.target.value)}
            disabled={readOnly}
            data-testid="concurrency-cap"
          />{' '}
          active
        </label>
        <button
          disabled={readOnly || cap === ''}
          title={off}
          onClick={() => setChange({ kind: 'concurrency', concurrency: Number(cap) })}
          data-testid="concurrency-set"
        >
          Set cap
        </button>
        <button
          disabled={readOnly || concurrency === null}
          title={off}
          onClick={() => setChange({ kind: 'concurrency', concurrency: null })}
          data-testid="concurrency-remove"
        >
          Remove cap
        </button>
      </div>
      {change && (
        <ConfirmDialog
          title={change.kind === 'rate' ? 'Change the rate limit?' : 'Change the concurrency cap?'}
          confirmLabel="Apply"
          danger={false}
          busy={save.busy}
          error={save.error && `${save.error.code}: ${save.error.message}`}
          onCancel={() => {
            save.clearError();
            setChange(null);
          }}
          onConfirm={() => void apply(change)}
        >
          {change.kind === 'rate' && change.limit && (
            <>
              Queue <strong>{queue}</strong> starts at most {change.limit.max} tasks per {change.limit.perMs} ms, across
              every worker and partition, within about a second.
            </>
          )}
          {change.kind === 'rate' && !change.limit && (
            <>
              Remove the rate limit of queue <strong>{queue}</strong>: its workers start tasks as fast as they can.
            </>
          )}
          {change.kind === 'concurrency' && change.concurrency !== null && (
            <>
              Queue <strong>{queue}</strong> runs at most {change.concurrency} tasks at once, across every worker and
              partition.
            </>
          )}
          {change.kind === 'concurrency' && change.concurrency === null && (
            <>
              Remove the concurrency cap of queue <strong>{queue}</strong>: each worker's own concurrency is the only
              bound.
            </>
          )}
        </ConfirmDialog>
      )}
    </div>
  );
}
