// Copy buttons: <button data-copy-target="FIELD_ID" data-copy-status="STATUS_ID" data-copied-text="..."
// data-copy-failed-text="..." hidden>. The button stays hidden without JavaScript; the field next to it
// can then still be selected and copied by hand.
document.querySelectorAll("button[data-copy-target]").forEach((button) => {
  const field = document.getElementById(button.dataset.copyTarget);
  const status = document.getElementById(button.dataset.copyStatus);
  if (!field) return;
  const say = (text) => {
    if (status) status.textContent = text;
  };
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      // The clipboard API needs a secure context (https, or localhost while developing).
      await navigator.clipboard.writeText(field.value);
      say(button.dataset.copiedText);
    } catch {
      field.focus();
      field.select();
      say(button.dataset.copyFailedText);
    }
  });
});
