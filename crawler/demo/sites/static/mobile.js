/* 共产党员网 mobile scripts (demo) */
(function (w, d) {
  "use strict";
  w.mToggleNav = function () {
    var nav = d.getElementById("m_nav");
    if (nav) { nav.style.display = nav.style.display === "none" ? "block" : "none"; }
  };
  w.mStat = function (pageId) {
    var img = new Image();
    img.src = "/special/m/images/m_logo.png?stat=" + encodeURIComponent(pageId);
  };
  d.addEventListener("click", function (e) {
    if (e.target && e.target.className === "m_close") {
      e.target.parentNode.style.display = "none";
    }
  });
})(window, document);
