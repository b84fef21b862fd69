// FlareCare chat page: talks to Rasa's socket.io channel. Bot text is always
// inserted as text (never HTML). The session id lives in sessionStorage so a
// reload keeps the conversation but closing the tab forgets it.
(function () {
  "use strict";
  var config = window.FLARECARE_CONFIG || {};
  var server = config.serverUrl || (location.protocol + "//" + location.hostname + ":" + (config.rasaPort || 5005));
  var log = document.getElementById("log");
  var form = document.getElementById("composer");
  var input = document.getElementById("message");
  var storageKey = "flarecare-session-id";

  function addMessage(text, who) {
    var div = document.createElement("div");
    div.className = "msg " + who + (who === "bot" && /^⚠️/.test(text) ? " alert" : "");
    div.textContent = text;
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
    return div;
  }

  function addButtons(buttons) {
    var row = document.createElement("div");
    row.className = "buttons";
    buttons.forEach(function (b) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = b.title;
      button.addEventListener("click", function () { send(b.payload, b.title); row.remove(); });
      row.appendChild(button);
    });
    log.appendChild(row);
  }

  var socket = io(server, { transports: ["websocket"] });

  socket.on("connect", function () {
    socket.emit("session_request", { session_id: sessionStorage.getItem(storageKey) });
  });
  socket.on("session_confirm", function (id) {
    var sessionId = typeof id === "object" && id !== null ? id.session_id : id;
    sessionStorage.setItem(storageKey, sessionId);
  });
  socket.on("bot_uttered", function (message) {
    if (message.text) addMessage(message.text, "bot");
    var buttons = message.buttons || message.quick_replies;
    if (buttons && buttons.length) addButtons(buttons);
  });

  function send(payload, shown) {
    addMessage(shown || payload, "user");
    socket.emit("user_uttered", { message: payload, session_id: sessionStorage.getItem(storageKey) });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    send(text);
    input.value = "";
  });
})();
