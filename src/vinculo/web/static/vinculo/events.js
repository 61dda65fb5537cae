// The prepare sheet's "Print" button (no inline JavaScript: Content Security Policy).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
