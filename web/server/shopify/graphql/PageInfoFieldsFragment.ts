import type { PageInfoFieldsFragment as PageInfoFieldsType } from './generated/admin.generated.js';
import { defineFragment } from './operation.js';

/** Where a connection's next page starts. */
export type PageInfoFields = PageInfoFieldsType;

export const PageInfoFieldsFragment = defineFragment(`#graphql
  fragment PageInfoFields on PageInfo { hasNextPage endCursor }
`);
