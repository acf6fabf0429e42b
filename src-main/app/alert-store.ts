import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SlotlineError } from '../../shared/errors';
import {
  ALERT_HISTORY_MAX_ENTRIES,
  AlertHistoryEntrySchema,
  AlertRuleInputSchema,
  AlertRuleSchema,
  AlertSchema,
  type Alert,
  type AlertHistoryEntry,
  type AlertRule,
  type AlertRuleInput,
  type AlertRuleView,
} from '../../shared/types/alerts';
import { createLogger } from '../log/create-logger';
import { ALERT_ACTIVE_KEY, ALERT_HISTORY_KEY, ALERT_RULES_KEY, ALERT_SNOOZE_KEY } from '../queue/keys';
import { defaultCommandsDir } from '../queue/scripts';
import type { RedisHandle } from '../redis/handle';

const log = createLogger('alerts');
const SCRIPT = 'slAlertTransition';

/** A rule that does not pass validation, or an alert that is not there. */
export class AlertArgumentError extends SlotlineError {
  constructor(message: string) {
    super('invalid-argument', message);
  }
}

let lua: string | undefined;
function transitionScript(): string {
  lua ??= fs.readFileSync(path.join(defaultCommandsDir(), 'alerts', 'alert-transition-3.lua'), 'utf8');
  return lua;
}

/** What consoles may see of a rule: whether it has a webhook secret, not the secret. */
export function ruleView(r: AlertRule): AlertRuleView {
  const { webhook, ...rest } = r;
  return { ...rest, ...(webhook ? { webhook: { url: webhook.url, hasSecret: webhook.secret !== undefined } } : {}) };
}

function describeIssues(e: { issues: Array<{ path: PropertyKey[]; message: string }> }): string {
  return e.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.map(String).join('.') : '(rule)'}: ${i.message}`)
    .join('; ');
}

/**
 * Alert rules, firing alerts, snoozes and history, in Redis (keys.ts `ALERT_*`, all in the
 * `{slotline}` slot), so every console and the CLI share them. Rules are single HSET/HDEL; every
 * change of an alert is one Lua script (`alert-transition-3.lua`), so of several consoles
 * evaluating the same rules exactly one wins each fire and resolve, and delivers it.
 * Webhook secrets are stored in the rules hash as given (not encrypted): whoever can read Redis
 * can read them.
 */
export class AlertStore {
  private defined = false;
  constructor(
    private readonly handle: RedisHandle,
    private readonly now: () => number = Date.now,
  ) {}

  /** Every stored rule, by id order; malformed entries are logged and skipped. */
  async rules(): Promise<AlertRule[]> {
    const flat = (await this.handle.call('HGETALL', ALERT_RULES_KEY)) as string[];
    const out: AlertRule[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      try {
        const parsed = AlertRuleSchema.safeParse(JSON.parse(flat[i + 1]!));
        if (parsed.success) out.push(parsed.data);
        else log.warn(`alert rule ${flat[i]} is malformed and ignored: ${describeIssues(parsed.error)}`);
      } catch {
        log.warn(`alert rule ${flat[i]} is not JSON and is ignored`);
      }
    }
    return out.sort((a, b) => a.id.localeCompare(b.id));
  }

  /**
   * Validates and stores a rule (a new id when none is given). On an update, a webhook without
   * `secret` keeps the stored secret; `clearSecret` drops it.
   */
  async upsert(input: AlertRuleInput): Promise<AlertRule> {
    const parsed = AlertRuleInputSchema.safeParse(input);
    if (!parsed.success) throw new AlertArgumentError(`alert rule refused: ${describeIssues(parsed.error)}`);
    const r = parsed.data;
    const id = r.id ?? `rule-${randomUUID().slice(0, 8)}`;
    const old = r.id ? await this.rule(r.id) : undefined;
    const secret = r.webhook?.clearSecret ? undefined : (r.webhook?.secret ?? old?.webhook?.secret);
    const rule: AlertRule = {
      id,
      name: r.name,
      enabled: r.enabled,
      ...(r.queue ? { queue: r.queue } : {}),
      condition: r.condition,
      notify: r.notify,
      ...(r.webhook ? { webhook: { url: r.webhook.url, ...(secret ? { secret } : {}) } } : {}),
      updatedAt: this.now(),
    };
    await this.handle.call('HSET', ALERT_RULES_KEY, id, JSON.stringify(rule));
    return rule;
  }

  async rule(id: string): Promise<AlertRule | undefined> {
    const raw = (await this.handle.call('HGET', ALERT_RULES_KEY, id)) as string | null;
    if (raw === null) return undefined;
    const parsed = AlertRuleSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  }

  /** Removes a rule and its firing alerts (recorded as resolved). False when there was none. */
  async remove(id: string): Promise<boolean> {
    const removed = (await this.handle.call('HDEL', ALERT_RULES_KEY, id)) as number;
    for (const a of await this.firing())
      if (a.ruleId === id) await this.resolve({ ...a, state: 'resolved', resolvedAt: this.now() });
    return removed === 1;
  }

  /** Whether a rule exists now (not from any console's cache). */
  async hasRule(id: string): Promise<boolean> {
    return Number(await this.handle.call('HEXISTS', ALERT_RULES_KEY, id)) === 1;
  }

  /** The firing alerts every console shares. */
  async firing(): Promise<Alert[]> {
    const flat = (await this.handle.call('HGETALL', ALERT_ACTIVE_KEY)) as string[];
    const out: Alert[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      const a = this.parseAlert(flat[i + 1]!);
      if (a) out.push(a);
    }
    return out.sort((a, b) => a.since - b.since);
  }

  /** Records a firing alert; the stored alert (with any snooze) if this caller won, else undefined. */
  fire(alert: Alert): Promise<Alert | undefined> {
    return this.transition('fire', alert.key, JSON.stringify(alert));
  }

  /** Records a resolve; the stored alert (with its ack) if this caller won, else undefined. */
  resolve(alert: Alert): Promise<Alert | undefined> {
    return this.transition('resolve', alert.key, JSON.stringify(alert));
  }

  /** Acknowledges a firing alert, or AlertArgumentError naming the key. */
  async ack(key: string, who: string): Promise<Alert> {
    const a = await this.transition('ack', key, who);
    if (!a) throw new AlertArgumentError(`no firing alert ${JSON.stringify(key)}: expected a key from alerts:active`);
    return a;
  }

  /** Holds back a firing alert's deliveries until `until` (ms), also across a resolve and re-fire. */
  async snooze(key: string, until: number, who: string): Promise<Alert> {
    if (!Number.isFinite(until) || until <= this.now())
      throw new AlertArgumentError(`snooze until ${until}: expected a time in the future (ms since the epoch)`);
    const a = await this.transition('snooze', key, who, String(Math.round(until)));
    if (!a) throw new AlertArgumentError(`no firing alert ${JSON.stringify(key)}: expected a key from alerts:active`);
    return a;
  }

  /** Until when deliveries of an alert are held back (0 when not snoozed). */
  async snoozedUntil(key: string): Promise<number> {
    return Number((await this.handle.call('HGET', ALERT_SNOOZE_KEY, key)) ?? 0) || 0;
  }

  /** Newest first, at most `limit` (default 100). */
  async history(limit = 100): Promise<AlertHistoryEntry[]> {
    const rows = (await this.handle.call('XREVRANGE', ALERT_HISTORY_KEY, '+', '-', 'COUNT', limit)) as Array<
      [string, string[]]
    >;
    const out: AlertHistoryEntry[] = [];
    for (const [id, fields] of rows) {
      const i = fields.indexOf('e');
      if (i < 0) continue;
      try {
        const parsed = AlertHistoryEntrySchema.safeParse({ ...JSON.parse(fields[i + 1]!), id });
        if (parsed.success) out.push(parsed.data);
      } catch {
        // a foreign record in the stream: skipped
      }
    }
    return out;
  }

  private async transition(op: string, key: string, arg: string, until = ''): Promise<Alert | undefined> {
    if (!this.defined) {
      this.handle.defineScripts([{ name: SCRIPT, numberOfKeys: 3, lua: transitionScript() }]);
      this.defined = true;
    }
    const r = await this.handle.runScript<string | number>(
      SCRIPT,
      [ALERT_ACTIVE_KEY, ALERT_HISTORY_KEY, ALERT_SNOOZE_KEY],
      [op, key, arg, this.now(), ALERT_HISTORY_MAX_ENTRIES, until],
    );
    return typeof r === 'string' ? this.parseAlert(r) : undefined;
  }

  private parseAlert(json: string): Alert | undefined {
    try {
      const parsed = AlertSchema.safeParse(JSON.parse(json));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }
}
