/* Decision aid ("What matters most to you"): turns the reader's answers into a short summary on the
   page, written by scripts/salvage_site/decision_aid.py's markup. Everything stays on this device: no
   request, no cookie, no storage; reloading the page clears the answers. Without this script the
   comparison, the statements and every question are still on the page; only the summary needs it. */
(function () {
  "use strict"

  function text(tag, content, className) {
    var element = document.createElement(tag)
    if (className) element.className = className
    element.textContent = content
    return element
  }

  function list(items) {
    var ul = document.createElement("ul")
    items.forEach(function (item) { ul.appendChild(text("li", item)) })
    return ul
  }

  function setUp(aid) {
    var summary = aid.querySelector("[data-aid-summary]")
    var actions = aid.querySelector("[data-aid-actions]")
    if (!summary) return
    var names = {}
    aid.querySelectorAll("[data-aid-option]").forEach(function (option) {
      names[option.getAttribute("data-aid-option")] = option.getAttribute("data-aid-name")
    })
    var general = []
    aid.querySelectorAll('[data-aid-question-for=""]').forEach(function (item) { general.push(item.textContent) })
    var statements = Array.prototype.slice.call(aid.querySelectorAll("[data-aid-statement]"))

    function update() {
      var matters = [], little = [], fits = {}, asks = [], answered = 0
      statements.forEach(function (statement) {
        var chosen = statement.querySelector("input:checked")
        if (!chosen) return
        answered += 1
        var weight = Number(chosen.value)
        var label = statement.querySelector("legend").textContent
        if (weight === 2) matters.push(label)
        else if (weight === 1) little.push(label)
        if (weight > 0) {
          (statement.getAttribute("data-aid-fits") || "").split(" ").forEach(function (id) {
            if (id) fits[id] = (fits[id] || 0) + weight
          })
          asks.push(statement.getAttribute("data-aid-ask"))
        }
      })
      var parts = document.createDocumentFragment()
      if (!answered) {
        parts.appendChild(text("p", "Your summary appears here as you answer.", "stg-aid__waiting"))
      } else {
        parts.appendChild(text("p", "You answered " + answered + " of " + statements.length + " statements.",
                               "stg-aid__count"))
        parts.appendChild(text("h3", "What you said matters to you"))
        if (matters.length) {
          parts.appendChild(text("p", "Matters a lot:"))
          parts.appendChild(list(matters))
        }
        if (little.length) {
          parts.appendChild(text("p", "Matters a little:"))
          parts.appendChild(list(little))
        }
        if (!matters.length && !little.length) parts.appendChild(text("p", "None of these matter much to you."))
        var ranked = Object.keys(fits).sort(function (a, b) { return fits[b] - fits[a] })
        parts.appendChild(text("h3", "Options that fit what you said"))
        if (ranked.length) {
          parts.appendChild(list(ranked.map(function (id) { return names[id] || id })))
          parts.appendChild(text("p", "This only matches your answers to the options. " +
                                 "It does not say which option is right for you: that depends on your PSA, " +
                                 "your scans and your health too.", "stg-aid__caveat"))
        } else {
          parts.appendChild(text("p", "Your answers do not point to any option in particular."))
        }
        parts.appendChild(text("h3", "Questions to ask"))
        parts.appendChild(list(asks.concat(general)))
      }
      summary.replaceChildren(parts)
      aid.toggleAttribute("data-aid-answered", answered > 0)
    }

    aid.addEventListener("change", function (event) {
      if (event.target && event.target.matches('input[type="radio"]')) update()
    })
    if (actions) {
      actions.hidden = false
      var print = actions.querySelector("[data-aid-print]")
      var clear = actions.querySelector("[data-aid-clear]")
      if (print) print.addEventListener("click", function () { window.print() })
      if (clear) clear.addEventListener("click", function () {
        aid.querySelectorAll('input[type="radio"]:checked').forEach(function (input) { input.checked = false })
        update()
      })
    }
    // Answers the browser kept when the reader came back to the page (its own form memory, not ours).
    if (aid.querySelector('input[type="radio"]:checked')) update()
  }

  document.querySelectorAll("[data-aid-root]").forEach(setUp)
})()
