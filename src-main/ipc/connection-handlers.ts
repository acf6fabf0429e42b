import type { ConnectionProfileInput } from '../../shared/ipc/contract';
import type { AppContext } from '../app/app-context';
import { settingsFromProfile } from '../app/profile-settings';
import type { DomainHandlers } from './handler-types';

type Ctx = Pick<AppContext, 'connection' | 'profiles' | 'connect'>;

/** Settings for a form or saved profile; a saved profile's password is used when none is typed. */
async function settingsFor(ctx: Ctx, input: ConnectionProfileInput) {
  const password = input.password ?? (input.id ? await ctx.profiles.password(input.id) : undefined);
  return settingsFromProfile(input, password).settings;
}

/** `connection:*`: the current connection and saved profiles. Passwords go in, never out. */
export function connectionHandlers(ctx: Ctx): DomainHandlers<'connection'> {
  return {
    'connection:current': async () => ctx.connection.status(),
    'connection:test': async (input) => ctx.connection.test(await settingsFor(ctx, input)),
    'connection:connect': async (input) => {
      const profileId = input.id && (await ctx.profiles.get(input.id)) ? input.id : undefined;
      return ctx.connect(await settingsFor(ctx, input), profileId);
    },
    'connection:disconnect': async () => ctx.connection.disconnect(),
    'connection:profiles': async () => ctx.profiles.list(),
    'connection:save-profile': async (input) => ctx.profiles.save(input),
    'connection:delete-profile': async ({ id }) => ({ deleted: await ctx.profiles.delete(id) }),
  };
}
