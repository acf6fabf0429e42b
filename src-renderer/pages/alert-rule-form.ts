import { AlertRuleInputSchema, type AlertKind, type AlertRuleInput } from '../../shared/types/alerts';

/** The editor's fields, as text (what the inputs hold). */
export interface RuleDraft {
  name: string;
  kind: AlertKind;
  queue: string;
  /** threshold / count / bytes / percent, by kind. */
  amount: string;
  /** forMs / ageMs / windowMs / holdMs, by kind, in seconds. */
  seconds: string;
  /** backlog, oldest-waiting: the hold (forMs) in seconds, beside `seconds` as the age. */
  forSeconds: string;
  webhookUrl: string;
  webhookSecret: string;
}

export const EMPTY_DRAFT: RuleDraft = {
  name: '',
  kind: 'backlog',
  queue: '',
  amount: '100',
  seconds: '60',
  forSeconds: '0',
  webhookUrl: '',
  webhookSecret: '',
};

/** What each kind's two inputs mean, for labels. */
export const KIND_FIELDS: Record<AlertKind, { amount?: string; seconds: string; queue: boolean }> = {
  backlog: { amount: 'Waiting over', seconds: 'For (s)', queue: true },
  'oldest-waiting': { seconds: 'Older than (s)', queue: true },
  'failure-rate': { amount: 'Failed over (%)', seconds: 'Window (s)', queue: true },
  stalls: { amount: 'Stalls over', seconds: 'Window (s)', queue: true },
  'no-worker': { seconds: 'For (s)', queue: true },
  'cluster-state': { seconds: 'For (s)', queue: false },
  failover: { seconds: 'Firing for (s)', queue: false },
  'replica-link-down': { seconds: 'For (s)', queue: false },
  'replication-lag': { amount: 'Bytes behind over', seconds: 'For (s)', queue: false },
};

function condition(d: RuleDraft): unknown {
  const n = d.amount.trim() === '' ? NaN : Number(d.amount);
  const ms = d.seconds.trim() === '' ? NaN : Math.round(Number(d.seconds) * 1000);
  switch (d.kind) {
    case 'backlog':
      return { kind: d.kind, threshold: n, forMs: ms };
    case 'oldest-waiting':
      return { kind: d.kind, ageMs: ms, forMs: Math.round(Number(d.forSeconds || 0) * 1000) };
    case 'failure-rate':
      return { kind: d.kind, percent: n, windowMs: ms };
    case 'stalls':
      return { kind: d.kind, count: n, windowMs: ms };
    case 'failover':
      return { kind: d.kind, holdMs: ms };
    case 'replication-lag':
      return { kind: d.kind, bytes: n, forMs: ms };
    default:
      return { kind: d.kind, forMs: ms };
  }
}

/** The rule a draft describes, or the validation messages (field: problem) to show. */
export function ruleFromDraft(d: RuleDraft): { rule: AlertRuleInput } | { errors: string[] } {
  const candidate = {
    name: d.name.trim(),
    ...(d.queue.trim() && KIND_FIELDS[d.kind].queue ? { queue: d.queue.trim() } : {}),
    condition: condition(d),
    ...(d.webhookUrl.trim()
      ? { webhook: { url: d.webhookUrl.trim(), ...(d.webhookSecret ? { secret: d.webhookSecret } : {}) } }
      : {}),
  };
  const parsed = AlertRuleInputSchema.safeParse(candidate);
  if (parsed.success) return { rule: candidate as AlertRuleInput };
  return {
    errors: parsed.error.issues.map((i) => `${i.path.length ? i.path.map(String).join('.') : 'rule'}: ${i.message}`),
  };
}
