/** The text after a command's --help: copy-paste examples, then what its exit codes mean there. */
export function examples(lines: readonly string[], exits?: string): string {
  const shown = lines.map((line) => `  open-numbers numbers ${line}`).join('\n');
  return `\nExample${lines.length > 1 ? 's' : ''}:\n${shown}${exits ? `\n\nExit codes: ${exits}` : ''}`;
}
