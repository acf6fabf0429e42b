#!/usr/bin/env node
// The slotline CLI. In the installed package it runs the built JavaScript (dist/cli.js). In a
// clone of the repository (where src-main/ exists) it runs the TypeScript sources through tsx, a
// dev dependency, so a developer never runs a stale build; SLOTLINE_CLI=dist runs the build there
// too (the bench's start-up figures do).
import fs from 'node:fs';

const sources = new URL('../src-main/cli/main.ts', import.meta.url);
const fromSources = process.env.SLOTLINE_CLI !== 'dist' && fs.existsSync(sources);
let main;
if (fromSources) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(sources.href));
} else {
  const built = new URL('../dist/cli.js', import.meta.url);
  if (!fs.existsSync(built)) {
    process.stderr.write(`slotline: ${built.pathname} is missing: run npm run build:lib first\n`);
    process.exit(1);
  }
  ({ main } = await import(built.href));
}
// Exit explicitly: a command is done when main() returns, even if a socket or timer it opened is
// still winding down (a stuck handle must never keep `serve` alive after Ctrl-C).
process.exit(await main(process.argv.slice(2)));
