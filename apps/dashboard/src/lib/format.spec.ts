import type { StoreEventView } from '@storefleet/contracts';
import { describe, expect, it } from 'vitest';

import {
  formatAge,
  formatBytes,
  formatDuration,
  groupByAttempt,
  humanizeStep,
  newIdempotencyKey,
  stepDuration,
} from './format.js';

function event(overrides: Partial<StoreEventView>): StoreEventView {
  return {
    id: 'e',
    attempt: 1,
    step: 'namespace',
    outcome: 'succeeded',
    message: null,
    startedAt: '2025-01-01T10:00:00.000Z',
    finishedAt: '2025-01-01T10:00:01.000Z',
    durationMs: 1000,
    ...overrides,
  };
}

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [812, '812 B'],
    [4_404_019, '4.2 MB'],
    [17 * 1024 * 1024, '17 MB'],
    [1.3 * 1024 ** 3, '1.3 GB'],
    [-1, '—'],
  ])('shows %d bytes as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [350, '350 ms'],
    [999, '999 ms'],
    [1000, '1 s'],
    [4250, '4.2 s'],
    [12_900, '12 s'],
    [60_000, '1 min'],
    [125_000, '2 min 5 s'],
    [3_600_000, '1 h'],
    [3_780_000, '1 h 3 min'],
  ])('formats %i ms as "%s"', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('shows a dash for impossible durations', () => {
    expect(formatDuration(-5)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
  });
});

describe('stepDuration', () => {
  it('uses the recorded duration of a finished step', () => {
    expect(stepDuration(event({ durationMs: 83_000 }))).toBe('1 min 23 s');
  });

  it('falls back to the timestamps when no duration was recorded', () => {
    expect(stepDuration(event({ durationMs: null, finishedAt: '2025-01-01T10:00:02.500Z' }))).toBe('2.5 s');
  });

  it('counts a running step up to now and says so', () => {
    const now = Date.parse('2025-01-01T10:00:40.000Z');
    expect(stepDuration(event({ outcome: 'running', durationMs: null, finishedAt: null }), now)).toBe('40 s so far');
  });
});

describe('formatAge', () => {
  const now = Date.parse('2025-01-10T12:00:00.000Z');
  it.each([
    ['2025-01-10T11:59:30.000Z', 'just now'],
    ['2025-01-10T11:55:00.000Z', '5 min'],
    ['2025-01-10T09:00:00.000Z', '3 h'],
    ['2025-01-08T12:00:00.000Z', '2 d'],
    ['2025-01-10T12:05:00.000Z', 'just now'],
  ])('describes %s as "%s"', (iso, text) => {
    expect(formatAge(iso, now)).toBe(text);
  });
});

describe('humanizeStep', () => {
  it('names the pipeline steps in words', () => {
    expect(humanizeStep('network-policies')).toBe('Network policies');
    expect(humanizeStep('setup-job')).toBe('Store setup');
    expect(humanizeStep('wait-ready')).toBe('Waiting until ready');
  });

  it('turns unknown step identifiers into words', () => {
    expect(humanizeStep('probe_storefront')).toBe('Probe storefront');
    expect(humanizeStep('constructor')).toBe('Constructor');
  });
});

describe('groupByAttempt', () => {
  it('puts the newest attempt first and each attempt in step order', () => {
    const groups = groupByAttempt([
      event({ id: 'b', attempt: 1, startedAt: '2025-01-01T10:00:05.000Z' }),
      event({ id: 'c', attempt: 2, startedAt: '2025-01-01T11:00:00.000Z' }),
      event({ id: 'a', attempt: 1, startedAt: '2025-01-01T10:00:00.000Z' }),
    ]);
    expect(groups.map((g) => [g.attempt, g.events.map((e) => e.id)])).toEqual([
      [2, ['c']],
      [1, ['a', 'b']],
    ]);
  });
});

describe('newIdempotencyKey', () => {
  it('gives a different 32-hex-digit key each time', () => {
    const a = newIdempotencyKey();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(newIdempotencyKey()).not.toBe(a);
  });
});
