#!/usr/bin/env node
import { run } from './main.js';

/** The `open-numbers` executable: the CLI on this process's arguments and streams. */
process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
});
