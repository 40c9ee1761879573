// The evidence page: conversion progress, and moving documents up and down without a page reload.
import "./progress.js";

function refreshButtons(tbody) {
  const rows = [...tbody.querySelectorAll("[data-document-row]")];
  rows.forEach((row, index) => {
    const up = row.querySelector("button[value=up]");
    const down = row.querySelector("button[value=down]");
    for (const [button, disabled] of [[up, index === 0], [down, index === rows.length - 1]]) {
      button.disabled = disabled;
      if (disabled) button.setAttribute("aria-disabled", "true");
      else button.removeAttribute("aria-disabled");
    }
  });
}

// Screen readers hear where the document went, as they would from the reloaded page without JavaScript.
function announce(row, direction) {
  const status = document.querySelector("[data-move-status]");
  const rows = [...row.parentElement.children];
  const title = row.querySelector("a").textContent.trim();
  const where = `now ${rows.indexOf(row) + 1} of ${rows.length} in its section`;
  if (status) status.textContent = `${title} moved ${direction}: ${where}.`;
}

async function move(event) {
  const form = event.target;
  const button = event.submitter;
  if (!form.matches("[data-move-form]") || !button || form.dataset.plain) return;
  event.preventDefault();
  const response = await fetch(form.action, {
    method: "POST",
    body: new FormData(form, button),
    headers: { Accept: "application/json" },
  });
  if (!response.ok) {
    form.dataset.plain = "yes";  // submit it the ordinary way, so the server's page says what went wrong
    form.requestSubmit(button);
    return;
  }
  const row = form.closest("tr");
  const tbody = row.parentElement;
  if (button.value === "up" && row.previousElementSibling) tbody.insertBefore(row, row.previousElementSibling);
  if (button.value === "down" && row.nextElementSibling) tbody.insertBefore(row.nextElementSibling, row);
  refreshButtons(tbody);
  announce(row, button.value);
  const focusTarget = button.disabled ? form.querySelector("button:not([disabled])") : button;
  if (focusTarget) focusTarget.focus();
}

document.addEventListener("submit", move);
