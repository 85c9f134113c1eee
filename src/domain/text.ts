/**
 * Text the stores cannot keep: PostgreSQL rejects NUL and unpaired UTF-16 surrogates (SQLite
 * keeps them), so such text is refused everywhere, whichever store runs. Linear-time.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what this must find.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}
