import type { ConnectionProfileInput } from '../../shared/ipc/contract';
import { SettingsError } from '../../shared/errors';
import {
  formatHostPort,
  parseSettings,
  type ConnectionSettings,
  type ParsedSettings,
} from '../../shared/settings/connection-settings';
import { urlWithoutCredentials } from '../../shared/settings/redact';
import { parseAutoRebalance, type AutoRebalanceSettings } from '../../shared/settings/auto-rebalance';

/**
 * Turns what the connection form sent into settings, through the same parser (and the same
 * messages) as the environment variables.
 */
export function settingsFromProfile(p: Omit<ConnectionProfileInput, 'name'>, password?: string): ParsedSettings {
  const env: Record<string, string | undefined> = {
    REDIS_USERNAME: p.username,
    REDIS_PASSWORD: password ?? p.password,
    REDIS_TLS: p.tls ? 'true' : 'false',
  };
  if (p.mode === 'cluster') {
    if (!p.nodes?.trim())
      throw new SettingsError(
        'nodes',
        'a cluster profile needs seed nodes: expected host:port,host:port, e.g. 127.0.0.1:7000',
      );
    env.REDIS_CLUSTER_ENABLED = 'true';
    env.REDIS_CLUSTER_NODES = p.nodes;
    env.REDIS_NAT_MAP = p.natMap;
  } else {
    if (!p.url?.trim())
      throw new SettingsError('url', 'a single-server profile needs a URL: expected redis://host:port');
    env.REDIS_CLUSTER_ENABLED = 'false';
    env.REDIS_URL = p.url;
  }
  return parseSettings(env);
}

/**
 * The automatic rebalance a profile asks for (off unless `autoRebalance`), through the same parser
 * and messages as SLOTLINE_AUTO_REBALANCE and SLOTLINE_AUTO_REBALANCE_MINUTES.
 */
export function autoRebalanceFromProfile(
  p: Pick<ConnectionProfileInput, 'autoRebalance' | 'autoRebalanceMinutes'>,
): AutoRebalanceSettings {
  return parseAutoRebalance({
    SLOTLINE_AUTO_REBALANCE: p.autoRebalance ? 'true' : 'false',
    SLOTLINE_AUTO_REBALANCE_MINUTES: p.autoRebalanceMinutes === undefined ? undefined : String(p.autoRebalanceMinutes),
  });
}

/**
 * Everything that decides where a password would be sent: mode, URL (host, port, database) or
 * seed nodes and NAT map, user and TLS. Two settings with the same target may share a saved
 * password; any difference means it was saved for somewhere else. Host names compare without
 * case and seeds without order, since neither changes where the connection goes.
 */
export function connectionTarget(s: ConnectionSettings): string {
  const common = { mode: s.mode, username: s.username ?? '', tls: s.tls };
  if (s.mode === 'single') return JSON.stringify({ ...common, url: urlWithoutCredentials(s.url).toLowerCase() });
  const nodes = s.nodes.map((n) => formatHostPort(n).toLowerCase()).sort();
  const nat = Object.entries(s.natMap ?? {})
    .map(([from, to]) => `${from.toLowerCase()}=${formatHostPort(to).toLowerCase()}`)
    .sort();
  return JSON.stringify({ ...common, nodes, nat });
}

/** A URL with its user and password removed: the profiles file keeps neither inside URLs. */
export function stripUrlCredentials(url: string): { url: string; username?: string; password?: string } {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return { url };
    const username = u.username ? decodeURIComponent(u.username) : undefined;
    const password = u.password ? decodeURIComponent(u.password) : undefined;
    u.username = '';
    u.password = '';
    return { url: u.toString().replace(/\/$/, ''), username, password };
  } catch {
    return { url };
  }
}
