// Huixiang staff pages: small enhancements only. Every page works without this file.
(function () {
  "use strict";

  function each(selector, root, fn) {
    Array.prototype.forEach.call((root || document).querySelectorAll(selector), fn);
  }

  // R2: show the hint and the required mark that belong to the chosen channel.
  function showChannel(form) {
    var select = form.querySelector("[data-channel-select]");
    if (!select) return;
    var channel = select.value;
    each("[data-for-channel]", form, function (el) {
      el.hidden = el.getAttribute("data-for-channel") !== channel;
    });
    each("[data-required-for]", form, function (el) {
      el.hidden = el.getAttribute("data-required-for") !== channel;
    });
  }

  function init(root) {
    each("form", root, function (form) {
      var select = form.querySelector("[data-channel-select]");
      if (select && !select.dataset.bound) {
        select.dataset.bound = "1";
        select.addEventListener("change", function () { showChannel(form); });
        showChannel(form);
      }
    });
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target : null;
    if (!target) return;
    if (target.closest("[data-print]")) {
      event.preventDefault();
      window.print();
    } else if (target.closest("[data-back]") && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    } else {
      var ask = target.closest("[data-confirm]");
      if (ask && !window.confirm(ask.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    }
  });

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (event) { init(event.target); });
})();
