import { useCallback, useEffect, useState } from 'react';
import type { ConnectionProfile, ConnectionProfileInput } from '../../shared/ipc/contract';
import { useApi } from '../api/ApiContext';
import { SecretStorageNote } from '../components/SecretStorageNote/SecretStorageNote';
import { useAction } from '../hooks/useAction';
import { useAppInfo } from '../hooks/useAppInfo';
import { useConnectionStatus } from '../hooks/useConnectionStatus';
import { cleanForm as clean, EMPTY_FORM as EMPTY, sameTarget } from './connection-form';

/** Where to connect: single URL or cluster seeds, credentials, TLS, natMap; test, connect, profiles. */
export function ConnectionPage() {
  const bridge = useApi();
  const status = useConnectionStatus();
  const { info, readOnly } = useAppInfo();
  const [form, setForm] = useState<ConnectionProfileInput>(EMPTY);
  /** The saved profile the form was loaded from, as main last reported it. */
  const [loaded, setLoaded] = useState<ConnectionProfile | null>(null);
  /** The user's choice; until they make one it follows whether storage really encrypts. */
  const [remember, setRemember] = useState<boolean | null>(null);
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
  const remembering = remember ?? info?.secretStorage === 'encrypted';
  // Main sends a saved password only to the target it was saved for; an edited address gets none.
  const savedPasswordWithheld = !!loaded?.hasPassword && !form.password && !sameTarget(form, loaded);
  const save = async () => {
    // Not remembering: an empty password tells main to keep none for this profile.
    const saved = await action.run('connection:save-profile', {
      ...clean(form),
      ...(remembering ? {} : { password: '' }),
    });
    if (saved) {
      setLoaded(saved);
      setForm((f) => ({ ...f, id: saved.id, password: '' }));
      void loadProfiles();
    }
  };
  const remove = async (id: string) => {
    if (await action.run('connection:delete-profile', { id })) void loadProfiles();
  };
  const load = (p: ConnectionProfile) => {
    setLoaded(p);
    setRemember(p.hasPassword ? true : null);
    setForm({ ...EMPTY, ...p, password: '' });
  };
  const blocked = action.busy || readOnly;

  return (
    <section className="page" data-testid="page-connection" data-state={profiles ? 'ready' : 'loading'}>
      <h2>Connection</h2>
      <p data-testid="connection-current">
        Now: <strong>{status?.state ?? 'unknown'}</strong> {status?.description}
      </p>
      {readOnly && info && (
        <p className="muted" data-testid="conn-read-only">
          This console is read-only: it stays on the connection it was started with, and profiles cannot be changed.
        </p>
      )}
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
              required={savedPasswordWithheld}
              aria-invalid={savedPasswordWithheld || undefined}
              aria-describedby={savedPasswordWithheld ? 'conn-password-withheld' : undefined}
              data-testid="conn-password"
            />
          </label>
          <label title="Keep the password with the saved profile">
            <input
              type="checkbox"
              checked={remembering}
              onChange={(e) => setRemember(e.target.checked)}
              disabled={readOnly}
              data-testid="conn-remember"
            />{' '}
            Remember password
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
          <label>
            <input
              type="checkbox"
              checked={form.autoRebalance ?? false}
              onChange={(e) => set({ autoRebalance: e.target.checked })}
              data-testid="conn-auto-rebalance"
            />{' '}
            Rebalance queues automatically when their partitions are uneven over the masters
          </label>
          <label>
            at most once per{' '}
            <input
              type="number"
              min={1}
              max={1440}
              style={{ width: 80 }}
              value={form.autoRebalanceMinutes ?? ''}
              placeholder="10"
              disabled={!form.autoRebalance}
              onChange={(e) =>
                set({ autoRebalanceMinutes: e.target.value === '' ? undefined : Number(e.target.value) })
              }
              data-testid="conn-auto-rebalance-minutes"
            />{' '}
            min per queue
          </label>
        </div>
        {savedPasswordWithheld && (
          <p className="health-pfail" role="alert" id="conn-password-withheld" data-testid="conn-password-withheld">
            The address, user or TLS setting differs from the saved profile, so its saved password will not be sent
            here. Type the password to test or connect; saving without one drops the saved password.
          </p>
        )}
        <SecretStorageNote storage={info?.secretStorage} />
        <div className="row">
          <button onClick={test} disabled={blocked || savedPasswordWithheld} data-testid="conn-test">
            Test
          </button>
          <button
            className="primary"
            onClick={() => void action.run('connection:connect', clean(form))}
            disabled={blocked || savedPasswordWithheld}
            data-testid="conn-connect"
          >
            Connect
          </button>
          <button onClick={save} disabled={blocked} data-testid="conn-save">
            Save profile
          </button>
          <button
            onClick={() => void action.run('connection:disconnect', {})}
            disabled={blocked}
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
              {p.autoRebalance ? ` · automatic rebalance (${p.autoRebalanceMinutes ?? 10} min)` : ''}
            </span>
            <button onClick={() => load(p)} data-testid={`conn-profile-load-${p.id}`}>
              Load
            </button>
            <button
              onClick={() => void action.run('connection:connect', { ...clean({ ...EMPTY, ...p }), id: p.id })}
              disabled={blocked}
              data-testid={`conn-profile-connect-${p.id}`}
            >
              Connect
            </button>
            <button onClick={() => remove(p.id)} disabled={blocked} data-testid={`conn-profile-delete-${p.id}`}>
              Delete
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
