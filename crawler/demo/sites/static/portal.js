/* 共产党员网 desktop scripts (demo): statistics, WeChat pop-up, font size */
(function (w, d) {
  "use strict";
  w.dywStat = function (pageId) {
    var img = new Image();
    img.src = "/special/images/ico_print.gif?stat=" + encodeURIComponent(pageId);
  };
  function bind() {
    var wx = d.querySelector(".title_bottom .weixin");
    var pop = d.querySelector(".wx_pop");
    if (wx && pop) {
      wx.onclick = function () { pop.style.display = "block"; };
      pop.querySelector(".close").onclick = function () { pop.style.display = "none"; };
    }
  }
  w.dywFontSize = function (size) {
    var area = d.getElementById("font_area");
    if (area) { area.style.fontSize = size + "px"; }
  };
  if (d.readyState === "loading") { d.addEventListener("DOMContentLoaded", bind); } else { bind(); }
})(window, document);
