import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type ServeHandle } from './serve';

/**
 * Defect 3 (static-file race): `npm run build:web` empties out/web while serve runs. A file that
 * goes away between serve's check and the read used to raise an unhandled stream 'error' and kill
 * the process. Real serve (no Redis needed: it starts disconnected), real HTTP.
 */
describe('static files removed or replaced mid-request', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-race-web-'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-race-data-'));
  const OLD = 'a'.repeat(256 * 1024);
  const NEW = 'b'.repeat(128 * 1024);
  let serve: ServeHandle;
  let churning = false;
  const stopChurn = () => (churning = false);

  beforeAll(async () => {
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>x</title>');
    fs.mkdirSync(path.join(root, 'assets'));
    fs.writeFileSync(path.join(root, 'assets', 'app.js'), OLD);
    serve = await startServe({ port: 0, webRoot: root, contextOptions: { dataDir } });
  });
  afterAll(async () => {
    stopChurn();
    await serve?.stop();
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers each request with a whole file or a 404, and keeps serving', async () => {
    const file = path.join(root, 'assets', 'app.js');
    churning = true;
    let churns = 0;
    // Remove, re-create and rename-over the file as fast as the event loop lets us (bounded).
    const churn = (async () => {
      while (churning && churns < 20_000) {
        churns++;
        // Gone for a moment (as emptyOutDir does), then replaced atomically (write, rename).
        if (churns % 2) {
          fs.rmSync(file, { force: true });
          await new Promise((r) => setImmediate(r));
        }
        const tmp = `${file}.tmp`;
        fs.writeFileSync(tmp, churns % 4 < 2 ? NEW : OLD);
        fs.renameSync(tmp, file);
        await delay(1);
      }
    })();
    const statuses = new Map<number, number>();
    for (let round = 0; round < 40; round++) {
      const replies = await Promise.all(
        Array.from({ length: 10 }, () =>
          fetch(`${serve.baseUrl}/assets/app.js`).then(
            async (r) => ({ status: r.status, body: await r.text().catch(() => '<cut>') }),
            () => ({ status: 0, body: '<socket closed>' }),
          ),
        ),
      );
      for (const r of replies) {
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        // Whole and unmixed: the old file or the new one, never the new bytes under the old length.
        if (r.status === 200) expect(r.body === OLD || r.body === NEW, `a ${r.body.length}-byte body`).toBe(true);
        else if (r.status === 404) expect(r.body).toBe('not found\n');
        // 0: the socket was closed mid-body because the file went away after the headers went out.
        else expect(r.status, `unexpected status with body ${r.body.slice(0, 80)}`).toBe(0);
      }
    }
    churning = false;
    await churn;
    process.stdout.write(`static race: ${churns} churns, statuses ${JSON.stringify([...statuses])}\n`);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
    // Still alive and serving.
    const index = await fetch(`${serve.baseUrl}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("connect-src 'self';");
  });
});
