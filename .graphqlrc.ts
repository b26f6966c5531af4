// GraphQL config, read by graphql-codegen (`npm run graphql:codegen`) and by editors' GraphQL tooling: every Admin
// API document in web/server/shopify/graphql/, typed from Shopify's real schema with @shopify/api-codegen-preset.
// The schema file is written from the project's schema cache first (scripts/graphql-codegen.ts), so nothing is
// fetched from shopify.dev. What is generated, and why it is not committed: web/server/shopify/README.md.
import path from 'node:path';
import { ApiType, pluckConfig, preset } from '@shopify/api-codegen-preset';
import { ADMIN_API_VERSION } from './web/server/shopify/api-version.js';

const root = import.meta.dirname;
/** Where the operations and fragments live, one per file; codegen types each. */
export const ADMIN_DOCUMENTS_DIR = 'web/server/shopify/graphql';
/** Generated, not committed (gitignored). */
export const GENERATED_DIR = `${ADMIN_DOCUMENTS_DIR}/generated`;
/** Introspection JSON of the Admin schema; the preset's own name for it (`admin-<version>.schema.json`). */
export const ADMIN_SCHEMA_FILE = path.join(root, GENERATED_DIR, `admin-${ADMIN_API_VERSION}.schema.json`);
const ADMIN_DOCUMENTS = [`${ADMIN_DOCUMENTS_DIR}/*.ts`, `!${ADMIN_DOCUMENTS_DIR}/*.test.ts`];

export default {
  projects: {
    default: {
      schema: ADMIN_SCHEMA_FILE,
      documents: ADMIN_DOCUMENTS,
      extensions: {
        codegen: {
          // `#graphql` template literals, the tag Shopify's tooling looks for.
          pluckConfig,
          generates: {
            [`${GENERATED_DIR}/admin.types.d.ts`]: {
              plugins: ['typescript'],
              config: {
                // Shopify's scalars (Money, Decimal, DateTime, URL, UnsignedInt64…) arrive as JSON strings.
                defaultScalarType: 'string',
                scalars: { JSON: 'unknown' },
                // Enums as unions of their string values, which is what the JSON carries.
                enumsAsTypes: true,
                // A nullable field is always present in a response (null when empty), never left out;
                // input fields stay optional.
                avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
              },
            },
            [`${GENERATED_DIR}/admin.generated.d.ts`]: {
              preset,
              documents: ADMIN_DOCUMENTS,
              // Same as for admin.types.d.ts: a nullable object in a response is present, as null.
              config: { avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false } },
              // Augments GraphqlOperations in operation.ts (relative to the generated file) instead of the
              // catch-all interface of @shopify/admin-api-client, whose index signature accepts any string.
              presetConfig: { apiType: ApiType.Admin, module: '../operation.js' },
            },
          },
        },
      },
    },
  },
};
