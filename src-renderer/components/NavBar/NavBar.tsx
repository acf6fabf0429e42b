import { VIEWS, type ViewId } from '../../views';
import './NavBar.css';

/** The view switcher; each tab shows its number shortcut. */
export function NavBar({
  current,
  onSelect,
  onHelp,
  readOnly,
}: {
  current: ViewId;
  onSelect: (view: ViewId) => void;
  onHelp: () => void;
  readOnly: boolean;
}) {
  return (
    <nav className="nav-bar" aria-label="Views">
      <span className="nav-brand">Slotline</span>
      {VIEWS.map((view) => (
        <button
          key={view.id}
          className={view.id === current ? 'nav-tab active' : 'nav-tab'}
          aria-current={view.id === current ? 'page' : undefined}
          onClick={() => onSelect(view.id)}
          data-testid={`nav-${view.id}`}
        >
          <kbd>{view.key}</kbd> {view.label}
        </button>
      ))}
      <span className="nav-spacer" />
      {readOnly && (
        <span
          className="nav-readonly"
          data-testid="read-only-badge"
          title="Started with --read-only: actions are disabled"
        >
          Read-only
        </span>
      )}
      <button onClick={onHelp} data-testid="nav-help" aria-label="Keyboard shortcuts">
        ?
      </button>
    </nav>
  );
}
