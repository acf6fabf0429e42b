import { useState } from 'react';
import { useAction } from '../../hooks/useAction';
import { PayloadEditor, parsePayloadText, type PayloadState } from '../PayloadEditor/PayloadEditor';

/** Enqueue a test task: a JSON editor validated as you type (syntax, and the queue's payload schema if it has one), plus delay, priority, per-attempt timeout and expiry. */
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
  const [check, setCheck] = useState<PayloadState>(() => ({ ...parsePayloadText(text), schemaErrors: [] }));
  const { payload, parseError } = parsePayloadText(text);
  const sendable = parseError === null && check.schemaErrors.length === 0;
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
      <PayloadEditor
        queue={queue}
        text={text}
        onText={setText}
        onState={setCheck}
        label="Payload JSON"
        testId="enqueue-payload"
      />
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
          disabled={readOnly || busy || !sendable}
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
