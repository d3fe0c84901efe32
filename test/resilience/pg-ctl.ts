// pg_ctl run without blocking this process: the clients of a scenario keep sending (and timing)
// their requests while PostgreSQL restarts. (test/support/postgres-server.ts's pgCtl waits
// synchronously, which would freeze the clients for the whole restart.)
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { postgresBinDir, type PostgresServer } from '../support/postgres-server.ts';

export function pgCtlAsync(server: PostgresServer, ...args: string[]): Promise<void> {
  const pgCtl = join(postgresBinDir(), 'pg_ctl');
  // as root the server runs as the `postgres` user (as startPostgres set it up); a log file keeps
  // the server's output off pg_ctl's pipes, which would otherwise stay open while it runs
  const argv = ['-D', server.dataDir, '-l', join(dirname(server.dataDir), 'server.log'), ...args];
  const [command, commandArgs] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', pgCtl, ...argv]] : [pgCtl, argv];
  return new Promise((resolve, reject) =>
    execFile(command, commandArgs, { cwd: dirname(server.dataDir) }, (error, stdout, stderr) => (error ? reject(new Error(`pg_ctl ${args.join(' ')}: ${stderr || stdout || error.message}`)) : resolve())),
  );
}
