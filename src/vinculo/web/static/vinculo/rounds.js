// The meeting plan's "Print" button (no inline JavaScript: Content Security Policy).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
