import type { CliIO } from './command.ts';

/**
 * A progress bar on stderr for long commands: redrawn in place on a terminal; on a pipe (CI, logs)
 * one line at every 10 %. Never on stdout, so `--json` output stays clean.
 */
export function progressBar(io: CliIO, label: string, total: number) {
  let lastTenth = -1;
  const draw = (done: number) => {
    const share = total === 0 ? 1 : done / total;
    if (io.interactive) {
      const width = 30;
      const filled = Math.round(share * width);
      io.err.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor(share * 100)}% (${done}/${total})`);
    } else {
      const tenth = Math.floor(share * 10);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        io.err.write(`${label}: ${tenth * 10}% (${done}/${total})\n`);
      }
    }
  };
  draw(0);
  return {
    update: draw,
    done() {
      draw(total);
      if (io.interactive) io.err.write('\n');
    },
  };
}

/** A progress bar made once the total is known. */
export function rowProgress(io: CliIO, label: string) {
  let bar: ReturnType<typeof progressBar> | undefined;
  return {
    update(done: number, total: number) {
      bar ??= progressBar(io, label, total);
      bar.update(done);
    },
    done: () => bar?.done(),
  };
}
