/* Leaving a page with unsaved input: a link on the page saves first and then goes; anything else (back,
 * closing the tab, a typed address) gets the browser's "leave the page?" question. */

export function guardLeaving(saver, isSubmitting) {
  window.addEventListener("beforeunload", (event) => {
    if (!isSubmitting() && (saver.busy() || saver.unsaved().length)) {
      event.preventDefault();
      event.returnValue = ""; // older browsers ask only when this is set
    }
  });
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[href]");
    if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    const url = new URL(link.href, window.location.href);
    const samePage = url.pathname === window.location.pathname && url.search === window.location.search;
    if (url.origin !== window.location.origin || samePage || link.target) {
      return;
    }
    if (!saver.busy() && !saver.unsaved().length) {
      return;
    }
    event.preventDefault();
    saver.save(null).then(() => {
      window.location.assign(url.href); // unsaved still (no network, signed out): the browser asks first
    });
  });
}
