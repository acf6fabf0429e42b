import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScriptDefinition } from '../redis/handle';

/**
 * Loads the queue's Lua scripts from `commands/<name>-<numKeys>.lua`, resolving `-- @include x`
 * lines from `commands/includes/x.lua`. ioredis's defineCommand then handles EVALSHA/NOSCRIPT.
 */
function commandsDir(): string {
  const fromEnv = process.env.SLOTLINE_LUA_DIR;
  if (fromEnv) return fromEnv;
  return path.join(path.dirname(fileURLToPath(import.meta.url)), 'commands');
}

function expand(dir: string, source: string): string {
  return source.replace(/^-- @include (\w[\w-]*)\s*$/gm, (_m, name: string) =>
    fs.readFileSync(path.join(dir, 'includes', `${name}.lua`), 'utf8'),
  );
}

function camel(name: string): string {
  return name.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase());
}

let cache: Map<string, ScriptDefinition> | undefined;

/** Every script, keyed by its file's base name (`reserve`, `ack`, …). Names are prefixed `sl`. */
export function queueScripts(): Map<string, ScriptDefinition> {
  if (cache) return cache;
  const dir = commandsDir();
  const out = new Map<string, ScriptDefinition>();
  for (const file of fs.readdirSync(dir)) {
    const m = /^([a-z-]+)-(\d+)\.lua$/.exec(file);
    if (!m) continue;
    const [, base, keys] = m as unknown as [string, string, string];
    const name = `sl${camel('-' + base)}`;
    out.set(base, {
      name,
      numberOfKeys: Number(keys),
      lua: expand(dir, fs.readFileSync(path.join(dir, file), 'utf8')),
    });
  }
  cache = out;
  return out;
}

/** The ioredis command name of a script, e.g. `reserve` → `slReserve`. */
export function scriptName(base: string): string {
  const def = queueScripts().get(base);
  if (!def) throw new Error(`no Lua script named ${base} in ${commandsDir()}`);
  return def.name;
}
