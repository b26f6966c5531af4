// Turning untrusted request input into typed values, for routes only: a body that is not a JSON object is a 400,
// a body that breaks the schema a 422 with one problem per field, query parameters that cannot be read a 400
// naming each one. Every endpoint (admin, checkout, post-purchase) reports input problems the same way; services
// get the parsed values and never see a request.
import type { z } from 'zod';
import { BadRequestError, UnprocessableError, zodProblems } from '../errors.js';

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
