// The browsable API's forms, sign-in and "view as": plain DOM, no framework.
// Forms send JSON with their action's method, a delete once confirmed, and
// the page that follows says what was done (a form's data-done); a form
// that adds a child (data-stay) shows its parent's page again, with the new
// row.  With token sign-in, links are followed by fetching pages with the
// Authorization header.  A write to a row names the version the page showed
// (If-Match, from the form's data-if-match, which each answer shown renews);
// a 412 or 428 is said in the form's own words, keeping what was typed.
(function () {
  "use strict";

  var TOKEN_KEY = "hypermedia-access-token";
  var root = document.documentElement;
  var tokenUrl = root.dataset.tokenUrl;
  var mediaTypes = (root.dataset.mediaTypes || "").split(" ").filter(Boolean);

  function token() {
    return tokenUrl ? sessionStorage.getItem(TOKEN_KEY) : null;
  }

  function headers(accept, extra) {
    var result = { Accept: accept };
    var current = token();
    if (current) {
      result.Authorization = "Bearer " + current;
    }
    return Object.assign(result, extra || {});
  }

  // Shows an answer's page; its forms that write the row it shows name the answer's own ETag, `tag`.
  function show(html, url, push, tag) {
    var page = new DOMParser().parseFromString(html, "text/html");
    document.title = page.title;
    document.body.replaceWith(document.adoptNode(page.body));
    if (push === "push") {
      history.pushState(null, "", url);
    } else if (push === "replace") {
      history.replaceState(null, "", url);
    }
    if (tag) {
      document.querySelectorAll("form[data-if-match]").forEach(function (form) {
        form.dataset.ifMatch = tag;
      });
    }
    prepare();
    var target = location.hash && document.getElementById(location.hash.slice(1));
    if (target) {
      target.scrollIntoView();
    } else {
      window.scrollTo(0, 0);
    }
  }

  function load(url, push) {
    var sent = token();
    return fetch(url, { headers: headers("text/html"), credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 401 && sent) {
          // Expired or refused: forget it, so that the page offers sign-in again.
          sessionStorage.removeItem(TOKEN_KEY);
        }
        return response.text().then(function (html) {
          show(html, response.url === url.split("#")[0] ? url : response.url, push, response.headers.get("ETag"));
        });
      })
      .catch(function (error) {
        console.warn("Could not load " + url + ": " + error);
      });
  }

  function ownPage(link) {
    var prefix = root.dataset.prefix;
    return (
      link.origin === location.origin &&
      link.pathname.indexOf(prefix + "/") === 0 &&
      link.pathname.indexOf(prefix + "/_static/") !== 0
    );
  }

  function offset(localValue) {
    var minutes = -new Date(localValue).getTimezoneOffset();
    var sign = minutes < 0 ? "-" : "+";
    minutes = Math.abs(minutes);
    var pad = function (number) {
      return String(number).padStart(2, "0");
    };
    return sign + pad(Math.floor(minutes / 60)) + ":" + pad(minutes % 60);
  }

  function localInputValue(instant) {
    var date = new Date(instant);
    if (isNaN(date.getTime())) {
      return "";
    }
    var local = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
    return local.toISOString().slice(0, 16);
  }

  function changed(element) {
    if (element.type === "checkbox") {
      return element.checked !== element.defaultChecked;
    }
    if (element.tagName === "SELECT") {
      return Array.prototype.some.call(element.options, function (option) {
        return option.selected !== option.defaultSelected;
      });
    }
    return element.value !== element.defaultValue;
  }

  function body(form, method) {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || element.disabled) {
        return;
      }
      if (method === "PATCH" && !changed(element)) {
        return;
      }
      if (element.type === "checkbox") {
        values[element.name] = element.checked;
      } else if (element.multiple) {
        values[element.name] = Array.prototype.filter
          .call(element.options, function (option) {
            return option.selected;
          })
          .map(function (option) {
            return Number(option.value);
          });
      } else if (element.dataset.format === "ids") {
        // Typed as "3, 5" (none: nothing), which the API reads as it reads a query's.
        values[element.name] = element.value;
      } else if (element.value === "") {
        if (method === "PATCH") {
          values[element.name] = null;
        }
      } else if (element.dataset.format === "id") {
        // An id as a JSON number; anything else as typed, for the API to say what it takes.
        values[element.name] = /^\s*\d+\s*$/.test(element.value) ? Number(element.value) : element.value;
      } else if (element.type === "number") {
        // A decimal goes as the text typed, which loses no digit; other numbers as JSON numbers.
        values[element.name] = element.dataset.format === "decimal" ? element.value : Number(element.value);
      } else if (element.type === "datetime-local") {
        values[element.name] = element.value + offset(element.value);
      } else {
        values[element.name] = element.value;
      }
    });
    return values;
  }

  function clearErrors(form) {
    form.querySelectorAll(".field-error").forEach(function (output) {
      output.textContent = "";
    });
    form.querySelectorAll("[aria-invalid]").forEach(function (input) {
      input.removeAttribute("aria-invalid");
    });
    var general = form.querySelector(".form-error");
    if (general) {
      general.textContent = "";
      general.hidden = true;
    }
  }

  function showError(form, html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var main = page.getElementById("content");
    var message = page.querySelector(".error-message");
    var text = message ? message.textContent : "The request failed.";
    var field = main && main.dataset.field;
    var output = field && form.querySelector('.field-error[data-field="' + CSS.escape(field) + '"]');
    if (output) {
      output.textContent = text;
      var input = form.elements.namedItem(field);
      if (input && input.setAttribute) {
        input.setAttribute("aria-invalid", "true");
        input.focus();
      }
      return;
    }
    say(form, text);
  }

  // Says `text` in the form's error area, above its fields, which keep what was typed.
  function say(form, text) {
    var general = form.querySelector(".form-error");
    if (general) {
      general.textContent = text;
      general.hidden = false;
    }
  }

  // The tag a form's write sends in If-Match: the page's, or, for a row of a table, which shows no
  // version of it, the row's own read just before.  The person acts on the row as it is then: the
  // read checks nothing they saw, but keeps the write working where the API requires If-Match, and
  // still refuses it if another client writes in between.  Without a tag, the write goes without.
  function ifMatch(form) {
    if (form.dataset.ifMatch || !form.dataset.ifMatchFrom) {
      return Promise.resolve(form.dataset.ifMatch || null);
    }
    var read = { headers: headers(mediaTypes[0]), credentials: "same-origin", cache: "no-cache" };
    return fetch(form.dataset.ifMatchFrom, read)
      .then(function (response) {
        return response.ok ? response.headers.get("ETag") : null;
      })
      .catch(function () {
        return null;
      });
  }

  // Says what was done: after the page's heading, or before the form `near` with a link to what it made.
  function notice(text, link, near) {
    if (!text) {
      return;
    }
    var note = document.createElement("p");
    note.className = "notice";
    note.setAttribute("role", "status");
    note.textContent = text;
    if (link) {
      var anchor = document.createElement("a");
      anchor.href = link.href;
      anchor.textContent = link.text;
      note.append(" ", anchor, ".");
    }
    var form = near && document.getElementById(near);
    var heading = document.querySelector("main h1");
    if (form) {
      form.before(note);
      var first = form.querySelector("input:not([readonly]), select, textarea");
      if (first) {
        first.focus();
      }
    } else if (heading) {
      heading.after(note);
    }
  }

  function submitAction(form) {
    var method = form.dataset.method;
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      return Promise.resolve();
    }
    var values = body(form, method);
    clearErrors(form);
    if (method === "GET") {
      var query = new URLSearchParams(values).toString();
      return load(form.action + (query ? "?" + query : ""), "push");
    }
    var options = { method: method, headers: headers("text/html"), credentials: "same-origin" };
    if (method !== "DELETE") {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(values);
    }
    return ifMatch(form)
      .then(function (tag) {
        if (tag) {
          options.headers["If-Match"] = tag;
        }
        return fetch(form.action, options);
      })
      .then(function (response) {
        return answered(form, response);
      });
  }

  // What a form's write answered: its error said in the form, or the page that follows.
  function answered(form, response) {
    var method = form.dataset.method;
    var done = form.dataset.done;
    // The row changed since the page showed it (412), or the API asks for its version (428).
    var refused = { 412: form.dataset.stale, 428: form.dataset.unconditional }[response.status];
    return response.text().then(function (html) {
      if (refused) {
        say(form, refused);
        return;
      }
      if (!response.ok) {
        showError(form, html);
        return;
      }
      var said = function () {
        notice(done);
      };
      if (method === "DELETE") {
        // Deleted from its own page: show its collection; from a list: the list again.
        if (form.action !== location.href.split("#")[0]) {
          return load(location.href, "replace").then(said);
        }
        var parts = new URL(form.action).pathname.replace(/\/$/, "").split("/");
        parts.pop();
        return load(parts.join("/") + "/", "push").then(said);
      }
      var url = response.headers.get("Location") || response.url;
      if ("stay" in form.dataset) {
        var made = new DOMParser().parseFromString(html, "text/html").querySelector("main h1");
        var id = form.id;
        return load(location.href, "replace").then(function () {
          notice(done, made && { href: url, text: made.textContent }, id);
        });
      }
      // Saved where it was shown (perhaps opened at its form, #action-update): no page more in the history.
      show(html, url, url === location.href.split("#")[0] ? "replace" : "push", response.headers.get("ETag"));
      said();
    });
  }

  function signIn(form) {
    clearErrors(form);
    fetch(tokenUrl, {
      method: "POST",
      headers: { Accept: mediaTypes[0], "Content-Type": "application/json" },
      body: JSON.stringify({ email: form.elements.email.value, password: form.elements.password.value }),
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (!response.ok) {
          say(form, answer.message || (answer.properties && answer.properties.message) || "Sign-in failed.");
          return;
        }
        sessionStorage.setItem(TOKEN_KEY, answer.access_token);
        return load(location.href, "replace");
      });
    });
  }

  function viewAs(mediaType) {
    var raw = document.getElementById("raw");
    fetch(location.href, { headers: headers(mediaType), credentials: "same-origin" })
      .then(function (response) {
        return response.text().then(function (text) {
          try {
            text = JSON.stringify(JSON.parse(text), null, 2);
          } catch (error) {
            // Shown as sent.
          }
          raw.textContent = response.status + " " + (response.headers.get("Content-Type") || "") + "\n\n" + text;
          raw.hidden = false;
          raw.focus();
        });
      });
  }

  // Runs on every page shown: sign-in state and datetimes in the browser's time zone.
  function prepare() {
    var signedIn = Boolean(token());
    var signInForm = document.getElementById("sign-in");
    var signOut = document.getElementById("sign-out");
    if (signInForm) {
      signInForm.hidden = signedIn;
    }
    if (signOut) {
      signOut.hidden = !signedIn;
    }
    document.querySelectorAll("input[data-instant]").forEach(function (input) {
      input.value = input.defaultValue = localInputValue(input.dataset.instant);
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.id === "sign-in") {
      event.preventDefault();
      signIn(form);
    } else if (form.dataset.method) {
      event.preventDefault();
      submitAction(form);
    }
  });

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target.id === "sign-out") {
      sessionStorage.removeItem(TOKEN_KEY);
      load(location.href, "replace");
      return;
    }
    if (target.dataset && target.dataset.viewAs) {
      viewAs(target.dataset.viewAs);
      return;
    }
    var link = target.closest && target.closest("a[href]");
    if (!tokenUrl || !link || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey) {
      return;
    }
    if (event.shiftKey || event.altKey || !ownPage(link)) {
      return;
    }
    event.preventDefault();
    load(link.href, "push");
  });

  window.addEventListener("popstate", function () {
    load(location.href, "none");
  });

  prepare();
  // Opened or reloaded with a token kept: the server answered without it.
  var main = document.getElementById("content");
  if (token() && main && main.dataset.status === "401") {
    load(location.href, "replace");
  }
})();
