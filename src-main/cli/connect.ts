import { describeSettings } from '../../shared/settings/connection-settings';
import { createConnection } from '../redis/create-connection';
import type { RedisHandle } from '../redis/handle';
import { settingsFrom } from './args';
import type { CliIo } from './io';

/** Connects with the environment's settings (or --url / --cluster), runs `fn`, and closes. */
export async function withConnection<T>(
  values: Record<string, unknown>,
  io: CliIo,
  fn: (h: RedisHandle) => Promise<T>,
): Promise<T> {
  const { settings, warnings } = settingsFrom(values);
  for (const w of warnings) io.err(`warning: ${w}`);
  if (process.env.SLOTLINE_LOG === 'debug') io.err(`connecting to ${describeSettings(settings)}`);
  const handle = await createConnection(settings);
  try {
    return await fn(handle);
  } finally {
    await handle.close();
  }
}
