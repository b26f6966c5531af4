// Turning untrusted request input into typed values: zod issues become per-field problems, bodies that break the
// rules become 422s, queries and path parameters that cannot be read become 400s. Shared by the funnels, ledger
// and settings routes so every admin endpoint reports input problems the same way.
import type { z } from 'zod';
import { BadRequestError, UnprocessableError, type FieldProblem } from '../errors.js';

/** zod issues as per-field problems, `field` being the dotted path ("steps.2.discount.percent"). */
export function zodProblems(issues: readonly z.core.$ZodIssue[], prefix = ''): FieldProblem[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const field = prefix && path ? `${prefix}.${path}` : prefix || path;
    return { field, message: issue.message };
  });
}

/** A JSON request body must be an object; anything else is a request the client got wrong (400). */
export function requireObjectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequestError('Send a JSON object as the request body, with "Content-Type: application/json".');
  }
  return body as Record<string, unknown>;
}

/** Parses a request body; a well-formed body that breaks the schema is a 422 with one problem per field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, message: string): z.output<S> {
  const parsed = schema.safeParse(requireObjectBody(body));
  if (!parsed.success) throw new UnprocessableError(message, zodProblems(parsed.error.issues));
  return parsed.data;
}

/** Parses query parameters; what cannot be read is a 400 naming the parameter. */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown, message: string): z.output<S> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) throw new BadRequestError(message, zodProblems(parsed.error.issues));
  return parsed.data;
}
