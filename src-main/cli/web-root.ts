import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The built console (`vite build --config vite.web.config.ts` → `out/web`) of the slotline
 * package this module belongs to. The folder is found from this module's own location, by walking
 * up to the package.json named `slotline`: that is the repository root when the CLI runs from the
 * sources (`src-main/cli/`), and the installed package's root when it runs from the build
 * (`node_modules/slotline/dist/`), so `npx slotline serve` works in either. `SLOTLINE_WEB_ROOT`
 * overrides it, as it does for `startServe`.
 */
export function consoleWebRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SLOTLINE_WEB_ROOT) return env.SLOTLINE_WEB_ROOT;
  const here = path.dirname(fileURLToPath(import.meta.url));
  let dir = here;
  for (let i = 0; i < 5; i++) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && readName(manifest) === 'slotline') return path.join(dir, 'out', 'web');
    dir = path.dirname(dir);
  }
  // Not inside a slotline package (bundled into something else): the web build beside the module.
  return path.join(here, 'web');
}

function readName(file: string): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string }).name;
  } catch {
    return undefined;
  }
}
