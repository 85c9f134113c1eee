import { Command, CommanderError } from 'commander';
import { VERSION } from '../../paths.js';
import { registerImported } from './commands/imported/index.js';
import { registerNumbers } from './commands/numbers/index.js';
import { registerOrder } from './commands/order/index.js';
import { registerRegions } from './commands/regions.js';
import { registerSandbox } from './commands/sandbox/index.js';
import { registerWebhooks } from './commands/webhooks.js';
import type { Registrar } from './context.js';
import { CliError, EXIT } from './errors.js';
import type { Io } from './output.js';

/** Every command group; each lives in its own module under commands/. */
const GROUPS: Registrar[] = [
  registerRegions,
  registerNumbers,
  registerOrder,
  registerImported,
  registerWebhooks,
  registerSandbox,
];

export function buildProgram(io: Io): Command {
  const program = new Command('open-numbers')
    .description(
      'The Sinch Numbers API workflows as commands: against Open Numbers (the default, http://127.0.0.1:$PORT)\n' +
        'or against Sinch itself (--base-url https://numbers.api.sinch.com --auth-url https://auth.sinch.com).',
    )
    .version(VERSION, '-V, --version', 'print the version (the package.json of this checkout)')
    .option('--base-url <url>', 'Numbers API root (env SINCH_NUMBERS_URL; default http://127.0.0.1:$PORT)')
    .option(
      '--imported-url <url>',
      'Imported Numbers API root (env SINCH_IMPORTED_NUMBERS_URL; default <base-url>/imported)',
    )
    .option('--auth-url <url>', 'where /oauth2/token is (env SINCH_AUTH_URL; default <base-url>)')
    .option('--project <id>', 'project id (default: SINCH_PROJECT_ID or OPEN_NUMBERS_PROJECT_ID)')
    .option('--json', 'print the result as JSON on stdout (errors as JSON on stderr)')
    .option('--timeout <seconds>', 'per-request timeout in seconds (default 30)')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  program.addHelpText(
    'after',
    '\nCredentials: SINCH_PROJECT_ID, SINCH_KEY_ID, SINCH_KEY_SECRET (or SINCH_ACCESS_TOKEN), or the\n' +
      'OPEN_NUMBERS_PROJECT_ID/KEY_ID/KEY_SECRET our server prints; OPEN_NUMBERS_ADMIN_TOKEN for sandbox commands.\n' +
      'Exit codes: 0 done, 1 the API refused (or was unreachable), 2 usage, 3 uncertain outcome, 130 a wizard cancelled.',
  );
  for (const register of GROUPS) register(program, io);
  // Every subcommand reports usage errors the same way as the program.
  const configure = (command: Command) => {
    for (const sub of command.commands) {
      sub.exitOverride().showHelpAfterError('(add --help for usage)');
      sub.configureOutput({ writeOut: (t) => io.stdout.write(t), writeErr: (t) => io.stderr.write(t) });
      configure(sub);
    }
  };
  configure(program);
  return program;
}

/** Runs the CLI on `argv` (without `node` and the script) and returns the exit code; never throws. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const program = buildProgram(io);
  const json = argv.includes('--json');
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander printed the message (or the help) already.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
      if (error.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    if (error instanceof CliError) {
      if (json)
        io.stderr.write(
          `${JSON.stringify({ error: { message: error.message, exitCode: error.exitCode, ...error.details } })}\n`,
        );
      else io.stderr.write(`open-numbers: ${error.message}\n`);
      return error.exitCode;
    }
    // A defect of ours: one line, and the stack only when asked for.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`open-numbers: unexpected error: ${message}\n`);
    if (io.env.OPEN_NUMBERS_CLI_DEBUG && error instanceof Error) io.stderr.write(`${error.stack}\n`);
    return EXIT.refused;
  }
}
