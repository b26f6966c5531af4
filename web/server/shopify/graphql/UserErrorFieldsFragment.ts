import type { UserErrorFieldsFragment as UserErrorFieldsType } from './generated/admin.generated.js';
import { defineFragment } from './operation.js';

/** A mutation's `userErrors` entry (the generic UserError type: no code). */
export type UserErrorFields = UserErrorFieldsType;

export const UserErrorFieldsFragment = defineFragment(`#graphql
  fragment UserErrorFields on UserError { field message }
`);
