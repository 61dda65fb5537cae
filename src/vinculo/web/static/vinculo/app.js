// Vínculo's only script besides htmx. No inline JavaScript anywhere (Content Security Policy).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});

// Forms sent by htmx that should be emptied once saved (e.g. "log an interaction").
document.addEventListener("htmx:afterRequest", (event) => {
  const form = event.target.closest("form[data-reset-on-success]");
  if (form && event.detail.successful) {
    form.reset();
    document.getElementById("timeline-empty")?.remove();
  }
});

// "Copy the message": puts the drafted text of the same card on the clipboard.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const text = button.closest("article")?.querySelector("pre.message")?.textContent ?? "";
  await navigator.clipboard.writeText(text);
  button.textContent = button.dataset.copied;
});

// A change htmx sent that the server could not save (a full disk, a read-only data
// folder: 503 with the reason as plain text). Nothing on the page is replaced, so what was
// typed stays where it is, and the reason is said.
document.addEventListener("htmx:responseError", (event) => {
  const answer = event.detail.xhr;
  if (answer.status === 503 && answer.responseText) {
    window.alert(answer.responseText);
  }
});
