import { Writable } from 'node:stream';
import pino from 'pino';
import { lazyChildLoggerFactory } from '../../src/observability/lazy-child-logger';

function capture(level: string) {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const logger = pino({ level, redact: { paths: ['req.headers["x-api-key"]'], censor: '[redacted]' } }, stream);
  const childSpy = jest.spyOn(logger, 'child');
  return { logger, lines, childSpy };
}

const make = (logger: pino.Logger) =>
  lazyChildLoggerFactory.call(undefined as never, logger, { reqId: 'req-1' }, {}, undefined as never);

describe('lazyChildLoggerFactory', () => {
  it('makes no pino child for a request that logs nothing at an enabled level', () => {
    const { logger, lines, childSpy } = capture('warn');
    const log = make(logger);
    log.info({ req: { url: '/' } }, 'incoming request');
    log.debug('detail');
    log.trace('more detail');
    expect(childSpy).not.toHaveBeenCalled();
    expect(lines).toEqual([]);
    expect(log.level).toBe('warn');
  });

  it('writes enabled lines with the request id binding, one child per request, redaction applied', () => {
    const { logger, lines, childSpy } = capture('info');
    const log = make(logger);
    log.info({ req: { headers: { 'x-api-key': 'kwk_secret' } } }, 'incoming request');
    log.error({ err: new Error('boom') }, 'unexpected error');
    log.debug('not at info');
    expect(childSpy).toHaveBeenCalledTimes(1);
    expect(lines.map((l) => [l.level, l.msg, l.reqId])).toEqual([
      [30, 'incoming request', 'req-1'],
      [50, 'unexpected error', 'req-1'],
    ]);
    expect(JSON.stringify(lines)).not.toContain('kwk_secret');
  });

  it('keeps pino semantics: child bindings, level changes, isLevelEnabled', () => {
    const { logger, lines } = capture('warn');
    const log = make(logger) as unknown as pino.Logger;
    expect(log.isLevelEnabled('info')).toBe(false);
    expect(log.isLevelEnabled('error')).toBe(true);
    log.level = 'debug';
    expect(log.isLevelEnabled('debug')).toBe(true);
    log.debug('now enabled');
    log.child({ operation: 'x' }).warn('from a child');
    expect(lines.map((l) => [l.msg, l.reqId, l.operation])).toEqual([
      ['now enabled', 'req-1', undefined],
      ['from a child', 'req-1', 'x'],
    ]);
    expect(logger.level).toBe('warn'); // the parent is untouched
  });

  it('gives route-level levels an ordinary child at once', () => {
    const { logger, childSpy } = capture('warn');
    lazyChildLoggerFactory.call(undefined as never, logger, { reqId: 'req-2' }, { level: 'debug' }, undefined as never);
    expect(childSpy).toHaveBeenCalledTimes(1);
  });
});
