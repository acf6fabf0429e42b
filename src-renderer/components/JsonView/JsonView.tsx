import './JsonView.css';

/** Entries shown per object or array; the rest are counted, so a huge result stays cheap to render. */
const MAX_ENTRIES = 200;

function Leaf({ value }: { value: unknown }) {
  const text = JSON.stringify(value);
  return <span className={`json-${value === null ? 'null' : typeof value}`}>{text}</span>;
}

function Node({ name, value, depth }: { name: string; value: unknown; depth: number }) {
  if (value === null || typeof value !== 'object')
    return (
      <div className="json-row">
        {name && <span className="json-key">{name}: </span>}
        <Leaf value={value} />
      </div>
    );
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  const shape = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
  return (
    <details className="json-node" open={depth < 2}>
      <summary>
        {name && <span className="json-key">{name} </span>}
        <span className="muted">{shape}</span>
      </summary>
      {entries.slice(0, MAX_ENTRIES).map(([k, v]) => (
        <Node key={k} name={k} value={v} depth={depth + 1} />
      ))}
      {entries.length > MAX_ENTRIES && <div className="muted">… {entries.length - MAX_ENTRIES} more</div>}
    </details>
  );
}

/** A JSON value as a tree whose objects and arrays fold (the first two levels start open). */
export function JsonView({ value, label, testId }: { value: unknown; label: string; testId?: string }) {
  return (
    <div className="json-view" role="group" aria-label={label} data-testid={testId}>
      <Node name="" value={value} depth={0} />
    </div>
  );
}
