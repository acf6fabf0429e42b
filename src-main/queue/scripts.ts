import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScriptDefinition } from '../redis/handle';
import { QueueArgumentError } from './errors';
import { LIMITER_SCRIPT_KEYS, SCRIPT_KEYS, type LimiterScriptName, type ScriptName } from './script-keys';

/** Every queue script by its base name (`reserve`, `ack`, …). */
export type ScriptSet = Map<ScriptName | LimiterScriptName, ScriptDefinition>;

/**
 * The `commands/` folder next to this module: `src-main/queue/commands` when run from source, and
 * the folder the build copies next to the bundle otherwise (Electron's `out/main/commands`, read
 * from inside the asar too).
 */
export function defaultCommandsDir(): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), 'commands');
}

/** Resolves `-- @include x` lines of a script from `dir`/includes/x.lua (tests load their own scripts with it). */
export function expandIncludes(dir: string, source: string): string {
  return source.replace(/^-- @include (\w[\w-]*)\s*$/gm, (_m, name: string) =>
    fs.readFileSync(path.join(dir, 'includes', `${name}.lua`), 'utf8'),
  );
}

function camel(name: string): string {
  return name.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase());
}

const cache = new Map<string, ScriptSet>();

/**
 * Loads the queue's Lua scripts from `dir` (`<name>-<numKeys>.lua`, with `-- @include x` lines
 * resolved from `includes/x.lua`); the connection sends EVALSHA, and EVAL on NOSCRIPT.
 * Command names are prefixed `sl` (`slReserve`). Cached per folder.
 */
export function loadQueueScripts(dir: string = defaultCommandsDir()): ScriptSet {
  const resolved = path.resolve(dir);
  const cached = cache.get(resolved);
  if (cached) return cached;
  let files: string[];
  try {
    files = fs.readdirSync(resolved);
  } catch (e) {
    throw new QueueArgumentError(
      `the queue's Lua scripts folder ${resolved} cannot be read (${(e as Error).message}): expected the commands/ folder of src-main/queue`,
    );
  }
  const out: ScriptSet = new Map();
  for (const file of files) {
    const m = /^([a-z-]+)-(\d+)\.lua$/.exec(file);
    if (!m || !(m[1]! in SCRIPT_KEYS || m[1]! in LIMITER_SCRIPT_KEYS)) continue;
    const base = m[1] as ScriptName | LimiterScriptName;
    out.set(base, {
      name: `sl${camel('-' + base)}`,
      numberOfKeys: Number(m[2]),
      lua: expandIncludes(resolved, fs.readFileSync(path.join(resolved, file), 'utf8')),
    });
  }
  const missing = [...Object.keys(SCRIPT_KEYS), ...Object.keys(LIMITER_SCRIPT_KEYS)].filter(
    (s) => !out.has(s as ScriptName),
  );
  if (missing.length > 0)
    throw new QueueArgumentError(`the queue's Lua scripts folder ${resolved} lacks ${missing.join(', ')}`);
  cache.set(resolved, out);
  return out;
}
