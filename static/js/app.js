// Behaviour that works under the strict CSP (no inline script): progressive enhancements only.
document.addEventListener("click", (event) => {
  const trigger = event.target.closest("[data-confirm]");
  if (trigger && !window.confirm(trigger.dataset.confirm)) {
    event.preventDefault();
  }
});
// A table wider than the screen scrolls sideways inside its frame (.table-wrap). A frame with no
// link or button to tab to could not be scrolled from the keyboard (WCAG 2.1.1): while it
// overflows it takes the focus itself, named after its table's caption when there is one.
(function () {
  function keyboardScrollable(frame) {
    const overflows = frame.scrollWidth > frame.clientWidth;
    if (overflows && !frame.hasAttribute("tabindex")) {
      frame.tabIndex = 0;
      frame.dataset.scrollFocus = "yes";
      const caption = frame.querySelector("caption");
      if (caption) {
        frame.setAttribute("role", "region");
        frame.setAttribute("aria-label", caption.textContent.trim());
      }
    } else if (!overflows && frame.dataset.scrollFocus) {
      frame.removeAttribute("tabindex");
      frame.removeAttribute("role");
      frame.removeAttribute("aria-label");
      delete frame.dataset.scrollFocus;
    }
  }
  function update() {
    document.querySelectorAll(".table-wrap").forEach(keyboardScrollable);
  }
  document.addEventListener("DOMContentLoaded", update);
  document.addEventListener("htmx:afterSettle", update);
  window.addEventListener("resize", update);
})();
// A form marked data-swap-errors answers a refused input with its fragment and status 400 (the
// errors to show where the form was): htmx swaps it in instead of dropping it as an error.
document.addEventListener("htmx:beforeSwap", (event) => {
  const form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("[data-swap-errors]");
  if (form && event.detail.xhr.status === 400) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
