import { describe, expect, it } from 'vitest';
import { dashboardExpressions, metricNamesInPromql, ruleExpressions, scrapeFamilies, scrapeHas } from './metric-names';

describe('metricNamesInPromql', () => {
  it('finds metric names and leaves out functions, keywords, labels, strings and durations', () => {
    const expr = `(sum by (queue) (rate(a_failed_total{queue=~"x|y", state!="b_c"}[5m]))
      / clamp_min(sum without (instance) (rate(a_done_total[$__rate_interval] offset 1h)), 1e-9)) > 0.05
      unless on (queue) max(b_up) == bool 1 or vector(0) and histogram_quantile(0.95, c_seconds_bucket)`;
    expect(metricNamesInPromql(expr).sort()).toEqual(['a_done_total', 'a_failed_total', 'b_up', 'c_seconds_bucket']);
  });

  it('reads a bare name, a name with a colon, and a name directly before a selector', () => {
    expect(metricNamesInPromql('job:up:sum')).toEqual(['job:up:sum']);
    expect(metricNamesInPromql('x_total{a="1"} > 2')).toEqual(['x_total']);
  });
});

describe('scrapeHas', () => {
  const families = scrapeFamilies(
    ['# HELP a_total x', '# TYPE a_total counter', '# TYPE h_seconds histogram', '# TYPE s summary', 'a_total 1'].join(
      '\n',
    ),
  );

  it('finds a family, and a histogram or summary series by its suffix', () => {
    expect(scrapeHas(families, 'a_total')).toBe(true);
    expect(scrapeHas(families, 'h_seconds_bucket')).toBe(true);
    expect(scrapeHas(families, 'h_seconds_count')).toBe(true);
    expect(scrapeHas(families, 's_sum')).toBe(true);
  });

  it('misses an unknown name, a suffix on a counter, and a bucket of a summary', () => {
    expect(scrapeHas(families, 'a')).toBe(false);
    expect(scrapeHas(families, 'a_total_count')).toBe(false);
    expect(scrapeHas(families, 's_bucket')).toBe(false);
  });
});

describe('dashboardExpressions and ruleExpressions', () => {
  it('collects target exprs in rows, variable definitions and annotation exprs of a dashboard', () => {
    const d = {
      annotations: { list: [{ expr: 'changes(f_total[1m])' }] },
      templating: { list: [{ definition: 'label_values(q_depth, queue)' }] },
      panels: [{ type: 'row', panels: [{ targets: [{ expr: 'sum(x)' }] }] }, { targets: [{ expr: 'y' }] }],
    };
    expect(dashboardExpressions(d).sort()).toEqual(['changes(f_total[1m])', 'q_depth', 'sum(x)', 'y']);
  });

  it('collects rule exprs and queries inside annotation templates', () => {
    const r = {
      groups: [
        { rules: [{ expr: 'a > 1', annotations: { description: 'took {{ with query "max(b)" }}{{ . }}{{ end }}' } }] },
      ],
    };
    expect(ruleExpressions(r)).toEqual(['a > 1', 'max(b)']);
  });
});
