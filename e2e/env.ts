import fs from 'node:fs';
import path from 'node:path';

/** What the demo runner started for the e2e run (written by global-setup). */
export interface E2eEnv {
  pid: number;
  mode: 'single' | 'cluster';
  url: string;
  baseUrl: string;
  token: string;
  clusterDir: string;
  ports: number[];
  seeds: string;
}

export const ARTIFACTS = path.resolve('e2e/artifacts');
export const STATE_FILE = path.join(ARTIFACTS, 'env.json');

export function readEnv(): E2eEnv {
  return JSON.parse(fs.readFileSync(STATE_FILE, 'utf8')) as E2eEnv;
}
