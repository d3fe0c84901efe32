// The imports running in this process: an upload answers at once with the job's page, which shows
// its progress until it ends. One import per unit at a time (two would race for the same rows'
// checks and confuse the person watching); a finished job is kept an hour for its page, then
// forgotten (the import itself is recorded in response_import; only its progress lives here).
import { randomUUID } from 'node:crypto';
import type { ImportOutcome, ImportPhase } from '../../reports/import/index.ts';

const JOB_KEPT_MS = 60 * 60 * 1000;

export interface ImportJob {
  id: string;
  unitId: string;
  fileName: string;
  /** the name of the user who uploaded */
  startedBy: string;
  startedAt: Date;
  /** 'waiting' until the upload is on disk */
  phase: 'waiting' | ImportPhase;
  done: number;
  /** null while the number of rows is not known yet */
  total: number | null;
  finishedAt: Date | null;
  outcome: ImportOutcome | null;
  /** the import stopped on an error of ours (logged), not on the file */
  crashed: boolean;
}

export interface JobRegistry {
  get(id: string): ImportJob | undefined;
  /** the unit's unfinished job, if any */
  running(unitId: string): ImportJob | undefined;
  /**
   * Registers a job for the unit and runs `work` in the background; undefined when the unit already
   * has one running. Registering is synchronous, so two uploads at once cannot both start.
   */
  start(
    meta: { unitId: string; fileName: string; startedBy: string },
    work: (progress: (phase: ImportPhase, done: number, total: number | null) => void) => Promise<ImportOutcome>,
    hooks: { onError: (error: unknown) => void; always: () => Promise<void> },
  ): ImportJob | undefined;
}

export function importJobs({ keepMs = JOB_KEPT_MS, now = () => Date.now() } = {}): JobRegistry {
  const jobs = new Map<string, ImportJob>();

  function forgetOld() {
    for (const [id, job] of jobs) if (job.finishedAt && job.finishedAt.getTime() < now() - keepMs) jobs.delete(id);
  }

  return {
    get(id) {
      forgetOld();
      return jobs.get(id);
    },
    running(unitId) {
      return [...jobs.values()].find((j) => j.unitId === unitId && !j.finishedAt);
    },
    start(meta, work, hooks) {
      forgetOld();
      if (this.running(meta.unitId)) return undefined;
      const job: ImportJob = { id: randomUUID(), ...meta, startedAt: new Date(now()), phase: 'waiting', done: 0, total: null, finishedAt: null, outcome: null, crashed: false };
      jobs.set(job.id, job);
      const progress = (phase: ImportPhase, done: number, total: number | null) => {
        job.phase = phase;
        job.done = done;
        job.total = total;
      };
      void work(progress)
        .then(
          (outcome) => {
            job.outcome = outcome;
          },
          (error: unknown) => {
            job.crashed = true;
            hooks.onError(error);
          },
        )
        .finally(async () => {
          await hooks.always().catch(hooks.onError);
          job.finishedAt = new Date(now());
        });
      return job;
    },
  };
}
