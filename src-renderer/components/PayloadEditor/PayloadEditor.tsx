import { useEffect, useState } from 'react';
import { useApi } from '../../api/ApiContext';

/** What the editor knows of its text: the parsed payload, or why it cannot be sent. */
export interface PayloadState {
  payload: unknown;
  /** JSON syntax error, or null. */
  parseError: string | null;
  /** The queue schema's complaints (from main, ajv), empty when it passes or there is no schema. */
  schemaErrors: string[];
}

/** Parses the text; a pure helper so the form and the drawer agree on what is sendable. */
export function parsePayloadText(text: string): { payload: unknown; parseError: string | null } {
  try {
    return { payload: JSON.parse(text), parseError: null };
  } catch (e) {
    return { payload: undefined, parseError: (e as Error).message };
  }
}

/**
 * A JSON editor for a payload: syntax checked as you type, and, 300 ms after typing stops, the
 * queue's payload schema (if it has one) checked by main. `onState` reports whether it is
 * sendable.
 */
export function PayloadEditor({
  queue,
  text,
  onText,
  onState,
  label,
  testId,
}: {
  queue: string;
  text: string;
  onText: (text: string) => void;
  onState: (s: PayloadState) => void;
  label: string;
  testId: string;
}) {
  const bridge = useApi();
  const { payload, parseError } = parsePayloadText(text);
  const [schemaErrors, setSchemaErrors] = useState<string[]>([]);

  useEffect(() => {
    if (parseError) {
      setSchemaErrors([]);
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      void bridge.invoke('payload:check', { queue, payload }).then((r) => {
        if (live) setSchemaErrors(r.ok ? r.data.errors : []);
      });
    }, 300);
    return () => {
      live = false;
      clearTimeout(t);
    };
    // The text is what changes; the payload is derived from it.
  }, [bridge, queue, text, parseError]);

  useEffect(() => {
    onState({ payload, parseError, schemaErrors });
  }, [text, parseError, schemaErrors]);

  return (
    <>
      <textarea
        rows={6}
        style={{ width: '100%', fontFamily: 'monospace' }}
        value={text}
        onChange={(e) => onText(e.target.value)}
        aria-label={label}
        aria-invalid={parseError !== null || schemaErrors.length > 0}
        data-testid={testId}
        spellCheck={false}
      />
      {parseError && (
        <p className="error-text" data-testid={`${testId}-json-error`}>
          Invalid JSON: {parseError}
        </p>
      )}
      {schemaErrors.length > 0 && (
        <ul className="error-text" data-testid={`${testId}-schema-errors`}>
          {schemaErrors.map((e) => (
            <li key={e}>Does not match the queue’s schema: {e}</li>
          ))}
        </ul>
      )}
    </>
  );
}
