/* A table that scrolls sideways on a narrow screen can be reached and scrolled with the keyboard
   (WCAG 2.1.1): it gets a place in the tab order while, and only while, it scrolls. Browsers that make
   scrolling boxes focusable themselves need none of this; without JavaScript nothing breaks. */
(function () {
  "use strict";
  function mark() {
    document.querySelectorAll("main table, .vk-table-scroll").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        if (!box.hasAttribute("tabindex")) { box.setAttribute("tabindex", "0"); box.dataset.vkScroll = "1"; }
      } else if (box.dataset.vkScroll) {
        box.removeAttribute("tabindex"); delete box.dataset.vkScroll;
      }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", mark); } else { mark(); }
  window.addEventListener("resize", mark);
})();
