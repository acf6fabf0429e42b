import { useCallback, useEffect, useState } from 'react';
import type { ConnectionProfile, ConnectionProfileInput } from '../../shared/ipc/contract';
import { useApi } from '../api/ApiContext';
import { useAction } from '../hooks/useAction';
import { useConnectionStatus } from '../hooks/useConnectionStatus';

const EMPTY: ConnectionProfileInput = {
  name: 'local',
  mode: 'single',
  url: 'redis://127.0.0.1:6379',
  nodes: '',
  username: '',
  password: '',
  tls: false,
  natMap: '',
};

/** Strip empty optional fields so the contract's optional strings are absent, not "". */
function clean(input: ConnectionProfileInput): ConnectionProfileInput {
  const out: ConnectionProfileInput = { name: input.name, mode: input.mode, tls: input.tls };
  if (input.id) out.id = input.id;
  if (input.mode === 'single' && input.url) out.url = input.url;
  if (input.mode === 'cluster' && input.nodes) out.nodes = input.nodes;
  if (input.username) out.username = input.username;
  if (input.password) out.password = input.password;
  if (input.natMap) out.natMap = input.natMap;
  return out;
}

/** Where to connect: single URL or cluster seeds, credentials, TLS, natMap; test, connect, profiles. */
export function ConnectionPage() {
  const bridge = useApi();
  const status = useConnectionStatus();
  const [form, setForm] = useState<ConnectionProfileInput>(EMPTY);
  const [profiles, setProfiles] = useState<ConnectionProfile[] | null>(null);
  const [tested, setTested] = useState<string | null>(null);
  const action = useAction();
  const set = (patch: Partial<ConnectionProfileInput>) => setForm((f) => ({ ...f, ...patch }));
  const loadProfiles = useCallback(
    () => bridge.invoke('connection:profiles', {}).then((r) => setProfiles(r.ok ? r.data : [])),
    [bridge],
  );
  useEffect(() => void loadProfiles(), [loadProfiles]);

  const test = async () => {
    setTested(null);
    const r = await action.run('connection:test', clean(form));
    if (r) setTested(`OK: ${r.mode}, ${r.masters} master(s) — ${r.description}`);
  };
  const save = async () => {
    if (await action.run('connection:save-profile', clean(form))) void loadProfiles();
  };
  const remove = async (id: string) => {
    if (await action.run('connection:delete-profile', { id })) void loadProfiles();
  };
  const load = (p: ConnectionProfile) => setForm({ ...EMPTY, ...p, password: '' });

  return (
    <section className="page" data-testid="page-connection" data-state={profiles ? 'ready' : 'loading'}>
      <h2>Connection</h2>
      <p data-testid="connection-current">
        Now: <strong>{status?.state ?? 'unknown'}</strong> {status?.description}
      </p>
      <div className="card" style={{ display: 'grid', gap: 8, maxWidth: 640 }}>
        <label>
          Name <input value={form.name} onChange={(e) => set({ name: e.target.value })} data-testid="conn-name" />
        </label>
        <div className="row" role="radiogroup" aria-label="Mode">
          <label>
            <input
              type="radio"
              checked={form.mode === 'single'}
              onChange={() => set({ mode: 'single' })}
              data-testid="conn-mode-single"
            />{' '}
            Single
          </label>
          <label>
            <input
              type="radio"
              checked={form.mode === 'cluster'}
              onChange={() => set({ mode: 'cluster' })}
              data-testid="conn-mode-cluster"
            />{' '}
            Cluster
          </label>
        </div>
        {form.mode === 'single' ? (
          <label>
            URL{' '}
            <input
              style={{ width: '100%' }}
              value={form.url ?? ''}
              onChange={(e) => set({ url: e.target.value })}
              placeholder="redis://host:6379/0"
              data-testid="conn-url"
            />
          </label>
        ) : (
          <label>
            Seed nodes{' '}
            <input
              style={{ width: '100%' }}
              value={form.nodes ?? ''}
              onChange={(e) => set({ nodes: e.target.value })}
              placeholder="10.0.0.1:7000,10.0.0.2:7000"
              data-testid="conn-nodes"
            />
          </label>
        )}
        <div className="row">
          <label>
            Username{' '}
            <input
              value={form.username ?? ''}
              onChange={(e) => set({ username: e.target.value })}
              autoComplete="username"
              data-testid="conn-username"
            />
          </label>
          <label>
            Password{' '}
            <input
              type="password"
              value={form.password ?? ''}
              onChange={(e) => set({ password: e.target.value })}
              autoComplete="current-password"
              data-testid="conn-password"
            />
          </label>
          <label>
            <input
              type="checkbox"
              checked={form.tls}
              onChange={(e) => set({ tls: e.target.checked })}
              data-testid="conn-tls"
            />{' '}
            TLS
          </label>
        </div>
        {form.mode === 'cluster' && (
          <label>
            NAT map{' '}
            <input
              style={{ width: '100%' }}
              value={form.natMap ?? ''}
              onChange={(e) => set({ natMap: e.target.value })}
              placeholder="172.17.0.2:7000=127.0.0.1:7000,…"
              data-testid="conn-natmap"
            />
          </label>
        )}
        <div className="row">
          <button onClick={test} disabled={action.busy} data-testid="conn-test">
            Test
          </button>
          <button
            className="primary"
            onClick={() => void action.run('connection:connect', clean(form))}
            disabled={action.busy}
            data-testid="conn-connect"
          >
            Connect
          </button>
          <button onClick={save} disabled={action.busy} data-testid="conn-save">
            Save profile
          </button>
          <button
            onClick={() => void action.run('connection:disconnect', {})}
            disabled={action.busy}
            data-testid="conn-disconnect"
          >
            Disconnect
          </button>
        </div>
        {tested && (
          <p className="health-online" data-testid="conn-test-ok">
            {tested}
          </p>
        )}
        {action.error && (
          <p
            className="error-text"
            data-testid="conn-error"
            data-code={action.error.code}
          >{`{ code: "${action.error.code}", message: "${action.error.message}" }`}</p>
        )}
      </div>
      <h3>Saved profiles</h3>
      {profiles?.length === 0 && <p className="muted">No saved profiles. Fill in the form and press Save profile.</p>}
      <ul data-testid="conn-profiles">
        {profiles?.map((p) => (
          <li key={p.id} className="row" data-testid={`conn-profile-${p.id}`}>
            <strong>{p.name}</strong>{' '}
            <span className="muted">
              {p.mode === 'cluster' ? p.nodes : p.url}
              {p.tls ? ' · TLS' : ''}
              {p.hasPassword ? ' · password saved' : ''}
            </span>
            <button onClick={() => load(p)} data-testid={`conn-profile-load-${p.id}`}>
              Load
            </button>
            <button
              onClick={() => void action.run('connection:connect', { ...clean({ ...EMPTY, ...p }), id: p.id })}
              data-testid={`conn-profile-connect-${p.id}`}
            >
              Connect
            </button>
            <button onClick={() => remove(p.id)} data-testid={`conn-profile-delete-${p.id}`}>
              Delete
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
