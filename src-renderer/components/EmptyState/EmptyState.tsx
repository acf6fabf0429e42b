import type { ReactNode } from 'react';

/** Says what is missing and what to do about it. */
export function EmptyState({
  title,
  children,
  testId = 'empty-state',
}: {
  title: string;
  children?: ReactNode;
  testId?: string;
}) {
  return (
    <div className="card empty-state" data-testid={testId} style={{ textAlign: 'center', padding: 32 }}>
      <h3 style={{ marginTop: 0 }}>{title}</h3>
      <div className="muted">{children}</div>
    </div>
  );
}
