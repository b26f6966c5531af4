// What an SMTP failure means for a retry: only a failure before the server took the message is retried.
import { describe, expect, it } from 'vitest';
import { classifySendError } from './transport.js';

describe('SMTP failures', () => {
  it.each([
    ['a 5xx answer', { responseCode: 550, response: '550 mailbox unavailable', command: 'DATA' }, 'rejected'],
    ['a 4xx answer', { responseCode: 451, response: '451 try later', command: 'DATA' }, 'not_accepted'],
    ['a refused connection', { code: 'ECONNECTION', message: 'connect ECONNREFUSED' }, 'not_accepted'],
    ['a failed login', { code: 'EAUTH', responseCode: undefined, command: 'AUTH PLAIN' }, 'not_accepted'],
    ['a lost connection after the data went', { code: 'ETIMEDOUT', command: 'DATA' }, 'unknown'],
    ['an error nobody explains', { message: 'boom' }, 'unknown'],
  ])('when sending fails with %s, then it is %s', (_what, error, kind) => {
    expect(classifySendError(error).kind).toBe(kind);
  });
});
