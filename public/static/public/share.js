// The share page of a public figure (public/share.html), without inline script (the Content-Security-Policy):
//   data-native-share="url"  button, hidden until the browser can share: opens the phone's own share sheet
//   data-copy="url"          button: copies the short link
document.querySelectorAll("[data-native-share]").forEach(function (button) {
  if (navigator.share) button.hidden = false;
});
document.addEventListener("click", function (event) {
  var target = event.target.closest("[data-native-share], [data-copy]");
  if (!target) return;
  if (target.hasAttribute("data-native-share")) {
    navigator.share({ title: document.title, url: target.dataset.nativeShare }).catch(function () {});
  } else if (navigator.clipboard) {
    navigator.clipboard.writeText(target.dataset.copy).then(function () {
      target.textContent = target.dataset.copied;
    });
  }
});
