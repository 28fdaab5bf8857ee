// The provider's scan page (Pages/Provider/Scan): reads a voucher's QR with the phone's camera or from a photo, in the
// browser, with the vendored jsQR (wwwroot/lib/jsqr), puts the text into the token field and sends the verify form.
// Progressive enhancement: without this script, or without a camera, the page's forms (the code and tax code, the
// pasted token) work as they are; the camera and photo panels stay hidden.
(function () {
  'use strict';
  var root = document.getElementById('scanner');
  var form = document.getElementById('verify-form');
  var field = document.getElementById('token');
  if (!root || !form || !field || typeof window.jsQR !== 'function') return;
  var status = document.getElementById('scan-status');
  var canvas = document.createElement('canvas');
  var context = canvas.getContext('2d', { willReadFrequently: true });
  var sent = false;

  function say(text) { status.textContent = text || ''; }

  function decode(source, width, height, maxSide) {
    var scale = Math.min(1, maxSide / Math.max(width, height));
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    context.drawImage(source, 0, 0, canvas.width, canvas.height);
    var image = context.getImageData(0, 0, canvas.width, canvas.height);
    var code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: 'attemptBoth' });
    return code && code.data ? code.data : null;
  }

  function found(text) {
    if (sent) return;
    sent = true;
    field.value = text;
    say(root.dataset.found);
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  }

  // The camera: frames from getUserMedia drawn on a canvas, a few times a second, until one decodes.
  var camera = document.getElementById('camera');
  var video = document.getElementById('camera-video');
  var start = document.getElementById('camera-start');
  var stop = document.getElementById('camera-stop');
  var stream = null;

  function stopCamera() {
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    video.srcObject = null;
    video.hidden = true;
    stop.hidden = true;
    start.hidden = false;
  }

  function tick() {
    if (!stream || sent) return;
    if (video.readyState >= 2 && video.videoWidth > 0) {
      var text = decode(video, video.videoWidth, video.videoHeight, 800);
      if (text) { stopCamera(); found(text); return; }
    }
    window.setTimeout(tick, 150);
  }

  if (camera && navigator.mediaDevices && typeof navigator.mediaDevices.getUserMedia === 'function') {
    camera.hidden = false;
    start.addEventListener('click', function () {
      say('');
      navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false })
        .then(function (s) {
          stream = s;
          video.srcObject = s;
          video.hidden = false;
          start.hidden = true;
          stop.hidden = false;
          return video.play();
        })
        .then(tick)
        .catch(function () { stopCamera(); say(root.dataset.unavailable); });
    });
    stop.addEventListener('click', stopCamera);
  }

  // A photo of the QR: decoded at a few sizes (a phone's photo is large, the code may be small in it).
  var photo = document.getElementById('photo');
  var input = document.getElementById('photo-input');
  if (photo && input) {
    photo.hidden = false;
    input.addEventListener('change', function () {
      var file = input.files && input.files[0];
      if (!file) return;
      var url = URL.createObjectURL(file);
      var image = new Image();
      image.onload = function () {
        var text = null;
        [1600, 1000, 600].some(function (side) { text = decode(image, image.naturalWidth, image.naturalHeight, side); return !!text; });
        URL.revokeObjectURL(url);
        if (text) found(text); else say(root.dataset.notFound);
      };
      image.onerror = function () { URL.revokeObjectURL(url); say(root.dataset.notFound); };
      image.src = url;
    });
  }
})();
