/* The thank-you page of a VietQR order (progressive enhancement; the page works without it).
   - Polls the order's payment status. A failed poll (server error, no network while the shopper
     is in the banking app, no answer within 10 s) is retried after 2, 4, 8 … 30 s and shows "Checking…"; a good answer
     resets the wait. Once the status is final (paid, expired, cancelled) the QR and the bank
     details go: they must not be used any more.
   - Adds a "Copy" button after each [data-copy] value (account number, amount, content). */
(function () {
  "use strict";
  var box = document.getElementById("payment-box");
  if (!box) { return; }
  var statusEl = box.querySelector("[data-testid=payment-status]");
  var checkingEl = box.querySelector(".pay-checking");
  var POLL_MS = 2000, MAX_WAIT_MS = 30000;
  var wait = POLL_MS, timer = null, busy = false, done = false;

  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(poll, ms);
  }

  function retryLater() {
    busy = false;
    if (checkingEl) { checkingEl.hidden = false; }
    schedule(wait);
    wait = Math.min(wait * 2, MAX_WAIT_MS);
  }

  function show(data) {
    busy = false;
    wait = POLL_MS;
    if (checkingEl) { checkingEl.hidden = true; }
    statusEl.textContent = data.label;
    if (!data.final) { schedule(POLL_MS); return; }
    done = true;
    if (data.paid) {
      statusEl.classList.add("pay-status--paid");
      var thanks = box.querySelector(".pay-thanks");
      if (thanks) { thanks.hidden = false; }
    }
    box.querySelectorAll(".pay-todo, .pay-checking").forEach(function (el) { el.remove(); });
    // The details the shopper scrolled down to copy are gone: bring the news into view.
    var top = box.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight) { box.scrollIntoView(); }
  }

  function poll() {
    if (done || busy) { return; }
    busy = true;
    // A request a weak mobile network never answers counts as failed after 10 s.
    var controller = window.AbortController ? new AbortController() : null;
    var giveUp = controller ? setTimeout(function () { controller.abort(); }, 10000) : null;
    fetch(box.dataset.statusUrl, {
      headers: {"Accept": "application/json"}, credentials: "same-origin", cache: "no-store",
      signal: controller ? controller.signal : undefined
    })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (data) {
        clearTimeout(giveUp);
        if (!data || typeof data.label !== "string") { throw new Error("bad answer"); }
        show(data);
      })
      .catch(function () { clearTimeout(giveUp); retryLater(); });
  }

  // Back from the banking app: look now rather than at the end of a long wait.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && !done && !busy) { schedule(0); }
  });
  schedule(POLL_MS);

  // --- Copy buttons --------------------------------------------------------------------------
  function copyByHand(text) {
    var previous = document.activeElement;
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");  // no on-screen keyboard
    area.className = "pay-copy-buffer";
    document.body.appendChild(area);
    area.focus();
    area.select();
    area.setSelectionRange(0, text.length);  // iOS selects nothing with select() alone
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
    area.remove();
    if (previous && previous.focus) { previous.focus(); }
    return copied;
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () {
        if (!copyByHand(text)) { throw new Error("copy failed"); }
      });
    }
    return copyByHand(text) ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  function selectText(el) {
    var range = document.createRange();
    range.selectNodeContents(el);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  box.querySelectorAll("[data-copy]").forEach(function (value) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "pay-copy";
    button.textContent = box.dataset.copyLabel;
    if (value.dataset.copyFor) { button.setAttribute("aria-describedby", value.dataset.copyFor); }
    var reset = null;
    button.addEventListener("click", function () {
      copy(value.dataset.copy).then(function () {
        button.textContent = box.dataset.copiedLabel;
        button.classList.add("is-copied");
        clearTimeout(reset);
        reset = setTimeout(function () {
          button.textContent = box.dataset.copyLabel;
          button.classList.remove("is-copied");
        }, 2500);
      }, function () { selectText(value); });  // no clipboard at all: select it for the shopper
    });
    value.insertAdjacentElement("afterend", button);
  });
})();
