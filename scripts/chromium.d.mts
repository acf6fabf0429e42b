/** Types for chromium.mjs (a plain script, so node tools import it without a build). */
export const CHROMIUM_PATH: string;
export const CHROMIUM_ARGS: readonly string[];
export function chromiumLaunchOptions(executablePath?: string): { executablePath: string; args: string[] };
