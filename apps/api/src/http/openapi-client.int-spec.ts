/**
 * The dashboard's TypeScript client types are generated from the served
 * OpenAPI document (openapi-typescript) into apps/dashboard/src/api/openapi.gen.ts,
 * and apps/dashboard/src/api/openapi-contract.ts makes the dashboard's own API
 * functions type-check against them (`tsc -p apps/dashboard/tsconfig.json`).
 * This test fails when the committed file is not what the document generates
 * today; `npm run openapi:client` rewrites it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { repoRoot } from '@storefleet/testing';
import openapiTS, { astToString } from 'openapi-typescript';
import prettier from 'prettier';

import { apiSuite } from '../testing/suite.js';

const GENERATED = path.join(repoRoot, 'apps/dashboard/src/api/openapi.gen.ts');
const HEADER = `// Generated from the API's OpenAPI document (GET /api/docs-json) by openapi-typescript.
// Do not edit: \`npm run openapi:client\` regenerates it; apps/api/src/http/openapi-client.int-spec.ts checks it is current.
`;

describe('the generated TypeScript client', () => {
  const s = apiSuite('openapi_client');

  it('is what the current OpenAPI document generates', async () => {
    const document = (await s.api.http.get('/api/docs-json').expect(200)).body as Record<string, unknown>;
    const source = HEADER + astToString(await openapiTS(document as never, { alphabetize: true, defaultNonNullable: false }));
    const options = (await prettier.resolveConfig(GENERATED)) ?? {};
    const generated = await prettier.format(source, { ...options, filepath: GENERATED });
    if (process.env.UPDATE_OPENAPI_CLIENT === '1') await writeFile(GENERATED, generated);
    const committed = await readFile(GENERATED, 'utf8').catch(() => '');
    expect(committed).toBe(generated);
  });
});
