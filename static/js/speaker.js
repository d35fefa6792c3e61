/* The payment speaker: polls the stall's bank-confirmed sales newer than the last one shown,
   shows each amount big and says "Đã nhận … đồng" — with the phone's Vietnamese voice when it
   has one, else with the recorded clips in /static/audio/vi/. A dropped connection backs off
   (1 s → 15 s) and resumes from the last sale shown; a sale is never announced twice. */
(function () {
  "use strict";
  var box = document.getElementById("speaker");
  if (!box || !window.fetch || !window.JSON) return;

  function data(name) { return box.getAttribute("data-" + name) || ""; }
  function ids(text) { return text ? text.split(",").map(Number) : []; }

  var url = data("sales-url");
  var every = parseInt(data("poll-ms"), 10) || 1000;
  var after = parseInt(data("after"), 10) || 0;
  var seen = {};
  var store = "choso-speaker-" + data("stall");
  ids(data("seen")).forEach(function (id) { seen[id] = 1; });
  // A reloaded tab (phones discard background tabs) resumes where it was, if that was recent.
  try {
    var saved = JSON.parse(sessionStorage.getItem(store) || "null");
    if (saved && Date.now() - saved.t < 10 * 60 * 1000 && saved.after <= after) {
      after = saved.after;
      saved.seen.forEach(function (id) { seen[id] = 1; });
    }
  } catch (e) { /* private mode: start from the page's own position */ }

  var statusEl = box.querySelector("[data-status]");
  var amountEl = box.querySelector("[data-last-amount]");
  var labelEl = box.querySelector("[data-last-label]");
  var lastBox = box.querySelector(".sp-last");
  var list = box.querySelector("[data-list]");
  var soundOn = box.querySelector("[data-sound-on]");
  var soundTest = box.querySelector("[data-sound-test]");
  var soundHelp = box.querySelector("[data-sound-help]");
  var delay = every, timer = null, stopped = false;

  function remember() {
    try {
      var recent = Object.keys(seen).map(Number).sort(function (a, b) { return b - a; }).slice(0, 100);
      sessionStorage.setItem(store, JSON.stringify({ after: after, seen: recent, t: Date.now() }));
    } catch (e) { /* nothing to keep */ }
  }
  function setStatus(text, off) {
    statusEl.textContent = text;
    statusEl.className = "sp-status small" + (off ? " is-off" : "");
  }

  // --- Sound -----------------------------------------------------------------------------
  var enabled = false, audio = null, clips = {}, queue = [], speaking = false;

  function viVoice() {
    if (!window.speechSynthesis || !window.SpeechSynthesisUtterance) return null;
    var voices = window.speechSynthesis.getVoices();
    for (var i = 0; i < voices.length; i++) {
      if (/^vi([-_]|$)/i.test(voices[i].lang)) return voices[i];
    }
    return null;
  }
  function loadClips() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    audio = audio || new Context();
    if (audio.resume) audio.resume();
    data("clips").split(",").forEach(function (name) {
      if (clips[name]) return;
      fetch(data("clips-url") + name + ".mp3")
        .then(function (r) { return r.arrayBuffer(); })
        .then(function (bytes) {
          return new Promise(function (ok, fail) { audio.decodeAudioData(bytes, ok, fail); });
        })
        .then(function (buffer) { clips[name] = buffer; })
        .catch(function () { /* that word stays silent */ });
    });
  }
  function playClips(names, done) {
    if (!audio) return done();
    var at = audio.currentTime + 0.05, played = [];
    names.forEach(function (name) {
      var buffer = clips[name];
      if (!buffer) return;
      played.push(name);
      var source = audio.createBufferSource();
      source.buffer = buffer;
      source.connect(audio.destination);
      source.start(at);
      at += buffer.duration + 0.03;
    });
    box.setAttribute("data-spoken", "clips:" + played.join(",")); // what was said, for tests
    setTimeout(done, Math.max(0, at - audio.currentTime) * 1000 + 250);
  }
  function say(item, done) {
    var voice = viVoice();
    if (!voice) return playClips(item.clips, done);
    var finished = false;
    function end() { if (!finished) { finished = true; done(); } }
    var utterance = new window.SpeechSynthesisUtterance(item.speech);
    utterance.lang = "vi-VN";
    utterance.voice = voice;
    utterance.onend = end;
    utterance.onerror = function () { finished = true; playClips(item.clips, done); };
    window.speechSynthesis.speak(utterance);
    box.setAttribute("data-spoken", "voice:" + item.speech);
    setTimeout(end, 9000); // some engines never say they ended
  }
  function next() {
    if (speaking || !queue.length) return;
    speaking = true;
    say(queue.shift(), function () { speaking = false; next(); });
  }
  function announce(item) {
    if (!enabled) return;
    queue.push(item);
    next();
  }
  function enable() {
    enabled = true;
    loadClips();
    if (window.speechSynthesis) window.speechSynthesis.getVoices();
    if (navigator.wakeLock) navigator.wakeLock.request("screen").catch(function () {});
    soundOn.hidden = true;
    soundHelp.hidden = true;
    soundTest.hidden = false;
    setTimeout(function () {
      setStatus(data("text-on") + " " + data(viVoice() ? "text-voice" : "text-clips"));
    }, 400);
  }
  soundOn.hidden = false;
  soundHelp.hidden = false;
  soundOn.addEventListener("click", enable);
  soundTest.addEventListener("click", function () {
    announce({ speech: data("sample-speech"), clips: data("sample-clips").split(",") });
  });

  // --- Showing sales ---------------------------------------------------------------------
  function show(sale) {
    amountEl.textContent = sale.display;
    labelEl.textContent = labelEl.getAttribute("data-received") + " · " + sale.time;
    lastBox.classList.remove("is-new");
    void lastBox.offsetWidth; // restart the flash
    lastBox.classList.add("is-new");
    var item = document.createElement("li");
    item.innerHTML = '<time></time><b></b><span class="pill pill--qr"></span>';
    item.children[0].textContent = sale.time;
    item.children[1].textContent = sale.display;
    item.children[2].textContent = sale.source_label;
    list.insertBefore(item, list.firstChild);
    while (list.children.length > 20) list.removeChild(list.lastChild);
    announce(sale);
  }

  // --- Polling ---------------------------------------------------------------------------
  function schedule(ms) {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(poll, ms);
  }
  function poll() {
    fetch(url + "?after=" + after, {
      headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store"
    })
      .then(function (r) {
        if (r.status === 401 || r.status === 403 || r.status === 404) {
          stopped = true;
          setStatus(data("text-signed-out"), true);
          throw new Error("stopped");
        }
        if (!r.ok) throw new Error(r.status);
        return r.json();
      })
      .then(function (answer) {
        answer.sales.forEach(function (sale) {
          if (seen[sale.id]) return;
          seen[sale.id] = 1;
          show(sale);
        });
        after = Math.max(after, answer.last_id);
        remember();
        if (delay !== every || statusEl.className.indexOf("is-off") >= 0) setStatus(data("text-listening"));
        delay = every;
        schedule(answer.more ? 0 : every);
      })
      .catch(function () {
        if (stopped) return;
        delay = Math.min(delay * 2, 15000);
        setStatus(data("text-offline").replace("{seconds}", Math.round(delay / 1000)), true);
        schedule(delay);
      });
  }
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) schedule(0); // back on screen: ask at once
  });
  window.addEventListener("online", function () { schedule(0); });
  setStatus(data("text-listening"));
  schedule(every);
})();
