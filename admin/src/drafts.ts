import type { FunnelDraft } from './types';

/** A template's draft, handed from the Funnels page to the editor it opens at /funnels/new. */
export const draftHandoff: { draft: FunnelDraft | null } = { draft: null };
