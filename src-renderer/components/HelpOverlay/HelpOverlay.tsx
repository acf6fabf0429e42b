import { VIEWS } from '../../views';

/** The `?` overlay listing keyboard shortcuts. */
export function HelpOverlay({ onClose }: { onClose: () => void }) {
  return (
    <div className="confirm-backdrop" onClick={onClose}>
      <div
        role="dialog"
        aria-label="Keyboard shortcuts"
        className="card"
        data-testid="help-overlay"
        onClick={(e) => e.stopPropagation()}
      >
        <h3 style={{ marginTop: 0 }}>Keyboard shortcuts</h3>
        <table>
          <tbody>
            {VIEWS.map((v) => (
              <tr key={v.id}>
                <td>
                  <kbd>{v.key}</kbd>
                </td>
                <td>{v.label}</td>
              </tr>
            ))}
            <tr>
              <td>
                <kbd>/</kbd>
              </td>
              <td>Search tasks</td>
            </tr>
            <tr>
              <td>
                <kbd>?</kbd>
              </td>
              <td>This help</td>
            </tr>
            <tr>
              <td>
                <kbd>Esc</kbd>
              </td>
              <td>Close dialogs and drawers</td>
            </tr>
          </tbody>
        </table>
        <button onClick={onClose} data-testid="help-close" style={{ marginTop: 12 }}>
          Close
        </button>
      </div>
    </div>
  );
}
