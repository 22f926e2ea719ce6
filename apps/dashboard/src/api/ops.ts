import type { JobState, JobView, QueueCountsView } from '@storefleet/contracts';

import { apiRequest } from './client.js';

export function listQueueCounts(): Promise<QueueCountsView[]> {
  return apiRequest<QueueCountsView[]>('/ops/queues');
}

export function listJobs(state: JobState): Promise<JobView[]> {
  return apiRequest<JobView[]>('/ops/jobs', { query: { state } });
}

export function retryJob(job: Pick<JobView, 'queue' | 'id'>): Promise<JobView> {
  return apiRequest<JobView>(`/ops/jobs/${encodeURIComponent(job.id)}/retry`, { method: 'POST', query: { queue: job.queue } });
}
