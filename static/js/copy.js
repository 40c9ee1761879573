// A "Copy link" button beside a read-only link, where the browser allows scripts and the clipboard.
for (const source of document.querySelectorAll("[data-copy-source]")) {
  if (!navigator.clipboard) continue;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "govuk-button govuk-button--secondary govuk-!-margin-top-2";
  button.textContent = "Copy link";
  const status = document.createElement("p");
  status.className = "govuk-body govuk-!-margin-top-1";
  status.setAttribute("role", "status");
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(source.value);
      status.textContent = "Link copied.";
    } catch {
      source.select();
      status.textContent = "Select the link and copy it yourself.";
    }
  });
  source.after(button, status);
}
