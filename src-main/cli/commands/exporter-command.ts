import { describeSettings } from '../../../shared/settings/connection-settings';
import { startExporter } from '../../server/exporter';
import { connectionFlags, intFlag, parseCommand, settingsFrom } from '../args';
import type { CliIo } from '../io';
import { stopWithin, waitForSignal } from './wait-for-signal';

const HELP = `slotline exporter [--port 9464] [--host 127.0.0.1] [--allow-remote] [--data-dir DIR]

A read-only Prometheus exporter: GET /metrics (no token) with cluster state, nodes, slot
coverage, failovers, queue depth and throughput, workers. Loopback only unless --allow-remote.`;

/** `slotline exporter`: /metrics for Prometheus. */
export async function exporterCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(
    'exporter',
    argv,
    {
      ...connectionFlags,
      port: { type: 'string' },
      host: { type: 'string' },
      'allow-remote': { type: 'boolean' },
      'data-dir': { type: 'string' },
    },
    false,
  );
  if (values.help) return (io.out(HELP), 0);
  const { settings, warnings } = settingsFrom(values);
  for (const w of warnings) io.err(`warning: ${w}`);
  const exporter = await startExporter({
    port: intFlag('port', values.port, 9464, 0, 65535),
    host: typeof values.host === 'string' ? values.host : '127.0.0.1',
    allowRemote: values['allow-remote'] === true,
    settings,
    contextOptions: typeof values['data-dir'] === 'string' ? { dataDir: values['data-dir'] } : {},
  });
  if (values['allow-remote'] === true)
    io.err('warning: --allow-remote: /metrics has no token; anyone who can reach this host can read it');
  io.out(`slotline exporter for ${describeSettings(settings)}: ${exporter.url}`);
  const signal = await waitForSignal();
  io.err(`${signal}: stopping`);
  await stopWithin(
    () => exporter.stop(),
    10_000,
    () => io.err('stopping took longer than 10 s; exiting anyway'),
  );
  return 0;
}
