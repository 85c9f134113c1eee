import * as p from '@clack/prompts';
import { CliError, EXIT } from '../../errors.js';

/**
 * The wizard's questions (@clack/prompts on the process's terminal), with Ctrl-C ending the whole
 * wizard the same way everywhere: exit 130 and a line saying where the order stands.
 */

/** Ctrl-C: the wizard ends with exit 130 and says what is left behind. */
export class Cancelled extends CliError {
  constructor(where: string) {
    super(`cancelled${where ? `: ${where}` : ''}`, EXIT.cancelled);
  }
}

type Key = { ctrl?: boolean; name?: string; sequence?: string };

export class Prompter {
  /** Where the order stands, for the line Ctrl-C prints (e.g. "order X stays CREATED until …"). */
  where = 'nothing was ordered';
  private readonly onSignal = () => this.exitCancelled();

  /** Ctrl-C outside a prompt (while a request runs) ends the wizard too. */
  listen(): void {
    process.on('SIGINT', this.onSignal);
  }

  close(): void {
    process.off('SIGINT', this.onSignal);
  }

  private exitCancelled(): never {
    process.stderr.write(`\nopen-numbers: cancelled: ${this.where}\n`);
    process.exit(EXIT.cancelled);
  }

  private answer<T>(value: T): Exclude<T, symbol> {
    if (p.isCancel(value)) throw new Cancelled(this.where);
    return value as Exclude<T, symbol>;
  }

  async text(options: {
    message: string;
    initialValue?: string;
    placeholder?: string;
    validate?: (value: string) => string | undefined;
  }): Promise<string> {
    const { validate } = options;
    const value = this.answer(
      await p.text({ ...options, validate: validate ? (value) => validate(value ?? '') : undefined }),
    );
    return (value ?? '').trim();
  }

  async select<T>(options: {
    message: string;
    options: { value: T; label: string; hint?: string }[];
    initialValue?: T;
  }): Promise<T> {
    return this.answer(await p.select(options as p.SelectOptions<T>)) as T;
  }

  async confirm(message: string, initialValue = true): Promise<boolean> {
    return this.answer(await p.confirm({ message, initialValue }));
  }

  /**
   * Runs `work` under a spinner. clack's spinner puts the terminal in raw mode and would end the
   * process with 0 on Ctrl-C; a key listener ahead of it ends the wizard with 130 instead.
   */
  async busy<T>(
    message: string,
    work: (say: (message: string) => void) => Promise<T>,
    done: (result: T) => string = () => message,
    options: { timer?: boolean } = {},
  ): Promise<T> {
    const spin = p.spinner({ indicator: options.timer ? 'timer' : 'dots' });
    spin.start(message);
    const onKey = (_: unknown, key?: Key) => {
      if (key?.sequence === '\x03' || (key?.ctrl && key.name === 'c')) {
        spin.cancel(`${message}: cancelled`);
        this.exitCancelled();
      }
    };
    process.stdin.prependListener('keypress', onKey);
    try {
      const result = await work((m) => spin.message(m));
      spin.stop(done(result));
      return result;
    } catch (error) {
      spin.error(`${message}: failed`);
      throw error;
    } finally {
      process.stdin.off('keypress', onKey);
    }
  }

  info(message: string): void {
    p.log.info(message);
  }
  step(message: string): void {
    p.log.step(message);
  }
  success(message: string): void {
    p.log.success(message);
  }
  warn(message: string): void {
    p.log.warn(message);
  }
  error(message: string): void {
    p.log.error(message);
  }
  intro(message: string): void {
    p.intro(message);
  }
  outro(message: string): void {
    p.outro(message);
  }
  note(message: string, title?: string): void {
    p.note(message, title);
  }
}

/** The questions the registration asks: a Prompter on a terminal, or a script in tests. */
export type Asker = Pick<Prompter, 'text' | 'select' | 'confirm' | 'step' | 'info' | 'warn' | 'error'>;
