import { KeywardError, rateLimited, serviceUnavailable, unauthenticated } from '../../src/core/errors';

/** Stack frames below the "Name: message" line of an error's stack. */
const frames = (error: Error) => (error.stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at '));

describe('KeywardError', () => {
  it('captures no stack trace for a client error: a refused request is an answer, not a fault', () => {
    for (const error of [
      unauthenticated('no'),
      rateLimited(5),
      new KeywardError('BAD_USER_INPUT', 'bad', { field: 'input.name' }),
      new KeywardError('FORBIDDEN', 'no'),
    ]) {
      expect(frames(error)).toEqual([]);
      expect(error.message).toBeTruthy();
    }
  });

  it('keeps the stack trace of server-side errors, and of the cause of an outage', () => {
    expect(frames(new KeywardError('INTERNAL_SERVER_ERROR', 'boom')).length).toBeGreaterThan(0);
    const cause = new Error('connect ECONNREFUSED');
    const outage = serviceUnavailable(cause);
    expect(outage.originalError).toBe(cause);
    expect(frames(cause).length).toBeGreaterThan(0);
  });

  it('leaves Error.stackTraceLimit as it was, for every other error in the process', () => {
    const before = Error.stackTraceLimit;
    unauthenticated('no');
    expect(Error.stackTraceLimit).toBe(before);
    expect(frames(new Error('elsewhere')).length).toBeGreaterThan(0);
  });
});
