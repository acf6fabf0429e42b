import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createFakeBridge } from '../../testing/fake-bridge';
import { renderWithApi } from '../../testing/render';
import { SchemaEditor } from './SchemaEditor';

describe('SchemaEditor', () => {
  it('saves a schema after a confirmation and removes it again', async () => {
    let stored: unknown = null;
    const bridge = createFakeBridge({
      'payload:schema': () => ({ schema: stored }),
      'payload:set-schema': ({ schema }) => {
        stored = schema;
        return { schema };
      },
    });
    await renderWithApi(<SchemaEditor queue="emails" />, bridge);
    expect(screen.getByTestId('schema-state').textContent).toBe('none');
    expect((screen.getByTestId('schema-remove') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId('schema-text'), { target: { value: '{"type": "object"' } });
    expect((screen.getByTestId('schema-save') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId('schema-text'), { target: { value: '{"type": "object"}' } });
    await userEvent.click(screen.getByTestId('schema-save'));
    expect(bridge.callsTo('payload:set-schema')).toHaveLength(0);
    await userEvent.click(screen.getByTestId('confirm-ok'));
    expect(bridge.callsTo('payload:set-schema')).toEqual([{ queue: 'emails', schema: { type: 'object' } }]);
    expect(screen.getByTestId('schema-state').textContent).toBe('set');
    await userEvent.click(screen.getByTestId('schema-remove'));
    await userEvent.click(screen.getByTestId('confirm-ok'));
    expect(bridge.callsTo('payload:set-schema').at(-1)).toEqual({ queue: 'emails', schema: null });
    expect(screen.getByTestId('schema-state').textContent).toBe('none');
  });

  it('is disabled in read-only mode', async () => {
    await renderWithApi(<SchemaEditor queue="emails" />, createFakeBridge({}, { readOnly: true }));
    expect((screen.getByTestId('schema-text') as HTMLTextAreaElement).disabled).toBe(true);
    expect((screen.getByTestId('schema-save') as HTMLButtonElement).disabled).toBe(true);
  });
});
