import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startExporter, type ExporterHandle } from '../server/exporter';
import { tempDir } from '../server/serve-test-support';
import { queueFixture, until } from '../testing/queue-fixture';
import { redisTarget } from '../testing/redis-target';
import { dashboardExpressions, metricNamesInPromql, ruleExpressions, scrapeFamilies, scrapeHas } from './metric-names';

const target = redisTarget();
const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe(`docs/grafana and docs/prometheus over the real exporter (${target.mode}, needs Redis)`, () => {
  const fx = queueFixture();
  let exporter: ExporterHandle;
  let scrape = '';

  beforeAll(async () => {
    const q = await fx.queue();
    await q.enqueue({ m: 1 });
    exporter = await startExporter({
      port: 0,
      settings: target.settings,
      contextOptions: { dataDir: tempDir('sl-obs'), sampler: { intervalMs: 250 } },
    });
    await until(
      'the exporter to have a snapshot and a depth sample of the queue',
      async () => {
        scrape = await (await fetch(exporter.url)).text();
        return scrape.includes('slotline_slots{status="ok"} 16384') && scrape.includes(`queue="${q.name}"`);
      },
      15000,
    );
  });
  afterAll(() => exporter?.stop());

  const cases = [
    {
      file: 'docs/grafana/slotline-dashboard.json',
      exprs: () => dashboardExpressions(JSON.parse(read('docs/grafana/slotline-dashboard.json'))),
    },
    {
      file: 'docs/prometheus/slotline-alerts.yml',
      exprs: () => ruleExpressions(parse(read('docs/prometheus/slotline-alerts.yml'))),
    },
  ];
  for (const { file, exprs } of cases)
    it(`every metric ${file} uses is in the scrape`, () => {
      const families = scrapeFamilies(scrape);
      const used = [...new Set(exprs().flatMap(metricNamesInPromql))];
      expect(used.length).toBeGreaterThan(5);
      expect(used.filter((n) => !scrapeHas(families, n))).toEqual([]);
    });

  it('serves throughput as counters only, and queue and cluster series with values', () => {
    const families = scrapeFamilies(scrape);
    expect(families.get('slotline_queue_completed_total')).toBe('counter');
    expect(families.get('slotline_tasks_stalled_total')).toBe('counter');
    expect([...families.keys()].filter((n) => /per_second/.test(n))).toEqual([]);
    expect(scrape).toMatch(/^slotline_cluster_state_ok 1$/m);
    if (target.mode === 'cluster') {
      // 3 masters with a replica each, all linked.
      expect(scrape.match(/^slotline_replica_link_up\{[^}]*\} 1$/gm)?.length).toBe(3);
      expect(scrape).toMatch(/^slotline_replica_lag_bytes\{/m);
    }
  });
});

describe('promtool check rules', () => {
  it('accepts docs/prometheus/slotline-alerts.yml', (ctx) => {
    let promtool = '';
    try {
      promtool = execFileSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' }).trim();
    } catch {
      // not installed
    }
    if (!promtool) {
      console.warn('skipped: promtool is not installed (Debian: apt-get install prometheus)');
      return ctx.skip();
    }
    const out = execFileSync(promtool, ['check', 'rules', 'docs/prometheus/slotline-alerts.yml'], { encoding: 'utf8' });
    expect(out).toMatch(/SUCCESS: \d+ rules found/);
  });
});
