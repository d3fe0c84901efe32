// The `survei` command: `npm run cli -- <command> [options]`. Commands load lazily so that
// `survei score` on a large file does not pay for the database drivers.
import type { CliIO, Command } from './cli/command.ts';
import { CliError } from './cli/command.ts';

const commands: Record<string, { summary: string; load: () => Promise<{ command: Command }> }> = {
  score: { summary: 'compute IKM / IPAK / IPKP from a CSV of paper forms', load: () => import('./cli/score.ts') },
  import: { summary: 'import paper questionnaires (XLSX or CSV) into a unit, or write its template', load: () => import('./cli/import.ts') },
  'sample-size': { summary: 'minimum number of respondents (Krejcie & Morgan)', load: () => import('./cli/sample-size.ts') },
  migrate: { summary: 'apply pending database migrations', load: () => import('./cli/migrate.ts') },
  demo: { summary: 'seed a realistic demo instansi with a year of responses', load: () => import('./cli/demo.ts') },
  instansi: { summary: 'add or list instansi', load: () => import('./cli/instansi.ts') },
  unit: { summary: 'add or list units (OPD, UPT, …)', load: () => import('./cli/unit.ts') },
  layanan: { summary: 'add or list layanan of a unit', load: () => import('./cli/layanan.ts') },
  loket: { summary: 'add or list lokets and their survey URLs', load: () => import('./cli/loket.ts') },
  instrument: { summary: 'add a custom instrument (or a new version), list instruments', load: () => import('./cli/instrument.ts') },
  user: { summary: 'add a user (the first admin, operators, …)', load: () => import('./cli/user.ts') },
  qr: { summary: "a loket's QR code (SVG, PNG) or its printable A4 poster (PDF)", load: () => import('./cli/qr.ts') },
  invitations: { summary: 'single-use survey invitations for a loket: printable slips (PDF) or URLs (JSON)', load: () => import('./cli/invitations.ts') },
  apikey: { summary: "add, list or revoke a unit's API keys (invitations API)", load: () => import('./cli/apikey.ts') },
  report: { summary: "a unit's Laporan SKM (PDF), tabulation (XLSX), responses (CSV), data (JSON); the instansi's rekapitulasi and export", load: () => import('./cli/report.ts') },
  backup: { summary: 'write a backup of the whole database (consistent, while the server runs)', load: () => import('./cli/backup.ts') },
  restore: { summary: 'restore a backup into the database (all or nothing)', load: () => import('./cli/restore.ts') },
  'migrate-to-postgres': { summary: 'move the embedded database (DATA_DIR) to the PostgreSQL of DATABASE_URL', load: () => import('./cli/migrate-to-postgres.ts') },
};

function overview(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    'survei — the survey platform for IKM, IPAK/IPK and IPKP',
    '',
    'Usage: npm run cli -- <command> [options]     (add --help after a command for its options)',
    '',
    'Commands:',
    ...lines,
    '',
    'Exit codes: 0 success, 1 the operation failed, 2 bad input or usage.',
    '',
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out.write(overview());
    return name ? 0 : 2;
  }
  const entry = commands[name];
  if (!entry) {
    io.err.write(`survei: unknown command "${name}"; run \`survei --help\` for the list\n`);
    return 2;
  }
  try {
    const { command } = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out.write(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
      return 0;
    }
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.err.write(`survei: ${error.message}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err.write(`survei ${name}: ${message}\n`);
    return 1;
  }
}

const io: CliIO = { out: process.stdout, err: process.stderr, interactive: Boolean(process.stderr.isTTY) };
const code = await runCli(process.argv.slice(2), io);
// Let stdout drain (large JSON into a pipe) before exiting.
process.stdout.write('', () => process.exit(code));
