import type { MedusaRequest, MedusaResponse } from '@medusajs/framework/http';
import { ContainerRegistrationKeys } from '@medusajs/framework/utils';

import { STOREFRONT_KEY_TITLE } from '../../../lib/seed-data';

/**
 * GET /storefleet/publishable-key: the token of the storefront's publishable
 * API key, created by the seed. The storefront server asks for it at run time
 * so that the key never has to be copied into a Secret or an image.
 *
 * Publishable keys are public by design (every storefront sends one with its
 * requests); this route is still left out of the store's Ingress, so only the
 * storefront inside the namespace calls it.
 */
export async function GET(req: MedusaRequest, res: MedusaResponse): Promise<void> {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY);
  const { data } = await query.graph({
    entity: 'api_key',
    fields: ['token', 'revoked_at', 'created_at'],
    filters: { title: STOREFRONT_KEY_TITLE, type: 'publishable' },
  });
  const key = (data as { token: string; revoked_at: string | null }[]).find((k) => !k.revoked_at);
  if (!key) {
    res.status(404).json({ message: 'The store has not been seeded yet' });
    return;
  }
  res.json({ publishable_key: key.token });
}
