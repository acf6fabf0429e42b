import { AlertConditionSchema, type AlertRuleInput } from '../../../shared/types/alerts';
import { AlertStore, ruleView } from '../../app/alert-store';
import { cliActor } from '../../app/audit-log';
import { connectionFlags, intFlag, numberFlag, parseCommand } from '../args';
import { audited } from '../audited';
import { UsageError } from '../cli-error';
import { withConnection } from '../connect';
import type { CliIo } from '../io';

const USAGE = `slotline alerts list [--json]                 rules and active alerts
slotline alerts add --name N --kind K [options] add a rule (--id ID replaces that rule)
slotline alerts rm <rule-id>                    remove a rule
slotline alerts ack <alert-key>                 acknowledge a firing alert
slotline alerts snooze <alert-key> --for-ms MS  hold back its notifications and webhooks
slotline alerts history [--limit N] [--json]    fired, resolved, acked and snoozed, newest first

Kinds and their options (times in ms):
  backlog          --threshold N --for-ms T       waiting tasks over N for T
  oldest-waiting   --age-ms A [--for-ms T]        oldest waiting task older than A
  failure-rate     --percent P --window-ms W [--min-tasks N]
  stalls           --count N --window-ms W        more than N stalls in W
  no-worker        --for-ms T                     no live worker for T
  cluster-state    --for-ms T                     cluster_state not ok for T
  failover         [--hold-ms H]                  a replica was promoted (firing for H, default 10 min)
  replica-link-down --for-ms T
  replication-lag  --bytes B --for-ms T
Common: --queue Q (queue kinds; default every queue), --webhook URL [--secret S], --no-notify, --disabled`;

const FLAGS = {
  ...connectionFlags,
  json: { type: 'boolean' },
  id: { type: 'string' },
  name: { type: 'string' },
  kind: { type: 'string' },
  queue: { type: 'string' },
  threshold: { type: 'string' },
  'for-ms': { type: 'string' },
  'age-ms': { type: 'string' },
  percent: { type: 'string' },
  'window-ms': { type: 'string' },
  'min-tasks': { type: 'string' },
  count: { type: 'string' },
  'hold-ms': { type: 'string' },
  bytes: { type: 'string' },
  webhook: { type: 'string' },
  secret: { type: 'string' },
  'no-notify': { type: 'boolean' },
  disabled: { type: 'boolean' },
  limit: { type: 'string' },
} as const;

type Values = Record<string, string | boolean | Array<string | boolean> | undefined>;

const MAX_MS = 7 * 86_400_000;

/** The condition the flags describe; refuses a missing or out-of-range one with the flag's name. */
export function conditionFromFlags(v: Values): AlertRuleInput['condition'] {
  const kind = v.kind;
  const need = (flag: string) => {
    if (v[flag] === undefined) throw new UsageError(`slotline alerts add --kind ${String(kind)} needs --${flag}`);
    return v[flag];
  };
  const ms = (flag: string, fallback?: number) =>
    fallback === undefined ? intFlag(flag, need(flag), 0, 0, MAX_MS) : intFlag(flag, v[flag], fallback, 0, MAX_MS);
  let c: unknown;
  switch (kind) {
    case 'backlog':
      c = { kind, threshold: intFlag('threshold', need('threshold'), 0, 0), forMs: ms('for-ms', 0) };
      break;
    case 'oldest-waiting':
      c = { kind, ageMs: ms('age-ms'), forMs: ms('for-ms', 0) };
      break;
    case 'failure-rate':
      c = {
        kind,
        percent: numberFlag('percent', need('percent'), 0, 0, 100),
        windowMs: ms('window-ms'),
        minTasks: intFlag('min-tasks', v['min-tasks'], 10, 1, 1_000_000),
      };
      break;
    case 'stalls':
      c = { kind, count: intFlag('count', need('count'), 0, 0), windowMs: ms('window-ms') };
      break;
    case 'no-worker':
    case 'cluster-state':
    case 'replica-link-down':
      c = { kind, forMs: ms('for-ms', 0) };
      break;
    case 'failover':
      c = { kind, holdMs: ms('hold-ms', 600_000) };
      break;
    case 'replication-lag':
      c = { kind, bytes: intFlag('bytes', need('bytes'), 0, 0), forMs: ms('for-ms', 0) };
      break;
    default:
      throw new UsageError(
        `--kind ${JSON.stringify(kind ?? '')}: expected one of ${AlertConditionSchema.options.map((o) => o.shape.kind.value).join(', ')}`,
      );
  }
  return c as AlertRuleInput['condition'];
}

function when(ms: number | undefined): string {
  return ms === undefined ? '-' : new Date(ms).toISOString();
}

/** `slotline alerts list|add|rm|ack|snooze|history`: the rules every console shares. */
export async function alertsCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('alerts', argv, FLAGS);
  const [sub, arg] = positionals;
  if (values.help || sub === undefined) return (io.out(USAGE), sub === undefined && !values.help ? 2 : 0);
  const needArg = (what: string) => {
    if (!arg) throw new UsageError(`slotline alerts ${sub} needs ${what}:\n${USAGE}`);
    return arg;
  };
  const subs = ['list', 'add', 'rm', 'ack', 'snooze', 'history'];
  if (!subs.includes(sub))
    throw new UsageError(`slotline alerts ${JSON.stringify(sub)}: expected one of ${subs.join(', ')}`);
  // Check the flags before connecting, so a typo costs no connection.
  const input: AlertRuleInput | undefined =
    sub === 'add'
      ? {
          ...(values.id ? { id: String(values.id) } : {}),
          name: typeof values.name === 'string' ? values.name : ((values.kind as string | undefined) ?? ''),
          enabled: !values.disabled,
          notify: !values['no-notify'],
          ...(values.queue ? { queue: String(values.queue) } : {}),
          condition: conditionFromFlags(values),
          ...(values.webhook
            ? { webhook: { url: String(values.webhook), ...(values.secret ? { secret: String(values.secret) } : {}) } }
            : {}),
        }
      : undefined;
  const snoozeFor = sub === 'snooze' ? intFlag('for-ms', values['for-ms'] ?? '3600000', 3_600_000, 1000, MAX_MS) : 0;
  const limit = intFlag('limit', values.limit, 20, 1, 2000);
  return withConnection(values, io, async (h) => {
    const store = new AlertStore(h);
    switch (sub) {
      case 'list': {
        const [rules, firing] = await Promise.all([store.rules(), store.firing()]);
        if (values.json) io.out(JSON.stringify({ rules: rules.map(ruleView), firing }, null, 2));
        else {
          if (rules.length === 0) io.out('no alert rules: slotline alerts add --name … --kind … creates one');
          for (const r of rules.map(ruleView))
            io.out(
              `${r.id}  ${r.enabled ? 'on ' : 'off'}  ${r.name}  ${JSON.stringify(r.condition)}${r.queue ? `  queue=${r.queue}` : ''}${r.webhook ? `  webhook=${r.webhook.url}${r.webhook.hasSecret ? ' (signed)' : ''}` : ''}`,
            );
          io.out(firing.length ? `firing (${firing.length}):` : 'nothing firing');
          for (const a of firing)
            io.out(
              `  ${a.key}  since ${when(a.firedAt)}  ${a.message}${a.ackedBy ? `  acked by ${a.ackedBy}` : ''}${(a.snoozedUntil ?? 0) > Date.now() ? `  snoozed until ${when(a.snoozedUntil)}` : ''}`,
            );
        }
        return 0;
      }
      case 'add': {
        const rule = await audited(
          h,
          'alerts-add',
          { name: input!.name, kind: input!.condition.kind, queue: input!.queue },
          () => store.upsert(input!),
          () => 1,
        );
        io.out(values.json ? JSON.stringify(ruleView(rule), null, 2) : `rule ${rule.id} saved: ${rule.name}`);
        return 0;
      }
      case 'rm': {
        const id = needArg('a rule id (slotline alerts list shows them)');
        const removed = await audited(
          h,
          'alerts-rm',
          { id },
          () => store.remove(id),
          (r) => (r ? 1 : 0),
        );
        io.out(removed ? `rule ${id} removed` : `no rule ${id}`);
        return removed ? 0 : 1;
      }
      case 'ack': {
        const key = needArg('an alert key (slotline alerts list shows them)');
        const a = await audited(
          h,
          'alerts-ack',
          { id: key },
          () => store.ack(key, cliActor()),
          () => 1,
        );
        io.out(`acknowledged ${a.key}: ${a.message}`);
        return 0;
      }
      case 'snooze': {
        const key = needArg('an alert key (slotline alerts list shows them)');
        const until = Date.now() + snoozeFor;
        const a = await audited(
          h,
          'alerts-snooze',
          { id: key, forMs: snoozeFor },
          () => store.snooze(key, until, cliActor()),
          () => 1,
        );
        io.out(`snoozed ${a.key} until ${when(a.snoozedUntil)}`);
        return 0;
      }
      default: {
        const entries = await store.history(limit);
        if (values.json) io.out(JSON.stringify(entries, null, 2));
        else if (entries.length === 0) io.out('no alert history yet');
        else
          for (const e of entries)
            io.out(
              `${when(e.at)}  ${e.event.padEnd(8)}  ${e.alert.key}  ${e.alert.message}${e.who ? `  by ${e.who}` : ''}`,
            );
        return 0;
      }
    }
  });
}
