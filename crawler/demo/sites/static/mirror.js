/* 黨建在線 (demo): page counter and share buttons */
(function (w, d) {
  "use strict";
  w.djzxStat = function () {
    var img = new Image();
    img.src = "/res/images/logo_djzx.png?p=" + encodeURIComponent(w.location.pathname);
  };
  d.addEventListener("click", function (e) {
    var t = e.target;
    if (t && (t.className === "s_wx" || t.className === "s_wb")) {
      e.preventDefault();
      w.open("about:blank", "_blank", "width=600,height=400");
    }
  });
})(window, document);
