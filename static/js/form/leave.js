/* Leaving a page with unsaved input: a link on the page saves first and then goes; anything else (back,
 * closing the tab, a typed address) gets the browser's "leave the page?" question. A link marked
 * data-leave-ok (the login link after a lost session) goes at once: the values are kept in the browser. */

export function guardLeaving(saver, isSubmitting, keepDraft) {
  let leavingOk = false;
  window.addEventListener("beforeunload", (event) => {
    keepDraft(); // the last keystrokes too, whatever happens next
    if (!leavingOk && !isSubmitting() && (saver.busy() || saver.unsaved().length)) {
      event.preventDefault();
      event.returnValue = ""; // older browsers ask only when this is set
    }
  });
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[href]");
    if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    if (link.hasAttribute("data-leave-ok")) {
      keepDraft();
      leavingOk = true;
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
    saver.save(null).then((kind) => {
      if (kind !== "resubmit") {
        window.location.assign(url.href); // not saved (no network, signed out): the browser asks first
      } // resubmit: the plain post shows the server's page (a conflict) instead
    });
  });
}
