// Background work (conversions, bundle builds): poll the job's JSON and update the progress bar in place,
// then reload once it has finished so the page shows the result. Without JavaScript the Refresh link does this.
const POLL_MS = 1000;

async function poll(container) {
  const bar = container.querySelector("[data-progress-bar]");
  const text = container.querySelector("[data-progress-text]");
  try {
    const response = await fetch(container.dataset.pollUrl, { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const job = await response.json();
    if (bar && job.total) {
      bar.max = job.total;
      bar.value = job.done;
      bar.textContent = `${job.percent}%`;
    }
    if (text && job.total) text.textContent = `${job.done} of ${job.total} pages`;
    if (job.finished) {
      window.location.reload();
      return;
    }
  } catch {
    // A dropped request is retried on the next tick; the Refresh link still works.
  }
  window.setTimeout(() => poll(container), POLL_MS);
}

for (const container of document.querySelectorAll("[data-poll-url]")) {
  window.setTimeout(() => poll(container), POLL_MS);
}
