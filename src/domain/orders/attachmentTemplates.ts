import { existsSync, readFileSync } from 'node:fs';
import { TEMPLATE_DIR } from '../../paths.js';
import { TEMPLATE_FILE_NAME } from './policyMetaSchema.js';

/**
 * Attachment templates: blank forms (e.g. a declaration the end user signs) that a policy's
 * attachment names in `templates` and the requirements lookup lists as downloadable files. They
 * ship in `policies/templates/`; a policy may name only files that exist there.
 */

/** The path under which the templates are downloaded, without credentials. */
export const TEMPLATE_ROUTE = '/numberOrderTemplates';

const MIME_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  rtf: 'application/rtf',
  txt: 'text/plain; charset=utf-8',
};

const namePattern = new RegExp(TEMPLATE_FILE_NAME);

/** Whether `name` is a template file that ships with the server. */
export function templateExists(name: string): boolean {
  return namePattern.test(name) && existsSync(new URL(name, TEMPLATE_DIR));
}

/** The template's bytes and type, or undefined for a name that is not a shipped template. */
export function readTemplate(name: string): { content: Buffer; mimeType: string } | undefined {
  if (!templateExists(name)) return undefined;
  const extension = name.slice(name.lastIndexOf('.') + 1);
  return { content: readFileSync(new URL(name, TEMPLATE_DIR)), mimeType: MIME_TYPES[extension]! };
}

/** `{name, url}` entries of the lookup for an attachment's template files. */
export function templateLinks(publicUrl: string, names: readonly string[] = []) {
  const base = publicUrl.replace(/\/+$/, '');
  return names.map((name) => ({ name, url: `${base}${TEMPLATE_ROUTE}/${name}` }));
}
