import type { AttributeFieldsFragment as Fields } from './generated/admin.generated.js';
import { defineFragment } from './operation.js';

export type AttributeFields = Fields;

/** A custom attribute (key and value), as Encore marks the lines and contracts it creates for an email offer. */
export const AttributeFieldsFragment = defineFragment(`#graphql
  fragment AttributeFields on Attribute {
    key
    value
  }
`);
