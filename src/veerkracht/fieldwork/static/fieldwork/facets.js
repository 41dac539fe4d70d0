// Live check that the facet points add up to 100 (the server checks too; without JavaScript the
// form explains the rule and the server says what the total was).
(function () {
  "use strict";
  document.querySelectorAll("[data-facets]").forEach(function (box) {
    var inputs = box.querySelectorAll("input[type=number]");
    var total = box.querySelector("[data-facets-total]");
    var sum = box.querySelector("[data-facets-sum]");
    var status = box.querySelector("[data-facets-status]");
    var ok = box.querySelector("template[data-ok]").innerHTML;
    var bad = box.querySelector("template[data-bad]").innerHTML;
    function update() {
      var n = 0, any = false;
      inputs.forEach(function (input) {
        if (input.value !== "") { any = true; n += parseInt(input.value, 10) || 0; }
      });
      sum.textContent = String(n);
      status.textContent = any ? (n === 100 ? ok : bad) : "";
      total.classList.toggle("vk-facet__total--ok", any && n === 100);
      total.classList.toggle("vk-facet__total--bad", any && n !== 100);
    }
    total.hidden = false;
    inputs.forEach(function (input) { input.addEventListener("input", update); });
    update();
  });
})();
