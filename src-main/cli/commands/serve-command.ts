import { spawn } from 'node:child_process';
import { describeSettings } from '../../../shared/settings/connection-settings';
import { parseAutoRebalance } from '../../../shared/settings/auto-rebalance';
import { startServe } from '../../server/serve';
import { connectionFlags, intFlag, parseCommand, settingsFrom } from '../args';
import type { CliIo } from '../io';
import { consoleWebRoot } from '../web-root';
import { stopWithin, waitForSignal } from './wait-for-signal';

const HELP = `slotline serve [--port 7340] [--host 127.0.0.1] [--read-only] [--allow-remote] [--open] [--data-dir DIR]

Serves the console (built by npm run build:web) to a browser, with the same handlers as the
desktop app. Prints a URL with a fresh session token; only that token opens it.
  --port P         0 picks a free port (default 7340)
  --host H         loopback only unless --allow-remote (default 127.0.0.1)
  --read-only      refuse every action that changes Redis
  --allow-remote   allow a non-loopback --host (anyone reaching it with the token has full use)
  --open           open the URL in the default browser
  --data-dir DIR   profiles and failover history (default $SLOTLINE_DATA_DIR or ~/.config/slotline)
Connects at start with REDIS_URL / REDIS_CLUSTER_* (or --url / --cluster); stops on Ctrl-C.
SLOTLINE_AUTO_REBALANCE=true rebalances a queue whose partitions are uneven over the masters, at
most once per SLOTLINE_AUTO_REBALANCE_MINUTES (default 10) per queue; never with --read-only.`;

function openInBrowser(url: string, io: CliIo): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(cmd, [url], { detached: true, stdio: 'ignore' });
    child.on('error', () => io.err(`could not run ${cmd}: open the URL yourself`));
    child.unref();
  } catch {
    io.err(`could not run ${cmd}: open the URL yourself`);
  }
}

/** `slotline serve`: the console over HTTP + WebSocket on loopback. */
export async function serveCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(
    'serve',
    argv,
    {
      ...connectionFlags,
      port: { type: 'string' },
      host: { type: 'string' },
      'read-only': { type: 'boolean' },
      'allow-remote': { type: 'boolean' },
      open: { type: 'boolean' },
      'data-dir': { type: 'string' },
    },
    false,
  );
  if (values.help) return (io.out(HELP), 0);
  const { settings, warnings } = settingsFrom(values);
  const autoRebalance = parseAutoRebalance(process.env);
  for (const w of warnings) io.err(`warning: ${w}`);
  const host = typeof values.host === 'string' ? values.host : '127.0.0.1';
  const allowRemote = values['allow-remote'] === true;
  const server = await startServe({
    port: intFlag('port', values.port, 7340, 0, 65535),
    host,
    readOnly: values['read-only'] === true,
    allowRemote,
    webRoot: consoleWebRoot(),
    settings,
    autoRebalance,
    contextOptions: typeof values['data-dir'] === 'string' ? { dataDir: values['data-dir'] } : {},
  });
  if (allowRemote)
    io.err(
      `warning: --allow-remote: serving on ${host}; anyone who can reach it and has the token can use the console`,
    );
  io.out(`slotline console on ${describeSettings(settings)}${values['read-only'] ? ' (read-only)' : ''}`);
  if (autoRebalance.enabled && !values['read-only'])
    io.out(`automatic queue rebalance on: at most once per ${autoRebalance.minIntervalMs / 60_000} min per queue`);
  io.out(`open ${server.url}`);
  io.out(`metrics ${server.baseUrl}/metrics (Authorization: Bearer <token>)`);
  if (values.open) openInBrowser(server.url, io);
  const signal = await waitForSignal();
  io.err(`${signal}: stopping`);
  await stopWithin(
    () => server.stop(),
    10_000,
    () => io.err('stopping took longer than 10 s; exiting anyway'),
  );
  return 0;
}
