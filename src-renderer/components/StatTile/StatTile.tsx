import type { ReactNode } from 'react';
import './StatTile.css';

/** One labelled number on the overview. `tone` colours the value; a long text hint is cut to two lines, whole in its tooltip. */
export function StatTile({
  label,
  value,
  hint,
  tone,
  testId,
}: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  tone?: 'ok' | 'warn' | 'danger';
  testId: string;
}) {
  return (
    <div className="stat-tile card" data-testid={testId}>
      <div className="stat-label muted">{label}</div>
      <div className={`stat-value ${tone ? `tone-${tone}` : ''}`} data-testid={`${testId}-value`}>
        {value}
      </div>
      {hint && (
        <div
          className="stat-hint muted"
          title={typeof hint === 'string' ? hint : undefined}
          data-testid={`${testId}-hint`}
        >
          {hint}
        </div>
      )}
    </div>
  );
}
