// The two scripts of the embed, kept as source strings so they are served the same way on Node and
// on Workers (no filesystem): the loader an OPD website includes (/widget.js) and the card's own
// height reporter (/embed/resize.js). Plain ES5-level code: OPD sites run old browsers and
// WordPress optimisers that choke on modern syntax.

/**
 * `/widget.js`: turns every `<div data-survei-unit="instansi/unit">` into an iframe of the card and
 * sizes it from the card's `survei:height` messages. The card's origin is this script's own
 * origin (document.currentScript is only set while the script first runs, so it is read at once),
 * never guessed from the page. `data-theme`, `data-lang` and `data-view` are passed on as given:
 * the card answers a wrong value with a short card naming it, which is what the web admin needs to see.
 */
export const WIDGET_JS = `/* survei widget: <div data-survei-unit="instansi/unit" data-theme="light" data-lang="id" data-view="full"></div> */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) {
    if (window.console) console.warn('survei widget: load it with <script src=".../widget.js" async>, not inline');
    return;
  }
  var origin = new URL(script.src, location.href).origin;
  var SLUG = '[a-z0-9][a-z0-9-]{1,62}';
  var UNIT = new RegExp('^' + SLUG + '/' + SLUG + '$');
  var TITLE = { id: 'Hasil survei ', en: 'Survey results ' };
  var frames = [];

  function mount() {
    var hosts = document.querySelectorAll('div[data-survei-unit]');
    for (var i = 0; i < hosts.length; i++) {
      var host = hosts[i];
      // the script may be included twice: a div gets one card
      if (host.getAttribute('data-survei-mounted')) continue;
      var unit = (host.getAttribute('data-survei-unit') || '').trim();
      if (!UNIT.test(unit)) {
        if (window.console) console.warn('survei widget: data-survei-unit must be "instansi/unit", not "' + unit + '"');
        continue;
      }
      host.setAttribute('data-survei-mounted', '1');
      var query = [];
      var options = ['theme', 'lang', 'view'];
      for (var j = 0; j < options.length; j++) {
        var value = host.getAttribute('data-' + options[j]);
        if (value) query.push(options[j] + '=' + encodeURIComponent(value));
      }
      var frame = document.createElement('iframe');
      frame.src = origin + '/embed/' + unit + (query.length ? '?' + query.join('&') : '');
      frame.title = (host.getAttribute('data-lang') === 'en' ? TITLE.en : TITLE.id) + unit;
      frame.setAttribute('loading', 'lazy');
      frame.setAttribute('width', '100%');
      // a first height until the card reports its own; lazy loading needs a box to see
      frame.style.cssText = 'display:block;width:100%;border:0;height:180px;overflow:hidden';
      host.appendChild(frame);
      frames.push({ frame: frame, unit: unit });
    }
  }

  window.addEventListener('message', function (event) {
    if (event.origin !== origin) return;
    var data = event.data;
    if (!data || data.type !== 'survei:height' || typeof data.height !== 'number' || !(data.height > 0)) return;
    for (var i = 0; i < frames.length; i++) {
      var f = frames[i];
      if (f.frame.contentWindow === event.source && f.unit === data.unit) f.frame.style.height = Math.min(Math.ceil(data.height), 5000) + 'px';
    }
  });

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount);
  else mount();
})();
`;

/**
 * `/embed/resize.js`, run by the card: posts the card's height to the page that frames it, on load
 * and whenever it changes (the frame's width changes the wrapping). The height is no secret, so any
 * parent may read it ('*'); the loader checks that the message comes from the card's origin.
 */
export const RESIZE_JS = `(function () {
  'use strict';
  if (window.parent === window) return;
  var unit = document.documentElement.getAttribute('data-unit');
  var last = 0;
  function report() {
    var height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: 'survei:height', unit: unit, height: height }, '*');
  }
  window.addEventListener('load', report);
  window.addEventListener('resize', report);
  if (window.ResizeObserver) new ResizeObserver(report).observe(document.body);
  report();
})();
`;
