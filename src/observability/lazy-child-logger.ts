import type { FastifyBaseLogger } from 'fastify';
import type { FastifyChildLoggerFactory } from 'fastify/types/logger';
import type { Bindings, ChildLoggerOptions, Logger } from 'pino';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
type LogArgs = Parameters<Logger['info']>;

/**
 * A request's logger whose pino child is made on the first line written at an enabled level.
 * Fastify makes a child per request (serialising its `reqId` binding) although at the usual
 * levels most requests write nothing; this defers that cost to the requests that do log.
 */
class LazyChildLogger implements FastifyBaseLogger {
  private real: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: Logger,
    private readonly childBindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  private get logger(): FastifyBaseLogger {
    return (this.real ??= this.parent.child(this.childBindings, this.options));
  }

  get level(): string {
    return this.real ? this.real.level : this.parent.level;
  }

  set level(level: string) {
    this.logger.level = level;
  }

  isLevelEnabled(level: string): boolean {
    return this.real ? (this.real as Logger).isLevelEnabled(level) : this.parent.isLevelEnabled(level);
  }

  bindings(): Bindings {
    return (this.logger as Logger).bindings();
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.logger.child(bindings, options);
  }

  private write(level: Level, args: LogArgs): void {
    if (this.isLevelEnabled(level)) (this.logger[level] as (...a: LogArgs) => void)(...args);
  }

  fatal(...args: LogArgs): void {
    this.write('fatal', args);
  }
  error(...args: LogArgs): void {
    this.write('error', args);
  }
  warn(...args: LogArgs): void {
    this.write('warn', args);
  }
  info(...args: LogArgs): void {
    this.write('info', args);
  }
  debug(...args: LogArgs): void {
    this.write('debug', args);
  }
  trace(...args: LogArgs): void {
    this.write('trace', args);
  }
  silent(): void {}
}

/** A child of `parent` with `bindings`, made when it first writes a line at an enabled level. */
export function lazyChild(parent: Logger, bindings: Bindings): FastifyBaseLogger {
  return new LazyChildLogger(parent, bindings, {});
}

/**
 * Fastify `childLoggerFactory` making request loggers lazily. Route-level log levels or
 * serializers (not used by Keyward) get an ordinary child at once.
 */
export const lazyChildLoggerFactory: FastifyChildLoggerFactory = (logger, bindings, options) => {
  const pino = logger as unknown as Logger;
  if (options.level !== undefined || options.serializers !== undefined || typeof pino.isLevelEnabled !== 'function')
    return logger.child(bindings, options);
  return new LazyChildLogger(pino, bindings, options);
};
