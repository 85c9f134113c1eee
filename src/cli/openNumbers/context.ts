import type { Command } from 'commander';
import { ApiClient } from './client.js';
import { type Io, Output } from './output.js';
import { type GlobalOptions, resolveSettings, type Settings } from './settings.js';

/** What a command's action works with, resolved from its global options and the environment. */
export interface CommandContext {
  io: Io;
  settings: Settings;
  client: ApiClient;
  out: Output;
}

/** Builds a command's context from the command itself (`.action(async (…, cmd) => …)`). */
export function contextOf(io: Io, command: Command): CommandContext {
  const settings = resolveSettings(command.optsWithGlobals<GlobalOptions>(), io.env);
  return { io, settings, client: new ApiClient(settings), out: new Output(io, settings.json) };
}

/** Registers a group of commands on the program. */
export type Registrar = (program: Command, io: Io) => void;
