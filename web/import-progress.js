// The import job's page while it runs: asks the job's status every second and moves the progress
// bar; when the import has ended, loads the page again, which then shows the outcome. Without this
// script the page offers a "refresh" link instead (no automatic refresh: people read at their pace).
(() => {
  const section = document.querySelector('[data-job-status]');
  if (!section) return;
  const url = section.getAttribute('data-job-status');
  const heading = section.querySelector('h2');
  const bar = section.querySelector('progress');
  const rows = section.querySelector('[data-job-rows]');
  const tick = async () => {
    try {
      const res = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (!res.ok) return setTimeout(tick, 3000);
      const job = await res.json();
      if (job.finished) return location.reload();
      heading.textContent = job.phase;
      rows.textContent = job.rows;
      if (job.total === null) bar.removeAttribute('value');
      else {
        bar.max = Math.max(job.total, 1);
        bar.value = job.done;
      }
    } catch {
      // the server restarted or the network blinked: try again a little later
      return setTimeout(tick, 3000);
    }
    setTimeout(tick, 1000);
  };
  setTimeout(tick, 1000);
})();
