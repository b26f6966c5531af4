// Typed errors at the boundaries. Anything thrown that is an AppError becomes a 4xx (or the status it names)
// with its message; anything else becomes a 500 with a generic message and a request id, never a stack.
import type { z } from 'zod';

export interface FieldProblem {
  /** Dotted path of the offending field, e.g. "steps.2.discount.value". */
  field: string;
  message: string;
  /** The funnel step (or other sub-entity) the problem concerns, when there is one. */
  stepId?: string;
}

/** zod issues as per-field problems, `field` being the dotted path ("steps.2.discount.percent"), under `prefix` if given. */
export function zodProblems(issues: readonly z.core.$ZodIssue[], prefix = ''): FieldProblem[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const field = prefix && path ? `${prefix}.${path}` : prefix || path;
    return { field, message: issue.message };
  });
}

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: { problems?: FieldProblem[]; [key: string]: unknown },
  ) {
    super(message);
  }
}

export class BadRequestError extends AppError {
  override name = 'BadRequestError';
  constructor(message: string, problems?: FieldProblem[]) {
    super(400, 'bad_request', message, problems ? { problems } : undefined);
  }
}

/**
 * Input the app cannot read or store as sent, whatever the endpoint: text that is not valid Unicode (an unpaired
 * UTF-16 surrogate such as "\ud800"), NUL characters, JSON nested deeper than the app accepts. Always a 400 with the
 * offending fields, so a client can fix the request.
 */
export class UnreadableInputError extends AppError {
  override name = 'UnreadableInputError';
  constructor(code: 'invalid_text' | 'too_deeply_nested', message: string, problems: FieldProblem[] = []) {
    super(400, code, message, problems.length > 0 ? { problems } : undefined);
  }
}

export class UnauthorizedError extends AppError {
  override name = 'UnauthorizedError';
  constructor(message = 'Authentication required') {
    super(401, 'unauthorized', message);
  }
}

export class ForbiddenError extends AppError {
  override name = 'ForbiddenError';
  constructor(message: string) {
    super(403, 'forbidden', message);
  }
}

export class NotFoundError extends AppError {
  override name = 'NotFoundError';
  constructor(message: string) {
    super(404, 'not_found', message);
  }
}

export class ConflictError extends AppError {
  override name = 'ConflictError';
  constructor(message: string) {
    super(409, 'conflict', message);
  }
}

/** The request was well-formed but breaks a rule (the funnel validator's errors, for example). */
export class UnprocessableError extends AppError {
  override name = 'UnprocessableError';
  constructor(message: string, problems: FieldProblem[]) {
    super(422, 'validation_failed', message, { problems });
  }
}

export class TooManyRequestsError extends AppError {
  override name = 'TooManyRequestsError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, 'rate_limited', message);
  }
}
