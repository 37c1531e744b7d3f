// Preview only: served by `go run ./generator serve`, never written to public/.
// Reloads the page when the site is rebuilt, swaps the stylesheet in place
// when only it changed, and shows build problems over the page until they
// are fixed.
(function () {
  "use strict";
  var overlay = null;
  // The overlay speaks the page's language.
  var zh = /^zh/i.test(document.documentElement.lang || "");
  function heading(ready) {
    if (zh) return ready ? "生成失败：预览仍显示上一次成功生成的版本" : "网站尚未生成：请改正下列问题";
    return ready ? "Build failed: the preview shows the last good version" : "The site does not build yet: fix these problems";
  }
  function show(problems, ready) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "preview-overlay";
      overlay.setAttribute("role", "alert");
      document.body.appendChild(overlay);
    }
    overlay.replaceChildren();
    var h = document.createElement("h2");
    h.textContent = heading(ready);
    overlay.appendChild(h);
    problems.forEach(function (p) {
      var box = document.createElement("div");
      box.className = "preview-problem";
      var where = document.createElement("p");
      where.className = "preview-where";
      where.textContent = p.file + (p.line ? ":" + p.line + (p.column ? ":" + p.column : "") : "");
      var msg = document.createElement("p");
      msg.className = "preview-message";
      msg.textContent = p.message;
      box.appendChild(where);
      box.appendChild(msg);
      if (p.text) {
        var pre = document.createElement("pre");
        pre.textContent = p.line + " | " + p.text + (p.column ? "\n" + " ".repeat(String(p.line).length + 3) + caret(p.text, p.column) : "");
        box.appendChild(pre);
      }
      if (p.hint) {
        var hint = document.createElement("p");
        hint.className = "preview-hint";
        hint.textContent = p.hint;
        box.appendChild(hint);
      }
      (p.notes || []).forEach(function (n) {
        var note = document.createElement("p");
        note.className = "preview-note";
        note.textContent = (zh ? "参见：" : "note: ") + n.file + (n.line ? ":" + n.line + (n.column ? ":" + n.column : "") : "") + ": " + n.message + (n.text ? " | " + n.text : "");
        box.appendChild(note);
      });
      overlay.appendChild(box);
    });
  }
  function caret(text, col) {
    var pad = "";
    var chars = Array.from(text);
    for (var i = 0; i < col - 1 && i < chars.length; i++) {
      pad += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(chars[i]) ? "  " : " ";
    }
    return pad + "^";
  }
  function hide() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  var events = new EventSource("/__preview/events");
  var build = null;
  events.addEventListener("state", function (e) {
    var s = JSON.parse(e.data);
    // Says the page is listening, for tests that must not act before.
    document.documentElement.setAttribute("data-preview-build", String(s.build));
    if (s.problems && s.problems.length) {
      show(zh && s.problems_zh ? s.problems_zh : s.problems, s.ready);
      if (build === null) build = s.build;
      return;
    }
    hide();
    if (build !== null && s.build !== build) {
      if (s.css) {
        var old = document.querySelector('link[rel="stylesheet"][href*="/assets/site-"]');
        if (old && s.css.url !== old.getAttribute("href")) {
          var next = old.cloneNode();
          next.setAttribute("href", s.css.url);
          next.setAttribute("integrity", s.css.integrity);
          next.addEventListener("load", function () { old.remove(); });
          old.after(next);
        }
      } else {
        location.reload();
        return;
      }
    }
    build = s.build;
  });
})();
