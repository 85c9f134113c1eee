import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { ApiClient } from '../../client.js';
import { contextOf } from '../../context.js';
import { usageError } from '../../errors.js';
import type { Io } from '../../output.js';
import type { ActiveNumber } from './activeNumber.js';
import { toCsv } from './csv.js';
import { exportProgress } from './exportProgress.js';
import { examples } from './help.js';
import { integer, numberType, oneOf, regionCode } from './inputs.js';
import { activePages } from './reads.js';

interface ExportOptions {
  output?: string;
  region?: string;
  type?: string;
  format?: string;
  pageSize?: string;
}

const FORMATS = ['JSON', 'CSV'] as const;

/** `--format`, or the output file's extension (`numbers.csv` → CSV), or JSON. */
function formatOf(options: ExportOptions): 'json' | 'csv' {
  if (options.format !== undefined)
    return oneOf(options.format, FORMATS, '--format').toLowerCase() as 'json' | 'csv';
  return options.output && extname(options.output).toLowerCase() === '.csv' ? 'csv' : 'json';
}

/** The file to write, checked before anything is fetched; undefined for stdout. */
function outputFile(io: Io, output: string | undefined): string | undefined {
  if (output === undefined || output === '-') return undefined;
  const file = resolve(io.cwd, output);
  const folder = dirname(file);
  let isFolder = false;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {}
  if (!isFolder) throw usageError(`--output ${output}: the folder ${folder} does not exist`);
  try {
    if (statSync(file).isDirectory()) throw usageError(`--output ${output} is a folder; give a file name`);
  } catch (error) {
    if (!(error as NodeJS.ErrnoException).code) throw error;
  }
  return file;
}

/** Written next to the target and renamed into place: an export that fails leaves no half file. */
function writeWhole(file: string, text: string): void {
  const partial = join(dirname(file), `.${basename(file)}.${process.pid}.partial`);
  try {
    writeFileSync(partial, text);
    renameSync(partial, file);
  } catch (error) {
    rmSync(partial, { force: true });
    throw usageError(`cannot write ${file}: ${(error as Error).message}`);
  }
}

/** When a region filter found nothing, whether the region exists at all (a typo such as UK for GB). */
async function regionHint(client: ApiClient, region: string): Promise<string | undefined> {
  try {
    const answer = await client.numbers('GET', '/availableRegions');
    const known = (answer?.availableRegions ?? []).some(
      (r: { regionCode: string }) => r.regionCode === region,
    );
    return known
      ? undefined
      : `${region} is not a region of GET /availableRegions (see: open-numbers regions)`;
  } catch {
    return undefined;
  }
}

/**
 * `numbers export`: every page of GET /activeNumbers into one JSON array (as the seed's
 * get_numbers.cjs writes it) or a CSV file. --region and --type are filters, both optional as in
 * get_numbers.cjs: the live API lists every number of the project without them (contract §3.6).
 */
export function registerExport(numbers: Command, io: Io): void {
  numbers
    .command('export')
    .summary('every active number, all pages, to a JSON or CSV file')
    .description(
      "Every active number of the project, all pages of GET /activeNumbers, to a file (the seed's " +
        "get_numbers.cjs): a JSON array of the API's numbers, or CSV with a header row. A progress " +
        'bar shows on stderr when it is a terminal.',
    )
    .option('--output <file>', 'where to write; "-" or none for stdout')
    .option('--region <code>', 'only numbers of this region (US, GB, …)')
    .option('--type <type>', 'only numbers of this type: MOBILE, LOCAL or TOLL_FREE')
    .option('--format <format>', 'json (default) or csv; a .csv file name picks csv')
    .option('--page-size <n>', 'numbers per request (default 100)')
    .addHelpText(
      'after',
      examples(
        [
          'export --output numbers.json',
          'export --region US --type LOCAL --format csv --output us-local.csv',
          'export | jq length',
        ],
        '0 written, 1 refused or a page failed (nothing written), 2 usage.',
      ),
    )
    .action(async (options: ExportOptions, cmd: Command) => {
      const format = formatOf(options);
      const filters = {
        regionCode: options.region === undefined ? undefined : regionCode(options.region),
        type: options.type === undefined ? undefined : numberType(options.type),
      };
      const pageSize = integer(options.pageSize, '--page-size', 100, 1, 1000);
      const file = outputFile(io, options.output);
      const { client, out } = contextOf(io, cmd);
      if (!file && out.json && format === 'csv')
        throw usageError(
          '--json prints JSON on stdout, and so would the CSV: give --output <file>, or drop --json',
        );

      const progress = exportProgress(io, out);
      const all: ActiveNumber[] = [];
      let pages = 0;
      let totalSize: number | undefined;
      try {
        for await (const page of activePages(client, filters, pageSize)) {
          all.push(...page.items);
          pages = page.number;
          totalSize = page.totalSize;
          progress.page(all.length, page.totalSize, page.number);
        }
      } catch (error) {
        progress.abort();
        throw error;
      }
      progress.finish(all.length, pages);
      if (all.length === 0 && filters.regionCode) {
        const hint = await regionHint(client, filters.regionCode);
        if (hint) out.note(hint);
      }

      const text = format === 'csv' ? toCsv(all) : `${JSON.stringify(all, null, 2)}\n`;
      if (!file) {
        io.stdout.write(text);
        return;
      }
      writeWhole(file, text);
      out.result(
        { output: file, format, count: all.length, pages, totalSize: totalSize ?? all.length },
        () =>
          `Saved ${all.length} active number${all.length === 1 ? '' : 's'} to ${options.output} (${format.toUpperCase()}).`,
      );
    });
}
