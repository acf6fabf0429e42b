import { useEffect, useState } from 'react';
import { useAction } from '../../hooks/useAction';
import { useAppInfo } from '../../hooks/useAppInfo';
import { ConfirmDialog } from '../ConfirmDialog/ConfirmDialog';
import { parsePayloadText } from '../PayloadEditor/PayloadEditor';

/**
 * The queue's optional payload JSON Schema: shown, edited as JSON and saved (checked by ajv in
 * main) or removed, each behind a confirmation. The console's enqueue form and edit-and-retry
 * check payloads against it; applications are not bound by it.
 */
export function SchemaEditor({ queue }: { queue: string }) {
  const { readOnly } = useAppInfo();
  const load = useAction();
  const save = useAction();
  const [stored, setStored] = useState<unknown>(undefined);
  const [text, setText] = useState('');
  const [confirm, setConfirm] = useState<'save' | 'remove' | null>(null);

  useEffect(() => {
    let live = true;
    void load.run('payload:schema', { queue }).then((r) => {
      if (!live || !r) return;
      setStored(r.schema);
      setText(r.schema === null ? '' : JSON.stringify(r.schema, null, 2));
    });
    return () => {
      live = false;
    };
    // `load.run` is stable; reload when the queue changes.
  }, [queue]);

  const { payload: schema, parseError } = parsePayloadText(text);
  const off = readOnly ? 'The console is read-only' : undefined;
  return (
    <details className="card" data-testid="schema-editor">
      <summary>
        Payload schema:{' '}
        <span data-testid="schema-state">{stored === null ? 'none' : stored === undefined ? '…' : 'set'}</span>
      </summary>
      <textarea
        rows={8}
        style={{ width: '100%', fontFamily: 'monospace' }}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder='{"type": "object", "required": ["to"], "properties": {"to": {"type": "string"}}}'
        aria-label={`Payload JSON Schema of queue ${queue}`}
        data-testid="schema-text"
        spellCheck={false}
        disabled={readOnly}
      />
      {text.trim() !== '' && parseError && <p className="error-text">Invalid JSON: {parseError}</p>}
      <div className="row">
        <button
          className="primary"
          disabled={readOnly || text.trim() === '' || parseError !== null}
          title={off}
          onClick={() => setConfirm('save')}
          data-testid="schema-save"
        >
          Save schema
        </button>
        <button
          disabled={readOnly || stored === null}
          title={off}
          onClick={() => setConfirm('remove')}
          data-testid="schema-remove"
        >
          Remove schema
        </button>
      </div>
      {load.error && <p className="error-text">{`${load.error.code}: ${load.error.message}`}</p>}
      {confirm && (
        <ConfirmDialog
          title={confirm === 'save' ? 'Save payload schema?' : 'Remove payload schema?'}
          confirmLabel={confirm === 'save' ? 'Save schema' : 'Remove schema'}
          busy={save.busy}
          error={save.error && `${save.error.code}: ${save.error.message}`}
          onCancel={() => setConfirm(null)}
          onConfirm={async () => {
            const r = await save.run('payload:set-schema', { queue, schema: confirm === 'save' ? schema : null });
            if (!r) return;
            setStored(r.schema);
            if (r.schema === null) setText('');
            setConfirm(null);
          }}
        >
          {confirm === 'save' ? (
            <>
              Payloads typed in any console for queue <strong>{queue}</strong> must match this schema from now on.
            </>
          ) : (
            <>
              Payloads typed in any console for queue <strong>{queue}</strong> are no longer checked.
            </>
          )}
        </ConfirmDialog>
      )}
    </details>
  );
}
