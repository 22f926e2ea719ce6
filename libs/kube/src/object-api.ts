import { AsyncLocalStorage } from 'node:async_hooks';

import { type Configuration, KubernetesObjectApi, Observable } from '@kubernetes/client-node';

const responses = new AsyncLocalStorage<{ status?: number }>();

/**
 * KubernetesObjectApi that can tell which HTTP status answered a call: a
 * server-side apply answers 201 when it created the object and 200 when the
 * object was there, which is how drift repair knows what it brought back.
 */
export class StatusAwareObjectApi extends KubernetesObjectApi {
  constructor(configuration: Configuration) {
    super(configuration);
    this.configuration.middleware.push({
      pre: (context) => new Observable(Promise.resolve(context)),
      post: (response) => {
        const store = responses.getStore();
        if (store) store.status = response.httpStatusCode;
        return new Observable(Promise.resolve(response));
      },
    });
  }

  /** Runs `call` and returns its result with the status of the last response it received. */
  static async withStatus<T>(call: () => Promise<T>): Promise<{ result: T; status: number | undefined }> {
    const store: { status?: number } = {};
    const result = await responses.run(store, call);
    return { result, status: store.status };
  }
}
