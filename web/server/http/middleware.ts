// Cross-cutting HTTP concerns: request ids and access logs, CORS for extension endpoints, JSON errors.
import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, TooManyRequestsError } from '../errors.js';
import type { Logger } from '../logger.js';
import { locals } from './request-context.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const log = logger.child({ requestId });
    Object.assign(res.locals, { requestId, log });
    res.setHeader('x-request-id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      // req.path, never req.url: query strings can carry id_tokens.
      log.info(
        { method: req.method, path: req.path, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 },
        'request',
      );
    });
    next();
  };
}

/**
 * Extensions call these endpoints from Shopify's sandboxed origins (checkout and post-purchase workers), whose
 * origin can change: any origin is allowed, credentials are never used (auth is a bearer token).
 */
export function openCors(): RequestHandler {
  return (req, res, next) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, X-Request-Id');
    res.setHeader('Access-Control-Max-Age', '86400');
    res.setHeader('Vary', 'Origin');
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next();
  };
}

export function notFound(): RequestHandler {
  return (req, res) => {
    res.status(404).json({
      error: { code: 'not_found', message: `No route for ${req.method} ${req.path}` },
      requestId: locals(res).requestId,
    });
  };
}

interface BodyParserError extends Error {
  type?: string;
  status?: number;
}

/** The one error handler: typed errors keep their status and message; anything else is a 500 without details. */
export function errorHandler(): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const { requestId, log } = locals(res);
    if (error instanceof AppError) {
      if (error instanceof TooManyRequestsError) res.setHeader('Retry-After', String(error.retryAfterSeconds));
      if (error.status >= 500) log.error({ err: error }, error.message);
      else log.info({ code: error.code, status: error.status }, error.message);
      res.status(error.status).json({ error: { code: error.code, message: error.message, ...error.details }, requestId });
      return;
    }
    const parserError = error as BodyParserError;
    if (parserError?.type === 'entity.parse.failed') {
      res.status(400).json({ error: { code: 'invalid_json', message: 'The request body is not valid JSON.' }, requestId });
      return;
    }
    if (parserError?.type === 'entity.too.large') {
      res.status(413).json({ error: { code: 'payload_too_large', message: 'The request body is too large.' }, requestId });
      return;
    }
    if (parserError?.status && parserError.status >= 400 && parserError.status < 500) {
      res.status(parserError.status).json({ error: { code: 'bad_request', message: 'The request could not be read.' }, requestId });
      return;
    }
    log.error({ err: error }, 'unhandled error');
    if (res.headersSent) return;
    res.status(500).json({
      error: { code: 'internal_error', message: `Something went wrong on our side. Quote reference ${requestId} if you contact support.` },
      requestId,
    });
  };
}
