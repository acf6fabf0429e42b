#!/usr/bin/env node
// The slotline CLI. Runs the TypeScript sources through tsx, so no build step is needed for it.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src-main/cli/main.ts');
// Exit explicitly: a command is done when main() returns, even if a socket or timer it opened is
// still winding down (a stuck handle must never keep `serve` alive after Ctrl-C).
process.exit(await main(process.argv.slice(2)));
