/* Stall app: the keypad (digits, 000, ⌫, C, quick amounts) and the per-sale QR page, which
   counts down and turns to "Received" by itself. Without this script the pages still work:
   a numeric field, quick amounts that send the form, and a meta refresh. */
(function () {
  "use strict";

  function group(digits) {
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  function keypad(form) {
    var input = form.querySelector("input[name=amount]");
    var keys = form.querySelector("[data-keys]");
    var go = form.querySelector(".kp-go");
    if (!input || !keys) return;
    var digits = input.value.replace(/\D/g, "").replace(/^0+/, "");
    keys.hidden = false;
    input.readOnly = true; // the keys below type; no phone keyboard over them
    input.setAttribute("inputmode", "none");

    function show() {
      input.value = digits ? group(digits) : "";
      if (go) go.disabled = !digits || digits.length < 4;
    }
    function press(key) {
      if (key === "clear") digits = "";
      else if (key === "back") digits = digits.slice(0, -1);
      else if (digits || key.charAt(0) !== "0") digits = (digits + key).slice(0, 9);
      show();
    }
    keys.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-key]");
      if (button) press(button.getAttribute("data-key"));
    });
    form.querySelectorAll("button[name=quick]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault(); // with the keypad, a quick amount fills the screen first
        digits = button.value;
        show();
      });
    });
    form.addEventListener("submit", function () {
      if (go) { setTimeout(function () { go.disabled = true; }, 0); } // one tap, one QR
    });
    window.addEventListener("pageshow", show); // back from the QR page: the button works again
    show();
  }

  function charge(box) {
    var meta = document.querySelector('meta[http-equiv="refresh"]');
    if (meta) meta.parentNode.removeChild(meta);
    if (box.getAttribute("data-paid") === "1" || !window.fetch) return;
    var url = box.getAttribute("data-status-url");
    var every = parseInt(box.getAttribute("data-poll-ms"), 10) || 1500;
    var deadline = Date.now() + 1000 * parseInt(box.getAttribute("data-seconds-left"), 10);
    var giveUp = deadline + 10 * 60 * 1000; // money may still arrive just after the QR expired
    var countdown = box.querySelector("[data-countdown]");
    var status = box.querySelector("[data-status]");
    var done = false;

    function tick() {
      if (done) return;
      var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      countdown.textContent = Math.floor(left / 60) + ":" + ("0" + (left % 60)).slice(-2);
      if (left > 0) setTimeout(tick, 1000);
    }
    function finish(state) {
      done = true;
      box.querySelector("[data-pending]").hidden = true;
      box.querySelector("[data-next]").hidden = false;
      status.className = "sq-status " + (state.paid ? "sq-status--paid" : "sq-status--expired");
    }
    function poll() {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (state) {
          status.textContent = (state.paid ? "✓ " : "") + state.label;
          if (state.paid) return finish(state);
          if (state.expired && !done) finish(state);
          if (Date.now() < giveUp) setTimeout(poll, state.expired ? 5000 : every);
        })
        .catch(function () { if (Date.now() < giveUp) setTimeout(poll, 4000); });
    }
    tick();
    setTimeout(poll, every);
  }

  document.querySelectorAll("form[data-keypad]").forEach(keypad);
  var box = document.getElementById("sq");
  if (box) charge(box);
})();
