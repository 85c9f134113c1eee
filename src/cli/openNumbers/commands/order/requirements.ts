import type { Command } from 'commander';
import { contextOf } from '../../context.js';
import { CliError, EXIT } from '../../errors.js';
import { readRegistrationFile } from '../../order/orderInput.js';
import { registrationChecker } from '../../order/registrationCheck.js';
import {
  assertSold,
  lookupRequirements,
  numberType,
  type Requirements,
  regionCode,
  requirementsSummary,
} from '../../order/requirements.js';
import { schemaOutline } from '../../order/schemaOutline.js';
import type { Io } from '../../output.js';

/** `order requirements --region AU --type MOBILE [--check reg.json]`: step 1 on its own. */
export function registerOrderRequirements(order: Command, io: Io): void {
  order
    .command('requirements')
    .summary('step 1: what a region and type need (--check a registration file)')
    .description(
      'step 1: what ordering a region and number type needs: registration fields, documents, rules ' +
        '(POST numberOrders:lookupNumberRequirements); --check validates a registration file locally',
    )
    .requiredOption('--region <code>', 'region code, e.g. AU')
    .requiredOption('--type <type>', 'MOBILE, LOCAL or TOLL_FREE')
    .option('--check <file>', 'check a registration JSON file against the requirements (nothing is sent)')
    .addHelpText(
      'after',
      `
Examples:
  open-numbers order requirements --region AU --type MOBILE
  open-numbers order requirements --region DE --type LOCAL --json | jq '.attachments[] | {id, title, mandatory}'
  open-numbers order requirements --region AU --type MOBILE --check reg.json`,
    )
    .action(async (options: { region: string; type: string; check?: string }, command: Command) => {
      const { client, out } = contextOf(io, command);
      const region = regionCode(options.region);
      const type = numberType(options.type);
      const data =
        options.check === undefined ? undefined : await readRegistrationFile(options.check, io.cwd);
      await assertSold(client, region, type);
      const req = await lookupRequirements(client, region, type);
      if (options.check !== undefined) {
        const violations = req.schema ? registrationChecker(req.schema)(data) : [];
        if (violations.length)
          throw new CliError(
            [
              `${options.check} does not meet the ${region} ${type} requirements:`,
              ...violations.map((v) => `  - ${v.description}`),
            ].join('\n'),
            EXIT.usage,
            { violations },
          );
        out.result(
          { regionCode: region, numberType: type, valid: true },
          () =>
            `${options.check} meets the ${region} ${type} requirements${req.schema ? '' : ' (there are none)'}.`,
        );
        return;
      }
      out.result(req.found ? req.answer : { regionCode: region, numberType: type, requirements: null }, () =>
        requirementsText(req),
      );
    });
}

function requirementsText(req: Requirements): string[] {
  const lines = [`${requirementsSummary(req)}${req.title ? ` — ${req.title}` : ''}`];
  if (!req.found) return lines;
  if (req.quantityOrdersSupported !== undefined)
    lines.push(
      req.quantityOrdersSupported
        ? 'Quantity orders: supported (--quantity)'
        : 'Quantity orders: not supported (order a specific --number)',
    );
  if (req.schema)
    lines.push('', 'Registration (requestDetails.data; * = required):', ...schemaOutline(req.schema));
  if (req.attachments.length) {
    lines.push('', 'Documents (--attach <id>:<DOCUMENT_TYPE>=<file>):');
    for (const a of req.attachments) {
      lines.push(`  ${a.id}  ${a.title} (${a.mandatory ? 'mandatory' : 'optional'})`);
      if (a.description) lines.push(`      ${a.description}`);
      lines.push(`      file types: ${a.allowedMimeTypes.join(', ') || 'any'}`);
      lines.push(`      document types: ${a.allowedDocumentTypes.join(', ') || 'any'}`);
      for (const t of a.templates) lines.push(`      template: ${t.url}`);
    }
  }
  if (req.rules.length) {
    lines.push('', 'What the reviewer checks:');
    for (const r of req.rules) lines.push(`  - ${r.description}`);
  }
  return lines;
}
