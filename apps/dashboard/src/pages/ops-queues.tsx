import type { JobState, JobView } from '@storefleet/contracts';

import { ErrorAlert } from '../components/error-alert.js';
import { usePageTitle } from '../components/page-title.js';
import { useAnnounce } from '../hooks/announcer.js';
import { useFailedJobs, useQueueCounts, useRetryJob } from '../hooks/use-ops.js';
import { formatDateTime, humanizeStep } from '../lib/format.js';

const SHOWN_STATES: JobState[] = ['waiting', 'active', 'delayed', 'failed', 'completed'];

function jobSubject(job: JobView): string | null {
  const data = job.data as { storeId?: unknown } | null;
  return data && typeof data.storeId === 'string' ? data.storeId : null;
}

function FailedJobs() {
  const jobs = useFailedJobs();
  const retry = useRetryJob();
  const announce = useAnnounce();
  return (
    <section aria-labelledby="failed-jobs">
      <h2 id="failed-jobs">Failed jobs</h2>
      <ErrorAlert error={jobs.error} prefix="Could not load failed jobs." />
      <ErrorAlert error={retry.error} prefix="The job was not retried." />
      {jobs.isPending ? (
        <p role="status">Loading failed jobs…</p>
      ) : jobs.data?.length === 0 ? (
        <p className="empty">No failed jobs. Jobs that exhaust their attempts are kept here for you to inspect and retry.</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Queue</th>
              <th scope="col">Store</th>
              <th scope="col">Attempts</th>
              <th scope="col">Error</th>
              <th scope="col">Failed at</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {jobs.data?.map((job) => (
              <tr key={`${job.queue}/${job.id}`}>
                <th scope="row" data-label="Job">
                  {job.name} <span className="job-id muted mono small">#{job.id}</span>
                </th>
                <td data-label="Queue">{job.queue}</td>
                <td data-label="Store" className="mono small break">
                  {jobSubject(job) ?? '—'}
                </td>
                <td data-label="Attempts">{job.attemptsMade}</td>
                <td data-label="Error" className="error-text">
                  {job.failedReason ?? '—'}
                </td>
                <td data-label="Failed at" className="small">
                  {job.finishedOn ? formatDateTime(job.finishedOn) : '—'}
                </td>
                <td data-label="Actions">
                  <button
                    type="button"
                    className="button-secondary button-small"
                    disabled={retry.isPending}
                    aria-label={`Retry job ${job.name} #${job.id}`}
                    onClick={() => retry.mutate(job, { onSuccess: () => announce(`Job ${job.id} queued again.`) })}
                  >
                    Retry
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function QueuesPage() {
  usePageTitle('Queues');
  const queues = useQueueCounts();
  return (
    <>
      <div className="page-head">
        <h1 tabIndex={-1}>Queues</h1>
        <button type="button" className="button-secondary" disabled={queues.isFetching} onClick={() => void queues.refetch()}>
          Refresh
        </button>
      </div>
      <section aria-labelledby="queue-counts">
        <h2 id="queue-counts">Jobs per state</h2>
        <ErrorAlert error={queues.error} prefix="Could not load the queues." />
        {queues.isPending ? (
          <p role="status">Loading queues…</p>
        ) : (
          <table className="data-table counts-table">
            <thead>
              <tr>
                <th scope="col">Queue</th>
                {SHOWN_STATES.map((state) => (
                  <th scope="col" key={state} className="num">
                    {humanizeStep(state)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {queues.data?.map((queue) => (
                <tr key={queue.queue} data-queue={queue.queue}>
                  <th scope="row" data-label="Queue">
                    {queue.queue}
                  </th>
                  {SHOWN_STATES.map((state) => (
                    <td key={state} data-label={humanizeStep(state)} data-state={state} className="num">
                      {queue.counts[state] ?? 0}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <FailedJobs />
    </>
  );
}
