import type { ConnectionProfileInput } from '../../shared/ipc/contract';
import type { AppContext } from '../app/app-context';
import { autoRebalanceFromProfile, settingsFromProfile } from '../app/profile-settings';
import type { DomainHandlers } from './handler-types';

type Ctx = Pick<AppContext, 'connection' | 'profiles' | 'connect'>;

/**
 * Settings for a form or saved profile. A typed password (in the field or the URL) is used as
 * typed, and an empty one means none. Otherwise a saved profile's password is used, but only with
 * the target it was saved for: a changed host, port, TLS, user or NAT map is refused, so a stored
 * secret can never be pointed at another server.
 */
async function settingsFor(ctx: Ctx, input: ConnectionProfileInput) {
  const typed = settingsFromProfile(input).settings;
  if (typed.password !== undefined || input.password === '' || !input.id) return typed;
  const saved = await ctx.profiles.passwordFor(input.id, typed);
  return saved === undefined ? typed : { ...typed, password: saved };
}

/** `connection:*`: the current connection and saved profiles. Passwords go in, never out. */
export function connectionHandlers(ctx: Ctx): DomainHandlers<'connection'> {
  return {
    'connection:current': async () => ctx.connection.status(),
    'connection:test': async (input) => ctx.connection.test(await settingsFor(ctx, input)),
    'connection:connect': async (input) => {
      const settings = await settingsFor(ctx, input);
      const autoRebalance = autoRebalanceFromProfile(input);
      const profileId = input.id && (await ctx.profiles.get(input.id)) ? input.id : undefined;
      return ctx.connect(settings, profileId, { autoRebalance });
    },
    'connection:disconnect': async () => ctx.connection.disconnect(),
    'connection:profiles': async () => ctx.profiles.list(),
    'connection:save-profile': async (input) => ctx.profiles.save(input),
    'connection:delete-profile': async ({ id }) => ({ deleted: await ctx.profiles.delete(id) }),
  };
}
