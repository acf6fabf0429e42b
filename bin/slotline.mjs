#!/usr/bin/env node
// The slotline CLI. Runs the TypeScript sources through tsx, so no build step is needed for it.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src-main/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
