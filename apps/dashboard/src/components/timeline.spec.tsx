import type { StoreEventView } from '@storefleet/contracts';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { Timeline, upcomingSteps } from './timeline.js';

const base = { message: null, finishedAt: '2025-01-01T10:00:01.000Z' };

const events: StoreEventView[] = [
  {
    ...base,
    id: '1',
    attempt: 1,
    step: 'namespace',
    outcome: 'succeeded',
    startedAt: '2025-01-01T10:00:00.000Z',
    durationMs: 420,
  },
  {
    ...base,
    id: '2',
    attempt: 1,
    step: 'database',
    outcome: 'failed',
    startedAt: '2025-01-01T10:00:01.000Z',
    durationMs: 600_000,
    message: 'database pod not ready: ImagePullBackOff',
  },
  {
    ...base,
    id: '3',
    attempt: 2,
    step: 'namespace',
    outcome: 'succeeded',
    startedAt: '2025-01-01T11:00:00.000Z',
    durationMs: 1500,
  },
  {
    ...base,
    id: '4',
    attempt: 2,
    step: 'setup-job',
    outcome: 'running',
    startedAt: '2025-01-01T11:00:02.000Z',
    finishedAt: null,
    durationMs: null,
  },
];

describe('Timeline', () => {
  it('shows each step with its outcome, duration and failure reason, newest attempt first', () => {
    render(<Timeline events={events} now={Date.parse('2025-01-01T11:01:07.000Z')} />);
    const headings = screen.getAllByRole('heading').map((h) => h.textContent);
    expect(headings).toEqual(['Attempt 2', 'Attempt 1']);

    const [second, first] = screen.getAllByRole('list');
    const firstSteps = within(first!).getAllByRole('listitem');
    expect(firstSteps[0]!.textContent).toContain('Namespace');
    expect(firstSteps[0]!.textContent).toContain('Duration: 420 ms');
    expect(firstSteps[1]!.textContent).toContain('Failed');
    expect(firstSteps[1]!.textContent).toContain('Duration: 10 min');
    expect(firstSteps[1]!.textContent).toContain('database pod not ready: ImagePullBackOff');

    const running = within(second!).getAllByRole('listitem')[1]!;
    expect(running.textContent).toContain('Store setup');
    expect(running.textContent).toContain('Running');
    expect(running.textContent).toContain('1 min 5 s so far');
  });

  it('tells the user what to expect before any step ran', () => {
    render(<Timeline events={[]} />);
    expect(screen.getByText(/No steps yet/)).toBeTruthy();
  });
});

describe('upcomingSteps', () => {
  it('lists the planned steps the latest attempt has not reached', () => {
    expect(upcomingSteps(events, ['namespace', 'database', 'setup-job', 'wait-ready'])).toEqual(['database', 'wait-ready']);
  });

  it('draws them as waiting after the recorded steps', () => {
    render(<Timeline events={events.slice(2)} upcoming={['wait-ready']} />);
    const items = screen.getAllByRole('listitem');
    expect(items.at(-1)!.textContent).toBe('Waiting until readyWaiting');
  });
});
