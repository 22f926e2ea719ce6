import { storeActions, type StoreView } from '@storefleet/contracts';

import { useAnnounce } from '../hooks/announcer.js';
import { useResumeStore, useSuspendStore } from '../hooks/use-stores.js';
import { ErrorAlert } from './error-alert.js';

/**
 * Suspend and resume, offered only where the store's status allows them (the
 * same storeActions table the API enforces). Owners see them for their own
 * stores, operators for every store.
 */
export function StoreOperations({ store }: { store: Pick<StoreView, 'id' | 'name' | 'status'> }) {
  const announce = useAnnounce();
  const suspend = useSuspendStore();
  const resume = useResumeStore();
  const allows = storeActions(store.status);
  if (!allows.suspend && !allows.resume) return null;
  return (
    <div className="store-operations">
      <ErrorAlert error={suspend.error} prefix="The suspend was not accepted." />
      <ErrorAlert error={resume.error} prefix="The resume was not accepted." />
      <p className="button-row">
        {allows.suspend && (
          <button
            type="button"
            className="button-secondary"
            disabled={suspend.isPending}
            aria-describedby="suspend-hint"
            onClick={() =>
              suspend.mutate(store.id, {
                onSuccess: () => announce(`Suspending ${store.name}. Its storefront will show a paused page.`),
              })
            }
          >
            {suspend.isPending ? 'Suspending…' : 'Suspend'}
          </button>
        )}
        {allows.resume && (
          <button
            type="button"
            className="button-primary"
            disabled={resume.isPending}
            onClick={() =>
              resume.mutate(store.id, { onSuccess: () => announce(`Resuming ${store.name}. It serves again once ready.`) })
            }
          >
            {resume.isPending ? 'Resuming…' : 'Resume'}
          </button>
        )}
      </p>
      {allows.suspend && (
        <p id="suspend-hint" className="muted">
          Suspending stops every part of the store to save resources; its data is kept and visitors see a &ldquo;this shop is
          paused&rdquo; page until you resume it.
        </p>
      )}
    </div>
  );
}
