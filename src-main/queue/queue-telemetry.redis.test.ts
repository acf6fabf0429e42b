import { context, metrics, propagation, SpanKind, SpanStatusCode, trace, type SpanContext } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { MeterProvider, MetricReader, type MetricData } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queueFixture, until } from '../testing/queue-fixture';
import { redisTarget } from '../testing/redis-target';
import type { EnqueueResult, Queue } from './queue';
import type { TaskRecord } from './task-record';

const target = redisTarget();
const fx = queueFixture();
afterAll(() => fx.close());
const partitions = target.mode === 'cluster' ? 3 : 1;

/** Collects on demand, so a test reads its metrics when it wants them (no export timer). */
class TestReader extends MetricReader {
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** The stored record of an enqueued task, as the worker will read it. */
async function storedRecord(q: Queue, r: EnqueueResult): Promise<{ raw: string; rec: TaskRecord }> {
  const raw = (await q.handle.call('HGET', q.partitions[r.partition]!.keys.data, r.id)) as string;
  return { raw, rec: JSON.parse(raw) as TaskRecord };
}

/** Removes every global the SDK set, so no other test (or the next one here) sees it. */
function disableGlobals(): void {
  trace.disable();
  metrics.disable();
  propagation.disable();
  context.disable();
}

describe(`OpenTelemetry without an SDK (${target.mode}, needs Redis)`, () => {
  afterEach(disableGlobals);

  it('stores no trace context in a task and still runs it', async () => {
    const q = await fx.queue({ partitions });
    const one = await q.enqueue({ n: 1 });
    const bulk = await q.enqueueBulk([{ payload: { n: 2 } }, { payload: { n: 3 }, id: 'fixed-id' }]);
    // A propagator alone (no tracer provider) writes nothing either: there is no span to carry.
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    const withPropagator = await q.enqueue({ n: 4 });
    for (const r of [one, ...bulk, withPropagator]) {
      const { raw, rec } = await storedRecord(q, r);
      expect(rec).not.toHaveProperty('tc');
      expect(raw).not.toContain('"tc"');
      expect(raw).not.toContain('traceparent');
    }
    let done = 0;
    fx.worker(q, () => 'ok')
      .on('completed', () => done++)
      .start();
    await until('the 4 tasks completed', () => done === 4);
  });
});

describe(`OpenTelemetry with an SDK registered (${target.mode}, needs Redis)`, () => {
  let exporter: InMemorySpanExporter;
  let tracerProvider: BasicTracerProvider;
  let reader: TestReader;
  let meterProvider: MeterProvider;

  beforeEach(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    exporter = new InMemorySpanExporter();
    tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    expect(trace.setGlobalTracerProvider(tracerProvider)).toBe(true);
    reader = new TestReader();
    meterProvider = new MeterProvider({ readers: [reader] });
    expect(metrics.setGlobalMeterProvider(meterProvider)).toBe(true);
  });

  afterEach(async () => {
    disableGlobals();
    await tracerProvider.shutdown();
    await meterProvider.shutdown();
  });

  const spansNamed = (name: string) => exporter.getFinishedSpans().filter((s) => s.name === name);

  async function collect(): Promise<Map<string, MetricData>> {
    const { resourceMetrics, errors } = await reader.collect();
    expect(errors).toEqual([]);
    const scope = resourceMetrics.scopeMetrics.find((s) => s.scope.name === 'slotline');
    return new Map((scope?.metrics ?? []).map((m) => [m.descriptor.name, m]));
  }

  function expectChildOf(span: ReadableSpan, parent: SpanContext): void {
    expect(span.spanContext().traceId).toBe(parent.traceId);
    expect(span.parentSpanContext?.spanId).toBe(parent.spanId);
  }

  it("a worker's attempt span joins the producer's trace, as a child of its enqueue span", async () => {
    const q = await fx.queue({ partitions });
    const tracer = trace.getTracer('test');
    let rootContext: SpanContext | undefined;
    const results = await tracer.startActiveSpan('request', async (root) => {
      rootContext = root.spanContext();
      const single = await q.enqueue({ n: 1 }, { id: 'otel-single' });
      const again = await q.enqueue({ n: 1 }, { id: 'otel-single' });
      const bulk = await q.enqueueBulk([{ payload: { n: 2 } }, { payload: { n: 3 } }]);
      root.end();
      return { single, again, bulk };
    });
    expect(results.again.created).toBe(false);

    const enqueueSpans = spansNamed(`enqueue ${q.name}`);
    expect(enqueueSpans).toHaveLength(4);
    const byId = new Map<string, ReadableSpan>();
    for (const s of enqueueSpans) {
      expect(s.kind).toBe(SpanKind.PRODUCER);
      expectChildOf(s, rootContext!);
      expect(s.attributes).toMatchObject({
        'messaging.system': 'slotline',
        'messaging.destination.name': q.name,
        'messaging.operation.type': 'send',
      });
      expect(s.status.code).toBe(SpanStatusCode.UNSET);
      if (s.attributes['slotline.enqueue.result'] === 'created')
        byId.set(String(s.attributes['messaging.message.id']), s);
    }
    expect(enqueueSpans.map((s) => s.attributes['slotline.enqueue.result']).sort()).toEqual([
      'created',
      'created',
      'created',
      'existing',
    ]);
    expect(enqueueSpans.filter((s) => s.attributes['messaging.batch.message_count'] === 2)).toHaveLength(2);

    // The stored context names each task's own enqueue span.
    const tasks = [results.single, ...results.bulk];
    for (const r of tasks) {
      const span = byId.get(r.id)!;
      expect(span.attributes['messaging.destination.partition.id']).toBe(String(r.partition));
      const { raw, rec } = await storedRecord(q, r);
      expect(rec.tc?.traceparent).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
      // Still enqueue's exact shape, so reserve-11.lua starts it on its fast path (no cjson round trip).
      expect(raw.endsWith('"history":[]}')).toBe(true);
    }

    const activeInHandler = new Map<string, string | undefined>();
    const w = fx
      .worker(q, (task) => {
        activeInHandler.set(task.id, trace.getActiveSpan()?.spanContext().spanId);
        return 'ok';
      })
      .start();
    await until('3 attempt spans ended', () => spansNamed(`process ${q.name}`).length === 3);
    for (const s of spansNamed(`process ${q.name}`)) {
      const id = String(s.attributes['messaging.message.id']);
      const producer = byId.get(id)!.spanContext();
      expect(s.kind).toBe(SpanKind.CONSUMER);
      expectChildOf(s, producer);
      expect(s.links.map((l) => l.context.spanId)).toEqual([producer.spanId]);
      expect(s.attributes).toMatchObject({
        'messaging.system': 'slotline',
        'messaging.destination.name': q.name,
        'messaging.operation.type': 'process',
        'messaging.destination.partition.id': String(tasks.find((t) => t.id === id)!.partition),
        'messaging.client.id': w.id,
        'slotline.attempt': 1,
        'slotline.attempt.outcome': 'completed',
      });
      expect(s.status.code).toBe(SpanStatusCode.UNSET);
      // The handler ran with its attempt span active, so its own spans would be children of it.
      expect(activeInHandler.get(id)).toBe(s.spanContext().spanId);
    }

    const m = await collect();
    const enqueued = m.get('slotline.tasks.enqueued')!;
    expect(enqueued.dataPoints).toEqual([
      expect.objectContaining({
        value: 3,
        attributes: { 'messaging.system': 'slotline', 'messaging.destination.name': q.name },
      }),
    ]);
    expect(m.get('slotline.attempts')!.dataPoints).toEqual([
      expect.objectContaining({
        value: 3,
        attributes: expect.objectContaining({ 'slotline.attempt.outcome': 'completed' }),
      }),
    ]);
    const duration = m.get('slotline.attempt.duration')!;
    expect(duration.descriptor.unit).toBe('ms');
    expect(duration.dataPoints).toHaveLength(1);
    expect(duration.dataPoints[0]!.value).toMatchObject({ count: 3 });
  });

  it('a failing attempt has error status, and each retry is another child of the enqueue span', async () => {
    const q = await fx.queue({ partitions });
    const r = await q.enqueue({ n: 1 }, { maxAttempts: 2, backoff: { type: 'fixed', delayMs: 1 } });
    const [enqueueSpan] = spansNamed(`enqueue ${q.name}`);
    expect(enqueueSpan).toBeDefined();
    // No active span around the enqueue: the enqueue span starts a trace of its own.
    expect(enqueueSpan!.parentSpanContext).toBeUndefined();
    let finalFailure = false;
    fx.worker(q, () => {
      throw new Error('downstream said no');
    })
      .on('failed', (_id: string, _e: Error, final: boolean) => (finalFailure ||= final))
      .start();
    await until('2 attempt spans ended', () => spansNamed(`process ${q.name}`).length === 2);
    expect(finalFailure).toBe(true);
    const attempts = spansNamed(`process ${q.name}`).sort(
      (a, b) => Number(a.attributes['slotline.attempt']) - Number(b.attributes['slotline.attempt']),
    );
    expect(attempts.map((s) => [s.attributes['slotline.attempt'], s.attributes['slotline.attempt.outcome']])).toEqual([
      [1, 'retried'],
      [2, 'failed'],
    ]);
    for (const s of attempts) {
      expectChildOf(s, enqueueSpan!.spanContext());
      expect(s.attributes['messaging.message.id']).toBe(r.id);
      expect(s.status).toEqual({ code: SpanStatusCode.ERROR, message: 'downstream said no' });
      expect(s.attributes['error.type']).toBe('Error');
      expect(s.events.map((e) => [e.name, e.attributes?.['exception.message']])).toEqual([
        ['exception', 'downstream said no'],
      ]);
    }

    const m = await collect();
    const byOutcome = Object.fromEntries(
      m.get('slotline.attempts')!.dataPoints.map((p) => [p.attributes['slotline.attempt.outcome'], p.value]),
    );
    expect(byOutcome).toEqual({ retried: 1, failed: 1 });
    const durations = m.get('slotline.attempt.duration')!.dataPoints;
    expect(
      durations.map((p) => [p.attributes['slotline.attempt.outcome'], (p.value as { count: number }).count]),
    ).toEqual(
      expect.arrayContaining([
        ['retried', 1],
        ['failed', 1],
      ]),
    );
    expect(durations).toHaveLength(2);
  });

  it('a queue opened before the SDK was registered starts tracing within about a second', async () => {
    disableGlobals();
    const q = await fx.queue({ partitions });
    const before = await q.enqueue({ n: 1 });
    expect((await storedRecord(q, before)).rec).not.toHaveProperty('tc');
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(tracerProvider);
    metrics.setGlobalMeterProvider(meterProvider);
    let later: EnqueueResult | undefined;
    await until(
      'an enqueue that stores a trace context',
      async () => {
        later = await q.enqueue({ n: 2 });
        return (await storedRecord(q, later)).rec.tc !== undefined;
      },
      10_000,
    );
    expect(spansNamed(`enqueue ${q.name}`).map((s) => s.attributes['messaging.message.id'])).toContain(later!.id);
  });
});
