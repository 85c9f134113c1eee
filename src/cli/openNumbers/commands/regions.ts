import type { Command } from 'commander';
import { contextOf } from '../context.js';
import type { Io } from '../output.js';
import { table } from '../output.js';

/** `regions`: where numbers can be searched and rented (GET /availableRegions). */
export function registerRegions(program: Command, io: Io): void {
  program
    .command('regions')
    .description('list the regions numbers are available in (GET /availableRegions)')
    .option('--type <type...>', 'only regions with numbers of these types (LOCAL, MOBILE, TOLL_FREE)')
    .action(async (options: { type?: string[] }, command: Command) => {
      const { client, out } = contextOf(io, command);
      const answer = await client.numbers('GET', '/availableRegions', {
        query: { types: options.type?.map((t) => t.toUpperCase()) },
      });
      const regions: { regionCode: string; regionName: string; types: string[] }[] =
        answer?.availableRegions ?? [];
      out.result(answer, () =>
        table(
          regions.map((r) => ({ region: r.regionCode, name: r.regionName, types: r.types.join(', ') })),
          ['region', 'name', 'types'],
        ),
      );
    });
}
