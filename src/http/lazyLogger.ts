import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions } from 'fastify/types/logger.js';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
type LogArgs = Parameters<FastifyBaseLogger['info']>;

/** A parent that can say which levels it writes (pino can; Fastify accepts loggers that cannot). */
interface LevelAware {
  isLevelEnabled?(level: string): boolean;
}

/**
 * A request's logger that becomes a real child logger (its request id bound) only when the request
 * first writes a line at a level the parent writes. Fastify makes a child logger per request:
 * pino's `child` serialises the bindings each time, ~2 % of a GET's CPU, for a logger that at
 * LOG_LEVEL=warn nearly every request never uses (docs/decisions.md, "Per-request work").
 */
class LazyChildLogger implements FastifyBaseLogger {
  #child: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger & LevelAware,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  private get real(): FastifyBaseLogger {
    this.#child ??= this.parent.child(this.bindings, this.options);
    return this.#child;
  }

  get level(): string {
    return this.#child?.level ?? this.parent.level;
  }

  set level(level: string) {
    this.real.level = level;
  }

  private write(level: Level, args: LogArgs): void {
    // Once made, the child decides (its level may have been set apart from the parent's).
    if (this.#child || this.parent.isLevelEnabled!(level))
      (this.real[level] as (...a: LogArgs) => void)(...args);
  }

  fatal(...args: LogArgs) {
    this.write('fatal', args);
  }
  error(...args: LogArgs) {
    this.write('error', args);
  }
  warn(...args: LogArgs) {
    this.write('warn', args);
  }
  info(...args: LogArgs) {
    this.write('info', args);
  }
  debug(...args: LogArgs) {
    this.write('debug', args);
  }
  trace(...args: LogArgs) {
    this.write('trace', args);
  }
  silent() {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.real.child(bindings, options);
  }
}

/** Fastify's `childLoggerFactory`: the request's logger, made on first use (see LazyChildLogger). */
export function lazyChildLogger(
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions,
): FastifyBaseLogger {
  // A route's own log level, or a logger that cannot tell its levels: the child, made now.
  const parent = logger as FastifyBaseLogger & LevelAware;
  if (options.level || typeof parent.isLevelEnabled !== 'function') return logger.child(bindings, options);
  return new LazyChildLogger(parent, bindings, options);
}
