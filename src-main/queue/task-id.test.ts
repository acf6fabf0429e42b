import { describe, expect, it } from 'vitest';
import { channels } from '../../shared/ipc/contract';
import { QueueArgumentError } from './errors';
import { assertTaskId } from './validate';

describe('task ids', () => {
  it('assertTaskId refuses lone surrogates with the value escaped and where the bad unit is', () => {
    expect(() => assertTaskId('job-\ud800')).toThrow(QueueArgumentError);
    expect(() => assertTaskId('job-\ud800')).toThrow(
      'task id "job-\\ud800": expected 1-256 characters of well-formed Unicode (an unpaired UTF-16 surrogate at index 4)',
    );
    expect(() => assertTaskId('')).toThrow(/task id "": expected 1-256 characters/);
    expect(() => assertTaskId('x'.repeat(257))).toThrow(/expected 1-256 characters/);
    expect(() => assertTaskId(42 as unknown as string)).toThrow(/task id 42: expected a string/);
    expect(() => assertTaskId('job-😀')).not.toThrow();
  });

  it('the IPC contract refuses them too', () => {
    const get = channels['queue:get'].request;
    expect(get.safeParse({ queue: 'emails', id: 'job-\ud800' }).success).toBe(false);
    expect(get.safeParse({ queue: 'emails', id: 'job-😀' }).success).toBe(true);
  });
});
