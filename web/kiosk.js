// Kiosk tablet at the counter: answers are queued on the tablet and sent when the network allows,
// each with its own submission id, so nothing is lost and nothing is stored twice. After a
// thank-you the form resets in 5 s; a form left idle for 90 s resets too.
(function () {
  var form = document.querySelector('form.survey');
  if (!form) return;
  var KEY = 'survei-kiosk-queue';
  var sid = form.querySelector('input[name=sid]');

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }
  function queue() {
    try { return JSON.parse(localStorage.getItem(KEY) || '[]'); } catch (e) { return []; }
  }
  function save(items) { localStorage.setItem(KEY, JSON.stringify(items)); }

  var sending = false;
  function flush() {
    if (sending) return;
    var items = queue();
    if (!items.length) return;
    sending = true;
    var item = items[0];
    fetch(item.url, { method: 'POST', body: item.body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, redirect: 'manual', credentials: 'same-origin' })
      .then(function (res) {
        // 303 (stored, or stored before) and refusals alike leave the queue: a retry cannot fix a
        // refusal. "Too many" (429) is not one: the answer waits for the next try, like a 5xx.
        if (res.type === 'opaqueredirect' || (res.status < 500 && res.status !== 429)) {
          save(queue().filter(function (q) { return q.sid !== item.sid; }));
          sending = false;
          flush();
        } else {
          sending = false;
        }
      })
      .catch(function () { sending = false; });
  }

  var banner = document.createElement('div');
  banner.className = 'card done';
  banner.setAttribute('role', 'status');
  banner.hidden = true;
  form.parentNode.insertBefore(banner, form);

  var loaded = Date.now();
  function reset() {
    // a fresh page (and form token) every hour, but only when nothing waits to be sent
    if (navigator.onLine !== false && Date.now() - loaded > 3600000 && !queue().length) return location.reload();
    form.reset();
    if (sid) sid.value = uuid();
    banner.hidden = true;
    form.hidden = false;
    window.scrollTo(0, 0);
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (form.reportValidity && !form.reportValidity()) return;
    var body = new URLSearchParams(new FormData(form)).toString();
    var items = queue();
    items.push({ url: form.action, body: body, sid: sid ? sid.value : uuid() });
    save(items);
    flush();
    banner.innerHTML = '';
    var h = document.createElement('h1');
    h.textContent = form.dataset.thanks || '';
    var p = document.createElement('p');
    p.textContent = navigator.onLine === false ? form.dataset.offline || '' : form.dataset.next || '';
    banner.appendChild(h);
    banner.appendChild(p);
    banner.hidden = false;
    form.hidden = true;
    window.scrollTo(0, 0);
    setTimeout(reset, 5000);
  });

  var idle;
  function touch() {
    clearTimeout(idle);
    idle = setTimeout(reset, 90000);
  }
  ['input', 'change', 'touchstart', 'keydown'].forEach(function (name) { form.addEventListener(name, touch); });
  window.addEventListener('online', flush);
  setInterval(flush, 15000);
  flush();
})();
