/* 普文库 ad slots and counter (demo). Ads render as empty placeholders. */
var pwkSlots = {};
function pwkAd(slot) {
  pwkSlots[slot] = true;
  document.write('<div class="pwk_ad" data-slot="' + slot + '"></div>');
}
function pwkStat() {
  var img = new Image();
  img.src = "/static/images/logo.gif?v=" + new Date().getTime();
}
function pwkCopyGuard() {
  document.oncopy = function () {
    return window.confirm("复制内容请注明来源，是否继续？");
  };
}
