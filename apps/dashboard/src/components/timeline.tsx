import type { StepOutcome, StoreEventView } from '@storefleet/contracts';

import { formatDateTime, groupByAttempt, humanizeStep, stepDuration } from '../lib/format.js';

const OUTCOME_LABELS: Record<StepOutcome, string> = { running: 'Running', succeeded: 'Done', failed: 'Failed' };

/** The provisioning (and teardown) steps the worker recorded, per attempt. */
/** Steps of the current run that have not started yet (while the store is being provisioned). */
export function upcomingSteps(events: readonly StoreEventView[], plan: readonly string[]): string[] {
  const latest = groupByAttempt(events)[0];
  const done = new Set(latest?.events.map((e) => e.step));
  return plan.filter((step) => !done.has(step));
}

interface TimelineProps {
  events: readonly StoreEventView[];
  /** Steps still to come in the latest run, drawn as waiting. */
  upcoming?: readonly string[];
  now?: number;
}

export function Timeline({ events, upcoming = [], now }: TimelineProps) {
  if (events.length === 0 && upcoming.length === 0) {
    return <p className="muted">No steps yet. The timeline fills in as the platform works on the store.</p>;
  }
  const groups = events.length > 0 ? groupByAttempt(events) : [{ attempt: 1, events: [] }];
  return (
    <div className="timeline">
      {groups.map(({ attempt, events: steps }) => (
        <section key={attempt} aria-labelledby={groups.length > 1 ? `attempt-${attempt}` : undefined}>
          {groups.length > 1 && <h3 id={`attempt-${attempt}`}>Attempt {attempt}</h3>}
          <ol className="steps" aria-label={groups.length > 1 ? undefined : 'Provisioning steps'}>
            {steps.map((event) => (
              <li key={event.id} className={`step step-${event.outcome}`}>
                <span className="step-marker" aria-hidden="true" />
                <div className="step-body">
                  <div className="step-head">
                    <span className="step-name">{humanizeStep(event.step)}</span>
                    <span className={`outcome outcome-${event.outcome}`}>{OUTCOME_LABELS[event.outcome]}</span>
                    <span className="step-duration">
                      <span className="visually-hidden">Duration: </span>
                      {stepDuration(event, now)}
                    </span>
                  </div>
                  <time className="muted small" dateTime={event.startedAt}>
                    {formatDateTime(event.startedAt)}
                  </time>
                  {event.message && (
                    <p className={event.outcome === 'failed' ? 'step-message step-error' : 'step-message'}>{event.message}</p>
                  )}
                </div>
              </li>
            ))}
            {attempt === groups[0]?.attempt &&
              upcoming.map((step) => (
                <li key={`upcoming-${step}`} className="step step-waiting">
                  <span className="step-marker" aria-hidden="true" />
                  <div className="step-body">
                    <div className="step-head">
                      <span className="step-name">{humanizeStep(step)}</span>
                      <span className="outcome outcome-waiting">Waiting</span>
                    </div>
                  </div>
                </li>
              ))}
          </ol>
        </section>
      ))}
    </div>
  );
}
