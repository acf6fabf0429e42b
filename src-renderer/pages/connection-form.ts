import type { ConnectionProfile, ConnectionProfileInput } from '../../shared/ipc/contract';

/** The connection form before anything is typed. */
export const EMPTY_FORM: ConnectionProfileInput = {
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
export function cleanForm(input: ConnectionProfileInput): ConnectionProfileInput {
  const out: ConnectionProfileInput = { name: input.name, mode: input.mode, tls: input.tls };
  if (input.id) out.id = input.id;
  if (input.mode === 'single' && input.url) out.url = input.url;
  if (input.mode === 'cluster' && input.nodes) out.nodes = input.nodes;
  if (input.username) out.username = input.username;
  if (input.password) out.password = input.password;
  if (input.mode === 'cluster' && input.natMap) out.natMap = input.natMap;
  if (input.autoRebalance) out.autoRebalance = true;
  if (input.autoRebalance && input.autoRebalanceMinutes !== undefined)
    out.autoRebalanceMinutes = input.autoRebalanceMinutes;
  return out;
}

const norm = (s: string | undefined) => (s ?? '').trim();

/**
 * Whether the form still points where the loaded profile does (mode, URL or seeds and NAT map,
 * user, TLS). Main uses a saved password only then; any edit here means it will not be sent.
 */
export function sameTarget(form: ConnectionProfileInput, saved: ConnectionProfile): boolean {
  if (form.mode !== saved.mode || form.tls !== saved.tls) return false;
  if (norm(form.username) !== norm(saved.username)) return false;
  if (form.mode === 'single') return norm(form.url) === norm(saved.url);
  return norm(form.nodes) === norm(saved.nodes) && norm(form.natMap) === norm(saved.natMap);
}
