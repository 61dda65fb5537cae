// The import pages: show a progress bar while a file is read or imported. A form marked
// data-import-progress shows its <progress> on submit; with data-progress-url it also asks
// the server every 700 ms how far the import is and fills the bar in.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-import-progress]");
  if (!form) return;
  const bar = form.querySelector("progress.import-progress");
  if (!bar) return;
  bar.hidden = false;
  form.querySelector("button[type=submit]")?.setAttribute("aria-busy", "true");
  const url = form.dataset.progressUrl;
  if (!url) return;
  const poll = async () => {
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      const state = await response.json();
      if (state.total > 0) {
        bar.max = state.total;
        bar.value = state.done;
      }
    } catch (error) {
      // The page is being replaced by the result; nothing to show.
    }
  };
  window.setInterval(poll, 700);
});
