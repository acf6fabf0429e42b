const REASONS = {
  'no-token': 'This page was opened without its access token.',
  unauthorized: 'The access token was refused: it is wrong, or `slotline serve` was restarted with a new one.',
  unreachable: 'Could not reach `slotline serve` to check the session.',
} as const;

/** Shown instead of the console when the web session cannot be established. */
export function AuthErrorPage({ reason }: { reason: keyof typeof REASONS }) {
  return (
    <main className="page" data-testid="auth-error" data-reason={reason} data-state="ready">
      <div className="card" style={{ maxWidth: 560, margin: '10vh auto' }}>
        <h2>Cannot open the Slotline console</h2>
        <p>{REASONS[reason]}</p>
        <p className="muted">
          Open the exact URL that <code>slotline serve</code> printed (it ends in <code>#token=…</code>). The token is
          kept for this tab only.
        </p>
      </div>
    </main>
  );
}
