/**
 * Metric names out of PromQL expressions and Prometheus text expositions, so a test can hold the
 * Grafana dashboard and the alert rules in docs/ to what the exporter really serves.
 */

const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'inf',
  'nan',
  'atan2',
]);

/** Every metric name an expression reads (functions, keywords, labels and durations left out). */
export function metricNamesInPromql(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const m of bare.matchAll(/(?<![\w:.$])[a-zA-Z_:][\w:]*(?![\w:])/g)) {
    const after = bare.slice(m.index + m[0].length);
    if (/^\s*\(/.test(after) || KEYWORDS.has(m[0].toLowerCase())) continue;
    names.add(m[0]);
  }
  return [...names];
}

/** Family name → type (`counter`, `gauge`, `histogram`, …) from the `# TYPE` lines of a scrape. */
export function scrapeFamilies(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) out.set(m[1]!, m[2]!);
  return out;
}

/**
 * Whether a name a query uses exists in a scrape: as a family, or as a histogram's `_bucket`,
 * `_sum` or `_count` series, or a summary's `_sum` or `_count` series.
 */
export function scrapeHas(families: Map<string, string>, name: string): boolean {
  if (families.has(name)) return true;
  const m = /^(.*)_(bucket|sum|count)$/.exec(name);
  if (!m) return false;
  const type = families.get(m[1]!);
  return type === 'histogram' || (type === 'summary' && m[2] !== 'bucket');
}

/** Every PromQL expression in a Grafana dashboard: panel targets (rows included), variables, annotations. */
export function dashboardExpressions(dashboard: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key?: string): void => {
    if (Array.isArray(v)) return v.forEach((x) => walk(x));
    if (v === null || typeof v !== 'object') {
      if (typeof v === 'string' && (key === 'expr' || key === 'definition')) out.push(labelValuesMetric(v) ?? v);
      return;
    }
    for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(dashboard);
  return out;
}

/** `label_values(metric, label)` (a Grafana variable query) → `metric`. */
function labelValuesMetric(q: string): string | undefined {
  return /^\s*label_values\(\s*([^,)]+)\s*,/.exec(q)?.[1]?.trim();
}

interface RuleFile {
  groups: Array<{ rules: Array<{ expr: string; annotations?: Record<string, string> }> }>;
}

/** Every PromQL expression in a rules file: each rule's `expr` and any `query "…"` in its annotations. */
export function ruleExpressions(rules: RuleFile): string[] {
  const out: string[] = [];
  for (const g of rules.groups)
    for (const r of g.rules) {
      out.push(r.expr);
      for (const text of Object.values(r.annotations ?? {}))
        for (const m of text.matchAll(/query\s+"((?:[^"\\]|\\.)*)"/g)) out.push(m[1]!);
    }
  return out;
}
