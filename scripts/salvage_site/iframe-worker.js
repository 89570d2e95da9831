/* Salvage Therapy Guide: search for a copy of the site opened from disk (file://).
   Browsers refuse to start Web Workers from file:// pages, so in offline builds only, the search
   worker runs in a hidden frame of the page instead. It makes no network request and runs no
   inline code, so the site's Content-Security-Policy still applies unchanged. */
(function () {
  "use strict";
  if (location.protocol !== "file:") return;

  function load(frameWindow, url) {
    return new Promise(function (resolve, reject) {
      var script = frameWindow.document.createElement("script");
      script.src = url;
      script.onload = resolve;
      script.onerror = reject;
      frameWindow.document.body.appendChild(script);
    });
  }

  class FrameWorker extends EventTarget {
    constructor(url) {
      super();
      this.onmessage = null;
      this.onerror = null;
      this.frame = document.createElement("iframe");
      this.frame.hidden = true;
      this.frame.title = "search";
      document.body.appendChild(this.frame);
      var scope = this.frame.contentWindow;
      var worker = this;
      // What the worker script calls as `postMessage` and `importScripts`.
      scope.postMessage = function (data) {
        setTimeout(function () { worker.deliver("message", { data: data }); });
      };
      scope.importScripts = function () {
        return Array.prototype.reduce.call(arguments, function (ready, next) {
          return ready.then(function () { return load(scope, new URL(next, location.href).href); });
        }, Promise.resolve());
      };
      this.ready = load(scope, new URL(String(url), location.href).href).catch(function (error) {
        worker.deliver("error", { message: "search could not start", error: error });
        throw error;
      });
    }

    postMessage(data) {
      var frame = this.frame;
      this.ready.then(function () {
        frame.contentWindow.dispatchEvent(new MessageEvent("message", { data: structuredClone(data) }));
      }, function () {});
    }

    terminate() {
      this.frame.remove();
    }

    deliver(type, init) {
      var event = type === "error" ? new ErrorEvent("error", init) : new MessageEvent("message", init);
      this.dispatchEvent(event);
      var handler = type === "error" ? this.onerror : this.onmessage;
      if (handler) handler.call(this, event);
    }
  }

  window.Worker = FrameWorker;
})();
