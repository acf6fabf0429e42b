/**
 * OpenTelemetry for the queue, through `@opentelemetry/api` alone. Without an SDK registered by
 * the application the API hands out no-op tracers and meters; this module notices that and then
 * builds no span, no attribute object and no trace context at all, so a queue without an SDK pays
 * a clock read per enqueue and per attempt.
 *
 * Spans: `enqueue <queue>` (producer) per task enqueued, `process <queue>` (consumer) per attempt,
 * a child of the enqueue span: the producer's context travels in the task record as `tc` (what
 * the application's propagator injects, W3C `traceparent`/`tracestate` usually), so a worker's
 * span joins the producer's trace. Metrics: `slotline.tasks.enqueued`, `slotline.attempts` and
 * `slotline.attempt.duration` (ms). README "OpenTelemetry" lists every name.
 */
import {
  context,
  createNoopMeter,
  metrics,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Counter,
  type Histogram,
  type Span,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import type { TaskRecord } from './task-record';

/** The instrumentation scope's name. */
const SCOPE = 'slotline';
/**
 * How long a lookup of the global providers is trusted. An SDK registered (or replaced, as tests
 * do) after a queue opened is picked up within this; a lookup per task would cost more than the
 * rest of this module when no SDK is there.
 */
const RECHECK_MS = 1000;

/** How an attempt ended, as the `slotline.attempt.outcome` attribute of its span and metrics. */
export type AttemptOutcome =
  'completed' | 'retried' | 'failed' | 'cancelled' | 'lease-lost' | 'rate-limited' | 'released' | 'unknown';

/** Outcomes that mark the attempt span as an error. */
const ERROR_OUTCOMES = new Set<AttemptOutcome>(['retried', 'failed', 'lease-lost', 'unknown']);

/** One attempt's telemetry, carried on its lease from start to the end of the lease. */
export interface AttemptTelemetry {
  /** Set when an SDK traces. */
  span?: Span;
  /** The context the handler runs in (the attempt span active), when tracing. */
  context?: Context;
  startedAt: number;
  outcome?: AttemptOutcome;
  error?: Error;
}

interface Instruments {
  enqueued: Counter;
  attempts: Counter;
  duration: Histogram;
}

/** Instruments per meter provider, shared by every queue recording to it. */
const instrumentsByProvider = new WeakMap<object, Instruments>();

/** The SDK's tracer, or undefined while the global provider is the API's no-op proxy. */
function currentTracer(): Tracer | undefined {
  // Duck-typed: the registered proxy may come from another copy of the API than this one.
  const tp = trace.getTracerProvider() as TracerProvider & {
    getDelegateTracer?: (name: string) => Tracer | undefined;
  };
  return typeof tp.getDelegateTracer === 'function' ? tp.getDelegateTracer(SCOPE) : tp.getTracer(SCOPE);
}

/** The instruments of the registered meter provider, or undefined when there is none. */
function currentInstruments(): Instruments | undefined {
  const provider = metrics.getMeterProvider();
  const meter = provider.getMeter(SCOPE);
  // Without a registered provider the API answers with its one no-op meter.
  if (meter === createNoopMeter()) return undefined;
  let i = instrumentsByProvider.get(provider);
  if (!i) {
    i = {
      enqueued: meter.createCounter('slotline.tasks.enqueued', {
        description: 'Tasks stored by enqueue (not counting existing ids or deduplicated enqueues)',
        unit: '{task}',
      }),
      attempts: meter.createCounter('slotline.attempts', {
        description: 'Attempts that ended, by slotline.attempt.outcome',
        unit: '{attempt}',
      }),
      duration: meter.createHistogram('slotline.attempt.duration', {
        description: 'Time from the start of an attempt until its outcome was recorded in Redis',
        unit: 'ms',
      }),
    };
    instrumentsByProvider.set(provider, i);
  }
  return i;
}

/** The trace context the propagator writes for `span`; undefined when it writes nothing. */
function inject(span: Span): Record<string, string> | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(context.active(), span), carrier);
  for (const _ in carrier) return carrier;
  return undefined;
}

/**
 * A queue's telemetry: spans and metric points, each only when an SDK is there to take them.
 * @internal one per Queue; workers record through their queue's.
 */
export class QueueTelemetry {
  private checkedAt = -Infinity;
  private tracer: Tracer | undefined;
  private instruments: Instruments | undefined;
  private readonly base: Attributes;
  private readonly byOutcome = new Map<AttemptOutcome, Attributes>();

  constructor(private readonly queue: string) {
    this.base = { 'messaging.system': 'slotline', 'messaging.destination.name': queue };
  }

  private refresh(now: number): void {
    if (now - this.checkedAt < RECHECK_MS) return;
    this.checkedAt = now;
    this.tracer = currentTracer();
    this.instruments = currentInstruments();
  }

  /**
   * Starts the producer span of one task about to be enqueued (a child of the caller's active
   * span) and returns it with the trace context to store in the task; undefined without tracing.
   */
  startEnqueue(
    now: number,
    id: string,
    partition: number,
    batchSize?: number,
  ): { span: Span; tc: Record<string, string> | undefined } | undefined {
    this.refresh(now);
    if (!this.tracer) return undefined;
    const attributes: Attributes = {
      ...this.base,
      'messaging.operation.name': 'enqueue',
      'messaging.operation.type': 'send',
      'messaging.message.id': id,
      'messaging.destination.partition.id': String(partition),
    };
    if (batchSize !== undefined) attributes['messaging.batch.message_count'] = batchSize;
    const span = this.tracer.startSpan(`enqueue ${this.queue}`, { kind: SpanKind.PRODUCER, attributes });
    return { span, tc: inject(span) };
  }

  /** Ends an enqueue span with what the script answered, or with the error that failed it. */
  endEnqueue(span: Span, r: { created: boolean; deduplicated?: boolean }, error?: unknown): void {
    if (error !== undefined) markError(span, error);
    else
      span.setAttribute(
        'slotline.enqueue.result',
        r.deduplicated ? 'deduplicated' : r.created ? 'created' : 'existing',
      );
    span.end();
  }

  /** Counts the tasks one enqueue script call stored (its answers: true for each one stored). */
  countEnqueued(answers: ReadonlyArray<boolean | string>): void {
    if (!this.instruments) return;
    let n = 0;
    for (const a of answers) if (a === true) n++;
    if (n > 0) this.instruments.enqueued.add(n, this.base);
  }

  /**
   * Starts one attempt's telemetry: a consumer span whose parent is the producer's span when the
   * task carries its context (else a new trace: never the worker's ambient context, which would
   * hang every task under whatever span started the worker). Undefined without an SDK.
   */
  startAttempt(id: string, partition: number, rec: TaskRecord | null, workerId: string): AttemptTelemetry | undefined {
    this.refresh(Date.now());
    if (!this.tracer) return this.instruments ? { startedAt: performance.now() } : undefined;
    // Read from Redis, so checked: a record written by something else may hold anything there.
    const tc: unknown = rec?.tc;
    const parent = typeof tc === 'object' && tc !== null ? propagation.extract(ROOT_CONTEXT, tc) : ROOT_CONTEXT;
    const producer = trace.getSpanContext(parent);
    const attributes: Attributes = {
      ...this.base,
      'messaging.operation.name': 'process',
      'messaging.operation.type': 'process',
      'messaging.message.id': id,
      'messaging.destination.partition.id': String(partition),
      'messaging.client.id': workerId,
    };
    if (typeof rec?.attemptsMade === 'number') attributes['slotline.attempt'] = rec.attemptsMade;
    const span = this.tracer.startSpan(
      `process ${this.queue}`,
      { kind: SpanKind.CONSUMER, attributes, ...(producer ? { links: [{ context: producer }] } : {}) },
      parent,
    );
    return { span, context: trace.setSpan(parent, span), startedAt: performance.now() };
  }

  /** Ends an attempt: its span with outcome (and error), and its count and duration. */
  endAttempt(a: AttemptTelemetry): void {
    const outcome = a.outcome ?? 'unknown';
    if (a.span) {
      a.span.setAttribute('slotline.attempt.outcome', outcome);
      if (ERROR_OUTCOMES.has(outcome)) markError(a.span, a.error ?? new Error(`attempt ended: ${outcome}`));
      a.span.end();
    }
    const i = this.instruments;
    if (!i) return;
    let attrs = this.byOutcome.get(outcome);
    if (!attrs) {
      attrs = { ...this.base, 'slotline.attempt.outcome': outcome };
      this.byOutcome.set(outcome, attrs);
    }
    i.attempts.add(1, attrs);
    i.duration.record(performance.now() - a.startedAt, attrs);
  }
}

function markError(span: Span, error: unknown): void {
  const e = error instanceof Error ? error : new Error(String(error));
  span.recordException(e);
  span.setAttribute('error.type', e.name);
  span.setStatus({ code: SpanStatusCode.ERROR, message: e.message });
}

/** Records how an attempt ended (the first outcome stands); nothing when it has no telemetry. */
export function noteOutcome(a: AttemptTelemetry | undefined, outcome: AttemptOutcome, error?: Error): void {
  if (!a || a.outcome) return;
  a.outcome = outcome;
  if (error) a.error = error;
}
