import { useState } from 'react';
import { useAction } from '../../hooks/useAction';

/** Enqueue a test task: a JSON editor validated as you type, plus delay, priority, per-attempt timeout and expiry. */
export function EnqueueForm({
  queue,
  readOnly,
  onDone,
}: {
  queue: string;
  readOnly: boolean;
  onDone: (id: string) => void;
}) {
  const [text, setText] = useState('{\n  "hello": "world"\n}');
  const [delayMs, setDelayMs] = useState('');
  const [priority, setPriority] = useState('');
  const [timeoutMs, setTimeoutMs] = useState('');
  const [expiresInMs, setExpiresInMs] = useState('');
  const { run, busy, error } = useAction();
  let parseError: string | null = null;
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (e) {
    parseError = (e as Error).message;
  }
  const submit = async () => {
    const result = await run('queue:enqueue', {
      queue,
      payload,
      ...(delayMs ? { delayMs: Number(delayMs) } : {}),
      ...(priority ? { priority: Number(priority) } : {}),
      ...(timeoutMs ? { timeoutMs: Number(timeoutMs) } : {}),
      ...(expiresInMs ? { expiresInMs: Number(expiresInMs) } : {}),
    });
    if (result) onDone(result.id);
  };
  return (
    <div className="card" data-testid="enqueue-form">
      <h4 style={{ marginTop: 0 }}>Enqueue a test task into {queue}</h4>
      <textarea
        rows={6}
        style={{ width: '100%', fontFamily: 'monospace' }}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-label="Payload JSON"
        data-testid="enqueue-payload"
      />
      {parseError && (
        <p className="error-text" data-testid="enqueue-json-error">
          Invalid JSON: {parseError}
        </p>
      )}
      <div className="row">
        <label>
          Delay (ms){' '}
          <input
            type="number"
            min={0}
            value={delayMs}
            onChange={(e) => setDelayMs(e.target.value)}
            data-testid="enqueue-delay"
          />
        </label>
        <label>
          Priority{' '}
          <input type="number" min={0} max={1000} value={priority} onChange={(e) => setPriority(e.target.value)} />
        </label>
        <label>
          Timeout (ms){' '}
          <input
            type="number"
            min={1}
            value={timeoutMs}
            onChange={(e) => setTimeoutMs(e.target.value)}
            data-testid="enqueue-timeout"
          />
        </label>
        <label>
          Expires in (ms){' '}
          <input
            type="number"
            min={1}
            value={expiresInMs}
            onChange={(e) => setExpiresInMs(e.target.value)}
            data-testid="enqueue-expires"
          />
        </label>
        <button
          className="primary"
          disabled={readOnly || busy || parseError !== null}
          onClick={submit}
          data-testid="enqueue-submit"
        >
          Enqueue
        </button>
      </div>
      {error && (
        <p className="error-text">
          {error.code}: {error.message}
        </p>
      )}
    </div>
  );
}
