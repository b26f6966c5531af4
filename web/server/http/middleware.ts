// Cross-cutting HTTP concerns: request ids and access logs, CORS for extension endpoints, JSON errors.
import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, TooManyRequestsError } from '../errors.js';
import type { Logger } from '../logger.js';
import { valueRefusedByDatabase } from './database-errors.js';
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

/**
 * The origin admin UI extensions run on: the one the admin-extensions docs' "Security" section requires apps to allow,
 * as Shopify/shopify-app-js#3237 quotes it. That issue (#1420) and its fixes (#3237, #3238) also settle that a
 * preflight never carries the session token, so it is answered without authenticating it.
 */
export const ADMIN_EXTENSION_ORIGIN = 'https://extensions.shopifycdn.com';

/**
 * CORS for admin endpoints an admin UI extension reads (the order block): only the extensions' origin is named, so
 * no other site's script can read the answers; the admin app itself calls from the app's own origin and needs none.
 * A preflight is answered here, before session-token auth.
 */
export function adminExtensionCors(): RequestHandler {
  return (req, res, next) => {
    res.setHeader('Vary', 'Origin');
    const allowed = req.get('origin') === ADMIN_EXTENSION_ORIGIN;
    if (allowed) {
      res.setHeader('Access-Control-Allow-Origin', ADMIN_EXTENSION_ORIGIN);
      res.setHeader('Access-Control-Expose-Headers', 'X-Request-Id, X-Shopify-Retry-Invalid-Session-Request');
    }
    if (req.method === 'OPTIONS') {
      if (allowed) {
        res.setHeader('Access-Control-Allow-Methods', 'GET, OPTIONS');
        res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, X-Request-Id');
        res.setHeader('Access-Control-Max-Age', '7200');
      }
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

/** What body-parser (express.json) attaches to the errors it raises. */
interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
  charset?: string;
  encoding?: string;
}

interface ClientErrorAnswer {
  status: number;
  code: string;
  message: string;
}

/** express.json's refusals, each with a message that says what to send instead. */
function bodyParserAnswer(error: BodyParserError): ClientErrorAnswer | null {
  switch (error.type) {
    case 'entity.parse.failed':
      return {
        status: 400,
        code: 'invalid_json',
        message: 'The request body is not valid JSON: send a JSON object with "Content-Type: application/json".',
      };
    case 'entity.too.large': {
      const limit = typeof error.limit === 'number' ? ` (at most ${Math.floor(error.limit / 1024)} KB)` : '';
      return { status: 413, code: 'payload_too_large', message: `The request body is too large${limit}.` };
    }
    case 'charset.unsupported':
      return {
        status: 415,
        code: 'unsupported_charset',
        message: 'The request body must be UTF-8 JSON ("Content-Type: application/json; charset=utf-8").',
      };
    case 'encoding.unsupported':
      return {
        status: 415,
        code: 'unsupported_encoding',
        message: "The request body's Content-Encoding is not supported: send it uncompressed, or gzip or deflate compressed.",
      };
    case 'request.size.invalid':
      return { status: 400, code: 'bad_request', message: "The request body's length does not match its Content-Length header." };
    case 'request.aborted':
      return { status: 400, code: 'bad_request', message: 'The request body was not sent completely.' };
    default:
      break;
  }
  if (error instanceof URIError && error.status === 400) {
    // Express decoding a route parameter such as /funnels/%E0%A4%A.
    return {
      status: 400,
      code: 'invalid_url',
      message: 'The URL contains a malformed percent-encoding: each %XX sequence must encode UTF-8.',
    };
  }
  if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
    return { status: error.status, code: 'bad_request', message: 'The request could not be read.' };
  }
  return null;
}

/**
 * The one error handler: typed errors keep their status and message; the body parser's refusals and values the
 * database refuses are 4xx with what to fix; anything else is a 500 with only a reference to quote.
 */
export function errorHandler(): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const { requestId, log } = locals(res);
    const answer = (status: number, body: Record<string, unknown>) => {
      if (res.headersSent) return;
      res.status(status).json({ error: body, requestId });
    };
    if (error instanceof AppError) {
      if (error instanceof TooManyRequestsError) res.setHeader('Retry-After', String(error.retryAfterSeconds));
      if (error.status >= 500) log.error({ err: error }, error.message);
      else log.info({ code: error.code, status: error.status }, error.message);
      answer(error.status, { code: error.code, message: error.message, ...error.details });
      return;
    }
    const clientError = error instanceof Error ? bodyParserAnswer(error) : null;
    if (clientError) {
      log.info({ code: clientError.code, status: clientError.status, reason: (error as BodyParserError).type }, clientError.message);
      answer(clientError.status, { code: clientError.code, message: clientError.message });
      return;
    }
    const refused = valueRefusedByDatabase(error);
    if (refused) {
      // A value got past validation that the database will not take: the client can fix it, but we want to know.
      log.warn({ err: error }, 'database refused a value of the request');
      const message = `The request contains a value that cannot be stored: ${refused}. Check its text, numbers and dates.`;
      answer(400, { code: 'unstorable_value', message });
      return;
    }
    log.error({ err: error }, 'unhandled error');
    answer(500, {
      code: 'internal_error',
      message: `Something went wrong on our side. Quote reference ${requestId} if you contact support.`,
    });
  };
}
