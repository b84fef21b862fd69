/*! FlareCare chat widget. Plain ES2017, no build step, no CDN at run time.
 *
 * Embed it with one script tag and a config object (see web/README.md):
 *
 *   <script>
 *     window.FlareCareConfig = {
 *       serverUrl: "https://flarecare.example-clinic.org",  // the Rasa server (socket.io channel)
 *       clinicName: "Riverside Dermatology",
 *       colours: { primary: "#0f5e73" },
 *       language: "en",
 *       emergencyNumber: "911",
 *       container: "chat"        // optional: render inline in #chat instead of a launcher button
 *     };
 *   </script>
 *   <script src="https://flarecare.example-clinic.org/widget.js" async></script>
 *
 * The widget loads socket.io-client (from npm, served next to this file at
 * vendor/socket.io.min.js) and its stylesheet (widget.css) from where this
 * file was loaded, and draws itself inside a shadow root so the host page's
 * CSS cannot break it (nor it the page's).
 *
 * Safety rules kept throughout: every text from the bot, the user or the
 * config is inserted with textContent / text nodes, never as HTML; links are
 * made only for http(s) URLs, as <a> elements with rel="noopener noreferrer".
 * The conversation (session id and visible transcript) lives in
 * sessionStorage, never localStorage: it is health data and must go when the
 * tab is closed.
 */
(function () {
  "use strict";

  if (window.FlareCare && window.FlareCare.version) return; // loaded twice: keep the first

  var VERSION = "1.0.0";
  var SVG_NS = "http://www.w3.org/2000/svg";
  var MAX_ITEMS = 300; // transcript entries kept in sessionStorage
  var ALERT_PREFIX = /^\s*\u26a0/; // "⚠️": the bot's escalations start with it

  var currentScript = document.currentScript || (function () {
    var scripts = document.getElementsByTagName("script");
    for (var i = scripts.length - 1; i >= 0; i--) {
      if (/widget\.js(\?|#|$)/.test(scripts[i].src)) return scripts[i];
    }
    return null;
  })();
  var BASE_URL = new URL(".", currentScript && currentScript.src ? currentScript.src : location.href).href;

  // ---------------------------------------------------------------- strings
  var STRINGS = {
    en: {
      launcher: "Questions? Chat with us",
      launcherClinic: "({clinic})",
      unread: "new message",
      subtitle: "Automated assistant",
      close: "Close chat",
      clear: "New chat",
      clearLabel: "Clear this conversation and start a new one",
      conversation: "Conversation",
      inputLabel: "Your message",
      placeholder: "Type your message…",
      send: "Send",
      you: "You said:",
      bot: "{assistant} said:",
      notice: "Notice:",
      typing: "{assistant} is typing…",
      suggestions: "Suggested replies",
      disclaimer: "This is not medical advice. In an emergency call {number}.",
      localNumber: "your local emergency number",
      bannerTitle: "Important — please act on this now",
      hideAlert: "Show less",
      showAlert: "Show all",
      connecting: "Connecting…",
      reconnecting: "Connection lost. Reconnecting…",
      offline: "Can't reach the chat service. Please try again later or contact your clinic.",
      slow: "No reply yet. Please try again in a moment, or contact your clinic. In an emergency call {number}.",
      newTab: "(opens in a new tab)"
    },
    es: {
      launcher: "¿Preguntas? Escríbenos",
      launcherClinic: "({clinic})",
      unread: "mensaje nuevo",
      subtitle: "Asistente automático",
      close: "Cerrar el chat",
      clear: "Nuevo chat",
      clearLabel: "Borrar esta conversación y empezar otra",
      conversation: "Conversación",
      inputLabel: "Tu mensaje",
      placeholder: "Escribe tu mensaje…",
      send: "Enviar",
      you: "Tú:",
      bot: "{assistant}:",
      notice: "Aviso:",
      typing: "{assistant} está escribiendo…",
      suggestions: "Respuestas sugeridas",
      disclaimer: "Esto no es un consejo médico. En una emergencia, llama al {number}.",
      localNumber: "número de emergencias local",
      bannerTitle: "Importante: actúa ahora",
      hideAlert: "Mostrar menos",
      showAlert: "Mostrar todo",
      connecting: "Conectando…",
      reconnecting: "Se perdió la conexión. Reconectando…",
      offline: "No se puede conectar con el chat. Inténtalo más tarde o contacta con tu clínica.",
      slow: "Aún no hay respuesta. Inténtalo de nuevo en un momento o contacta con tu clínica. En una emergencia, llama al {number}.",
      newTab: "(se abre en una pestaña nueva)"
    },
    fr: {
      launcher: "Une question ? Écrivez-nous",
      launcherClinic: "({clinic})",
      unread: "nouveau message",
      subtitle: "Assistant automatisé",
      close: "Fermer le chat",
      clear: "Nouveau chat",
      clearLabel: "Effacer cette conversation et en commencer une nouvelle",
      conversation: "Conversation",
      inputLabel: "Votre message",
      placeholder: "Écrivez votre message…",
      send: "Envoyer",
      you: "Vous :",
      bot: "{assistant} :",
      notice: "Information :",
      typing: "{assistant} écrit…",
      suggestions: "Réponses suggérées",
      disclaimer: "Ceci n'est pas un avis médical. En cas d'urgence, appelez le {number}.",
      localNumber: "numéro d'urgence local",
      bannerTitle: "Important : agissez maintenant",
      hideAlert: "Réduire",
      showAlert: "Tout afficher",
      connecting: "Connexion…",
      reconnecting: "Connexion perdue. Reconnexion…",
      offline: "Le service de chat est injoignable. Réessayez plus tard ou contactez votre clinique.",
      slow: "Toujours pas de réponse. Réessayez dans un instant ou contactez votre clinique. En cas d'urgence, appelez le {number}.",
      newTab: "(s'ouvre dans un nouvel onglet)"
    }
  };

  // ----------------------------------------------------------------- config
  var userConfig = window.FlareCareConfig || window.FLARECARE_CONFIG || {};
  var language = String(userConfig.language || document.documentElement.lang || "en").toLowerCase();
  var strings = Object.assign({}, STRINGS.en, STRINGS[language.split("-")[0]] || {}, userConfig.strings || {});
  if (!STRINGS[language.split("-")[0]]) language = userConfig.strings ? language : "en";

  var config = {
    serverUrl: String(userConfig.serverUrl || new URL(BASE_URL).origin).replace(/\/+$/, ""),
    socketPath: userConfig.socketPath || "/socket.io",
    clinicName: String(userConfig.clinicName || "FlareCare"),
    assistantName: String(userConfig.assistantName || "FlareCare"),
    emergencyNumber: userConfig.emergencyNumber ? String(userConfig.emergencyNumber) : "",
    container: userConfig.container ? String(userConfig.container).replace(/^#/, "") : "",
    initPayload: userConfig.initPayload === undefined ? "/greet" : userConfig.initPayload,
    replyTimeoutMs: Number(userConfig.replyTimeoutMs) || 25000,
    stylesheet: userConfig.stylesheet || new URL("widget.css", BASE_URL).href,
    socketIoScript: userConfig.socketIoScript || new URL("vendor/socket.io.min.js", BASE_URL).href
  };
  var STORE_KEY = "flarecare:v1:" + config.serverUrl;

  function t(key, extra) {
    var values = Object.assign({
      clinic: config.clinicName,
      assistant: config.assistantName,
      number: config.emergencyNumber || strings.localNumber
    }, extra || {});
    return String(strings[key] || STRINGS.en[key] || key).replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }

  // ---------------------------------------------------------------- colours
  var probe = document.createElement("canvas").getContext("2d");

  function parseColour(value) {
    // Any CSS colour → [r, g, b], or null. The canvas normalises it for us.
    if (!probe || typeof value !== "string" || !value) return null;
    probe.fillStyle = "#000001";
    probe.fillStyle = value;
    var normal = probe.fillStyle;
    if (normal === "#000001" && value.replace(/\s/g, "").toLowerCase() !== "#000001") return null;
    var hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(normal);
    if (hex) return [parseInt(hex[1], 16), parseInt(hex[2], 16), parseInt(hex[3], 16)];
    var rgb = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(normal);
    return rgb ? [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])] : null;
  }

  function luminance(rgb) {
    var c = rgb.map(function (v) {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  function contrast(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  function colourVariables() {
    var given = userConfig.colours || userConfig.colors || {};
    var vars = {};
    var names = {
      primary: "--fc-primary", onPrimary: "--fc-on-primary", background: "--fc-bg", text: "--fc-text",
      muted: "--fc-muted", botBubble: "--fc-bot-bg", botText: "--fc-bot-text", userBubble: "--fc-user-bg",
      userText: "--fc-user-text", alert: "--fc-alert", alertBackground: "--fc-alert-bg", focus: "--fc-focus"
    };
    Object.keys(names).forEach(function (key) {
      if (given[key] && parseColour(String(given[key]))) vars[names[key]] = String(given[key]);
    });
    var primary = parseColour(vars["--fc-primary"] || "#0f5e73") || [15, 94, 115];
    if (!vars["--fc-on-primary"]) {
      // Text on the primary colour: whichever of white / near-black reads better.
      vars["--fc-on-primary"] = contrast(primary, [255, 255, 255]) >= contrast(primary, [17, 24, 39]) ? "#ffffff" : "#111827";
    }
    vars["--fc-primary-soft"] = "rgba(" + primary.join(", ") + ", 0.09)";
    vars["--fc-primary-line"] = "rgba(" + primary.join(", ") + ", 0.45)";
    return vars;
  }

  // ---------------------------------------------------------------- storage
  function freshState() {
    return { sessionId: null, items: [], open: false, greeted: false, banner: null, bannerCollapsed: false };
  }

  function loadState() {
    try {
      var stored = JSON.parse(window.sessionStorage.getItem(STORE_KEY) || "null");
      if (stored && Array.isArray(stored.items)) return Object.assign(freshState(), stored);
    } catch (e) { /* storage blocked or corrupt: start afresh */ }
    return freshState();
  }

  function saveState() {
    if (state.items.length > MAX_ITEMS) state.items = state.items.slice(-MAX_ITEMS);
    try {
      window.sessionStorage.setItem(STORE_KEY, JSON.stringify(state));
    } catch (e) { /* storage full or blocked: the chat still works, it just won't survive a reload */ }
  }

  // -------------------------------------------------------------------- DOM
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === false || value === null || value === undefined) return;
      if (name === "text") node.textContent = value;
      else if (name === "className") node.className = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  var ICONS = {
    chat: { d: "M5 3h14a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9.5L5 20.5V17a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z", stroke: false },
    close: { d: "M6 6l12 12M18 6L6 18", stroke: true },
    alert: { d: "M12 2.5L1.5 21h21L12 2.5zM11 9h2v6h-2zM11 16.8h2v2h-2z", stroke: false, evenodd: true }
  };

  function icon(name, size) {
    var spec = ICONS[name];
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", String(size || 20));
    svg.setAttribute("height", String(size || 20));
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "fc-icon");
    var path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", spec.d);
    if (spec.stroke) {
      path.setAttribute("fill", "none");
      path.setAttribute("stroke", "currentColor");
      path.setAttribute("stroke-width", "2");
      path.setAttribute("stroke-linecap", "round");
    } else {
      path.setAttribute("fill", "currentColor");
      if (spec.evenodd) path.setAttribute("fill-rule", "evenodd");
    }
    svg.appendChild(path);
    return svg;
  }

  function srOnly(text) {
    return el("span", { className: "fc-sr-only", text: text });
  }

  // Links: http(s) only, built as elements; everything else stays text.
  var URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`()[\]{}]+/gi;

  function safeHttpUrl(candidate) {
    try {
      var url = new URL(candidate);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function appendRichText(parent, text) {
    var last = 0;
    var match;
    URL_PATTERN.lastIndex = 0;
    while ((match = URL_PATTERN.exec(text)) !== null) {
      var raw = match[0].replace(/[.,;:!?]+$/, "");
      var start = match.index;
      if (start > last) parent.appendChild(document.createTextNode(text.slice(last, start)));
      var href = safeHttpUrl(raw);
      if (href) {
        var link = el("a", { href: href, target: "_blank", rel: "noopener noreferrer", className: "fc-link" });
        link.textContent = raw;
        link.appendChild(srOnly(" " + t("newTab")));
        parent.appendChild(link);
      } else {
        parent.appendChild(document.createTextNode(raw));
      }
      last = start + raw.length;
      URL_PATTERN.lastIndex = last;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // ------------------------------------------------------------------ state
  var state = loadState();
  var inline = false;
  var host, root, panel, launcher, unreadText, log, input, sendButton, bannerSlot, typingLine, statusLine;
  var socket = null;
  var ready = false; // session confirmed
  var outbox = []; // messages typed before the session was confirmed
  var replyTimer = null;
  var connectingTimer = null;
  var failedConnects = 0;
  var rowElements = new Map(); // transcript item → its quick-reply row element

  function focusInside(event) {
    // Keyboard and mouse users go to the message box. A tap on a touch screen
    // (event.detail > 0, coarse pointer) focuses the panel instead, so the
    // on-screen keyboard does not pop up and hide the conversation.
    var tapped = event && event.detail > 0 && window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
    if (tapped) panel.focus(); else input.focus();
  }

  function narrowScreen() {
    return Boolean(window.matchMedia && window.matchMedia("(max-width: 480px)").matches);
  }

  function isAlert(text) {
    return ALERT_PREFIX.test(text);
  }

  // ------------------------------------------------------------- rendering
  function renderItem(item) {
    if (item.kind === "buttons") return renderButtons(item);
    var from = item.from === "user" ? "user" : item.from === "notice" ? "notice" : "bot";
    var classes = ["fc-msg", "fc-" + from];
    if (from === "bot" && isAlert(item.text)) classes.push("fc-alert");
    if (from === "bot" && /^Sources?:/.test(item.text)) classes.push("fc-source");
    var bubble = el("div", { className: classes.join(" ") });
    bubble.appendChild(srOnly(from === "user" ? t("you") + " " : from === "notice" ? t("notice") + " " : t("bot") + " "));
    var body = el("span", { className: "fc-text" });
    if (from === "user") body.textContent = item.text; else appendRichText(body, item.text);
    bubble.appendChild(body);
    return bubble;
  }

  function renderButtons(item) {
    var row = el("div", { className: "fc-replies", role: "group", "aria-label": t("suggestions") });
    item.buttons.forEach(function (button, index) {
      var node = el("button", { type: "button", className: "fc-reply" + (item.chosen === index ? " fc-chosen" : ""), text: button.title });
      node.disabled = Boolean(item.used);
      node.addEventListener("click", function (event) {
        if (item.used) return;
        item.chosen = index;
        send(button.payload, button.title);
        focusInside(event); // the clicked button is now disabled: focus must not fall out of the chat
      });
      row.appendChild(node);
    });
    rowElements.set(item, row);
    return row;
  }

  function disableOpenRows() {
    state.items.forEach(function (item) {
      if (item.kind !== "buttons" || item.used) return;
      item.used = true;
      var row = rowElements.get(item);
      if (!row) return;
      Array.prototype.forEach.call(row.querySelectorAll("button"), function (button, index) {
        button.disabled = true;
        if (item.chosen === index) button.classList.add("fc-chosen");
      });
    });
  }

  function addItem(item) {
    state.items.push(item);
    log.appendChild(renderItem(item));
    saveState();
    scrollToEnd();
  }

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  function renderBanner(text) {
    // The role="alert" element is created anew each time, so assistive technology announces it.
    while (bannerSlot.firstChild) bannerSlot.removeChild(bannerSlot.firstChild);
    if (!text) return;
    var body = el("p", { className: "fc-banner-text", id: "fc-banner-text" });
    appendRichText(body, text.replace(ALERT_PREFIX, "").replace(/^\uFE0F?\s*/, ""));
    var toggle = el("button", {
      type: "button", className: "fc-banner-toggle", "aria-controls": "fc-banner-text",
      "aria-expanded": state.bannerCollapsed ? "false" : "true",
      text: state.bannerCollapsed ? t("showAlert") : t("hideAlert")
    });
    var banner = el("div", { className: "fc-banner" + (state.bannerCollapsed ? " fc-collapsed" : ""), role: "alert" }, [
      icon("alert", 22),
      el("div", { className: "fc-banner-body" }, [
        el("p", { className: "fc-banner-title", text: t("bannerTitle") }),
        body,
        toggle
      ])
    ]);
    toggle.addEventListener("click", function () {
      state.bannerCollapsed = !state.bannerCollapsed;
      banner.classList.toggle("fc-collapsed", state.bannerCollapsed);
      toggle.setAttribute("aria-expanded", state.bannerCollapsed ? "false" : "true");
      toggle.textContent = state.bannerCollapsed ? t("showAlert") : t("hideAlert");
      saveState();
    });
    bannerSlot.appendChild(banner);
  }

  function setTyping(on) {
    clearTimeout(replyTimer);
    typingLine.hidden = !on;
    if (on) {
      replyTimer = setTimeout(function () {
        typingLine.hidden = true;
        addItem({ kind: "msg", from: "notice", text: t("slow") });
      }, config.replyTimeoutMs);
    }
  }

  function setStatus(kind) {
    host.setAttribute("data-connection", kind);
    var text = kind === "online" || kind === "idle" ? "" : kind === "reconnecting" ? t("reconnecting") : kind === "offline" ? t("offline") : "";
    if (kind === "connecting") {
      clearTimeout(connectingTimer);
      connectingTimer = setTimeout(function () {
        if (host.getAttribute("data-connection") === "connecting") statusLine.textContent = t("connecting");
      }, 1500);
    } else {
      clearTimeout(connectingTimer);
    }
    statusLine.textContent = text;
    statusLine.hidden = !text && kind !== "connecting";
  }

  // ------------------------------------------------------------- messaging
  function send(payload, shown) {
    disableOpenRows();
    addItem({ kind: "msg", from: "user", text: shown || payload });
    setTyping(true);
    outbox.push(payload);
    flush();
    connect();
  }

  function flush() {
    if (!socket || !ready || !state.sessionId) return;
    while (outbox.length) {
      socket.emit("user_uttered", { message: outbox.shift(), session_id: state.sessionId });
    }
  }

  function receive(message) {
    if (!message || typeof message !== "object") return;
    setTyping(false);
    var text = typeof message.text === "string" ? message.text : "";
    if (text.trim()) {
      addItem({ kind: "msg", from: "bot", text: text });
      if (isAlert(text)) {
        state.banner = text;
        // Shown in full, except on a phone-sized screen where the full text would
        // push the conversation away: there it opens at three lines, "Show all".
        state.bannerCollapsed = narrowScreen();
        saveState();
        renderBanner(text);
        scrollToEnd();
      }
    }
    var buttons = (Array.isArray(message.quick_replies) && message.quick_replies.length ? message.quick_replies : message.buttons) || [];
    buttons = buttons.filter(function (b) {
      return b && typeof b.title === "string" && typeof b.payload === "string";
    }).map(function (b) {
      return { title: b.title, payload: b.payload };
    });
    if (buttons.length) addItem({ kind: "buttons", buttons: buttons, used: false, chosen: null });
    if (launcher && panel.hidden) {
      launcher.classList.add("fc-unread");
      unreadText.textContent = " (" + t("unread") + ")";
    }
  }

  function loadSocketIo() {
    if (window.io && window.io.protocol === 5) return Promise.resolve(window.io);
    if (loadSocketIo.promise) return loadSocketIo.promise;
    loadSocketIo.promise = new Promise(function (resolve, reject) {
      var previous = window.io; // a host page's own (older) socket.io stays untouched
      var tag = document.createElement("script");
      tag.src = config.socketIoScript;
      tag.async = true;
      tag.onload = function () {
        var io = window.io;
        if (previous !== undefined) window.io = previous;
        if (io) resolve(io); else reject(new Error("socket.io client did not load"));
      };
      tag.onerror = function () {
        loadSocketIo.promise = null;
        reject(new Error("socket.io client did not load"));
      };
      document.head.appendChild(tag);
    });
    return loadSocketIo.promise;
  }

  function connect() {
    if (socket) return;
    socket = {}; // placeholder: connect once
    setStatus("connecting");
    loadSocketIo().then(function (io) {
      socket = io(config.serverUrl, { path: config.socketPath, transports: ["websocket"], reconnectionDelayMax: 10000 });
      socket.on("connect", function () {
        failedConnects = 0;
        ready = false;
        // Re-join the same Rasa conversation (it answers with session_confirm).
        socket.emit("session_request", { session_id: state.sessionId });
      });
      socket.on("session_confirm", function (data) {
        var id = data && typeof data === "object" ? data.session_id : data;
        if (typeof id !== "string" || !id) return;
        state.sessionId = id;
        ready = true;
        setStatus("online");
        if (!state.items.length && !state.greeted && config.initPayload) {
          state.greeted = true;
          outbox.unshift(config.initPayload); // the greeting, not shown as a user message
          setTyping(true);
        }
        saveState();
        flush();
      });
      socket.on("bot_uttered", receive);
      socket.on("disconnect", function () {
        ready = false;
        setStatus("reconnecting");
      });
      socket.on("connect_error", function () {
        failedConnects += 1;
        setStatus(failedConnects >= 3 ? "offline" : "reconnecting");
      });
    }).catch(function () {
      socket = null;
      setStatus("offline");
    });
  }

  function clearConversation(event) {
    state = freshState();
    state.open = !panel.hidden;
    saveState();
    rowElements = new Map();
    outbox = [];
    while (log.firstChild) log.removeChild(log.firstChild);
    renderBanner(null);
    setTyping(false);
    if (socket && typeof socket.disconnect === "function") {
      // A new socket leaves the old conversation's room; session_request asks for a new id.
      ready = false;
      socket.disconnect();
      socket.connect();
      setStatus("connecting");
    } else {
      connect();
    }
    focusInside(event);
  }

  // ------------------------------------------------------------ open/close
  function openPanel(moveFocus, event) {
    if (!launcher) return;
    panel.hidden = false;
    host.classList.add("fc-is-open");
    launcher.setAttribute("aria-expanded", "true");
    launcher.classList.remove("fc-unread");
    unreadText.textContent = "";
    state.open = true;
    saveState();
    connect();
    scrollToEnd();
    if (moveFocus !== false) focusInside(event);
  }

  function closePanel() {
    if (!launcher) return;
    panel.hidden = true;
    host.classList.remove("fc-is-open");
    launcher.setAttribute("aria-expanded", "false");
    state.open = false;
    saveState();
    launcher.focus();
  }

  // ----------------------------------------------------------------- build
  function build() {
    var container = config.container ? document.getElementById(config.container) : null;
    if (config.container && !container && window.console) {
      console.warn("FlareCare: no element with id \"" + config.container + "\"; showing the launcher instead.");
    }
    inline = Boolean(container);

    host = document.createElement("div");
    host.className = "flarecare-widget";
    host.setAttribute("data-mode", inline ? "inline" : "launcher");
    host.style.visibility = "hidden"; // until the stylesheet has loaded: no flash of unstyled chat
    var vars = colourVariables();
    Object.keys(vars).forEach(function (name) {
      host.style.setProperty(name, vars[name]);
    });
    root = host.attachShadow({ mode: "open" });

    var stylesheet = el("link", { rel: "stylesheet", href: config.stylesheet });
    function reveal() {
      host.style.visibility = "";
      scrollToEnd(); // the restored transcript has its real height only now
    }
    stylesheet.addEventListener("load", reveal);
    stylesheet.addEventListener("error", reveal);
    root.appendChild(stylesheet);

    var wrapper = el("div", { className: "fc-root", lang: language });

    // Header
    var headerButtons = [];
    var clearButton = el("button", { type: "button", className: "fc-header-button fc-clear", title: t("clearLabel"), text: t("clear") });
    clearButton.addEventListener("click", clearConversation);
    headerButtons.push(clearButton);
    if (!inline) {
      var closeButton = el("button", { type: "button", className: "fc-header-button fc-close", "aria-label": t("close"), title: t("close") }, [icon("close", 20)]);
      closeButton.addEventListener("click", closePanel);
      headerButtons.push(closeButton);
    }
    var header = el("div", { className: "fc-header" }, [
      el("span", { className: "fc-avatar", "aria-hidden": "true", text: (config.clinicName.trim()[0] || "F").toUpperCase() }),
      el("div", { className: "fc-heading" }, [
        el("h2", { className: "fc-title", id: "fc-title", text: config.clinicName }),
        el("p", { className: "fc-subtitle", text: t("subtitle") })
      ]),
      el("div", { className: "fc-header-actions" }, headerButtons)
    ]);

    bannerSlot = el("div", { className: "fc-banner-slot" });

    log = el("div", { className: "fc-log", role: "log", "aria-live": "polite", "aria-relevant": "additions", "aria-label": t("conversation"), tabindex: "0" });

    typingLine = el("div", { className: "fc-typing", role: "status" }, [
      el("span", { className: "fc-dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")]),
      el("span", { className: "fc-typing-text", text: t("typing") })
    ]);
    typingLine.hidden = true;
    statusLine = el("p", { className: "fc-status", role: "status" });
    statusLine.hidden = true;

    input = el("input", { id: "fc-input", className: "fc-input", type: "text", name: "message", autocomplete: "off", maxlength: "1000", placeholder: t("placeholder"), enterkeyhint: "send" });
    sendButton = el("button", { type: "submit", className: "fc-send", text: t("send") });
    var form = el("form", { className: "fc-composer", novalidate: true }, [
      el("label", { for: "fc-input", className: "fc-sr-only", text: t("inputLabel") }),
      input,
      sendButton
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = input.value.trim();
      if (!text) { input.focus(); return; }
      input.value = "";
      send(text);
    });

    var disclaimer = el("p", { className: "fc-disclaimer", text: t("disclaimer") });

    panel = el("section", {
      className: "fc-panel", id: "fc-panel", "aria-labelledby": "fc-title", tabindex: "-1",
      role: inline ? "region" : "dialog", "aria-modal": inline ? null : "false"
    }, [header, bannerSlot, log, typingLine, statusLine, form, disclaimer]);

    if (!inline) {
      unreadText = srOnly("");
      launcher = el("button", { type: "button", className: "fc-launcher", "aria-expanded": "false", "aria-controls": "fc-panel" }, [
        icon("chat", 22),
        el("span", { className: "fc-launcher-text", text: t("launcher") }),
        srOnly(" " + t("launcherClinic")),
        unreadText
      ]);
      launcher.addEventListener("click", function (event) { openPanel(true, event); });
      panel.hidden = true;
      panel.addEventListener("keydown", function (event) {
        if (event.key === "Escape") { event.preventDefault(); closePanel(); }
      });
      wrapper.appendChild(launcher);
    }
    wrapper.appendChild(panel);

    // Restore the transcript before the live region is in the document, so a
    // reload does not read the whole conversation out again.
    state.items.forEach(function (item) { log.appendChild(renderItem(item)); });
    if (state.banner) renderBanner(state.banner);
    setStatus("idle");

    root.appendChild(wrapper);
    (container || document.body).appendChild(host);

    if (inline) {
      connect();
    } else if (state.open) {
      openPanel(false);
    } else if (state.sessionId) {
      connect(); // re-join quietly so replies still in flight reach this page
    }
    scrollToEnd();
  }

  window.FlareCare = {
    version: VERSION,
    open: function () { openPanel(true); },
    close: closePanel,
    clear: function () { clearConversation(); }
  };

  if (document.body) build();
  else document.addEventListener("DOMContentLoaded", build);
})();
