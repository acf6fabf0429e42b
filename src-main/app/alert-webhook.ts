import { createHmac } from 'node:crypto';

/** How a webhook is retried. Every bound holds: count, per-attempt time, and total time. */
export interface WebhookRetryOptions {
  /** Attempts in all, the first included. Default 5. */
  attempts?: number;
  /** Wait before the second attempt; doubles each time. Default 500 ms. */
  baseDelayMs?: number;
  /** Cap on one wait. Default 8000 ms. */
  maxDelayMs?: number;
  /** Each attempt's deadline. Default 5000 ms. */
  timeoutMs?: number;
  /** No attempt starts after this long since the first. Default 30 000 ms. */
  totalMs?: number;
  /** For tests. Default: setTimeout. */
  sleep?: (ms: number) => Promise<void>;
}

/** How one delivery went. */
export interface WebhookResult {
  ok: boolean;
  attempts: number;
  /** The last HTTP status, when a response came. */
  status?: number;
  /** Why the last attempt failed. */
  error?: string;
}

/** `sha256=<hex>` of HMAC-SHA256(secret, body): the `X-Slotline-Signature` header value. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** The wait before attempt `n` (2, 3, …): base × 2^(n−2), capped. */
export function backoffDelay(n: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, n - 2));
}

const sleepFor = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * POSTs `body` (already JSON) to `url`, signed with `secret` when given, retrying network errors,
 * timeouts, 429 and 5xx with exponential backoff; any other 4xx is final (the receiver refused
 * it). Never throws.
 */
export async function deliverWebhook(
  url: string,
  body: string,
  secret: string | undefined,
  options: WebhookRetryOptions = {},
): Promise<WebhookResult> {
  const attempts = options.attempts ?? 5;
  const base = options.baseDelayMs ?? 500;
  const cap = options.maxDelayMs ?? 8000;
  const timeoutMs = options.timeoutMs ?? 5000;
  const totalMs = options.totalMs ?? 30_000;
  const sleep = options.sleep ?? sleepFor;
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'slotline-alerts' };
  if (secret) headers['x-slotline-signature'] = signBody(secret, body);
  const started = Date.now();
  let waited = 0;
  let last: WebhookResult = { ok: false, attempts: 0 };
  for (let n = 1; n <= attempts; n++) {
    if (n > 1) {
      const wait = backoffDelay(n, base, cap);
      // At least the waits so far (also when `sleep` is a test's that returns at once).
      if (Math.max(Date.now() - started, waited) + wait > totalMs) break;
      waited += wait;
      await sleep(wait);
    }
    try {
      const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { ok: true, attempts: n, status: res.status };
      last = { ok: false, attempts: n, status: res.status, error: `HTTP ${res.status}` };
      if (res.status !== 429 && res.status < 500) return last;
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } };
      last = { ok: false, attempts: n, error: err.cause?.code ?? err.cause?.message ?? err.message };
    }
  }
  return last;
}
