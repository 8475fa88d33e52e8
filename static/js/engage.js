// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to an error summary so screen reader and keyboard users land on it.
  const summary = document.querySelector("[data-autofocus]");
  if (summary) summary.focus();
});
