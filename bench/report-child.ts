// One measured run of a `survei` command in its own process, for bench:report: runs the command
// module exactly as the CLI does, then prints one JSON line with the time (after its modules are
// loaded) and the process's peak resident memory (getrusage maxRSS), which a parent cannot read
// for its children.
import type { CliIO } from '../src/cli/command.ts';

const [name, ...args] = process.argv.slice(2);
const silent = { write: () => true } as unknown as NodeJS.WritableStream;
const io: CliIO = { out: silent, err: process.stderr, interactive: false };
// the modules are loaded before the clock starts: the time is the command's work
const { withDatabase } = await import('../src/cli/database.ts');
const { command } = name === 'import' ? await import('../src/cli/import.ts') : await import('../src/cli/report.ts');
const started = performance.now();
// baseline, the floor: the modules loaded and the database opened, nothing built
const code = name === 'baseline' ? await withDatabase(async () => 0) : await command.run(args, io);
const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify({ code, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
process.exit(code);
