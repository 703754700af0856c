/* 旗帜网 page scripts (demo): statistics beacon, share buttons, 404 countdown */
(function (w, d) {
  "use strict";
  w.qzStat = function (page) {
    var img = new Image();
    img.src = "/img/2020qz/images/c.gif?id=" + encodeURIComponent(page.id) + "&r=" + Math.random();
  };
  w.qzCountdown = function (id, home) {
    var n = 5;
    var timer = w.setInterval(function () {
      var el = d.getElementById(id);
      n -= 1;
      if (el) { el.innerHTML = String(n); }
      if (n <= 0) { w.clearInterval(timer); w.location.href = home; }
    }, 1000);
  };
  d.addEventListener && d.addEventListener("DOMContentLoaded", function () {
    var box = d.getElementById("keyword");
    if (box) {
      box.onfocus = function () { if (this.value === "请输入检索内容") { this.value = ""; } };
    }
  });
})(window, document);
