import { Presets, SingleBar } from 'cli-progress';
import type { Io, Output } from '../../output.js';

/**
 * Progress of a paged export on stderr: a bar when stderr is a terminal, otherwise (a pipe, a
 * log file, CI) a single summary line at the end.
 */
export function exportProgress(io: Io, out: Output) {
  let bar: SingleBar | undefined;
  return {
    page(count: number, totalSize: number | undefined, page: number) {
      if (!io.stderr.isTTY) return;
      const total = Math.max(totalSize ?? count, count);
      if (!bar) {
        bar = new SingleBar(
          {
            stream: io.stderr as unknown as NodeJS.WritableStream,
            format: 'active numbers {bar} {value}/{total} | page {page}',
            hideCursor: true,
          },
          Presets.shades_classic,
        );
        bar.start(total, count, { page });
      } else {
        bar.setTotal(total);
        bar.update(count, { page });
      }
    },
    finish(count: number, pages: number) {
      bar?.stop();
      bar = undefined;
      out.note(
        `fetched ${count} active number${count === 1 ? '' : 's'} in ${pages} page${pages === 1 ? '' : 's'}`,
      );
    },
    abort() {
      bar?.stop();
      bar = undefined;
    },
  };
}
