// How every browser test and tool here starts Debian's Chromium: one place for the path and the
// flags. As root it needs --no-sandbox; the background-networking flags keep it from dialling out
// on a machine whose only network is loopback (each refused connection is noise and delay).
// Plain JavaScript so node scripts (screenshots, the render bench) and TypeScript both import it.

/** The Chromium binary: SLOTLINE_CHROMIUM, or Debian's. */
export const CHROMIUM_PATH = process.env.SLOTLINE_CHROMIUM ?? '/usr/bin/chromium';

/** The flags every launch passes. */
export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]);

/** Playwright launch options for that binary (or `executablePath`) with those flags. */
export function chromiumLaunchOptions(executablePath = CHROMIUM_PATH) {
  return { executablePath, args: [...CHROMIUM_ARGS] };
}
