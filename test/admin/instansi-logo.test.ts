// How a logo is judged: by its bytes, and an SVG that could run or fetch anything is refused.
import { describe, expect, it } from 'vitest';
import { judgeLogo } from '../../src/admin/instansi/logo.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const svg = (body: string, attrs = '') => `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"${attrs}>${body}</svg>`;
const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

describe('judging a logo', () => {
  it('knows PNG and JPEG by their signatures, whatever the name or declared type', () => {
    expect(judgeLogo(PNG_1x1)).toEqual({ ok: true, type: 'image/png' });
    expect(judgeLogo(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]))).toEqual({ ok: true, type: 'image/jpeg' });
    // a PNG signature without its header chunk, a GIF, a PDF, HTML, text that merely mentions <svg, bytes that are not UTF-8
    for (const other of [
      PNG_1x1.subarray(0, 8),
      bytes('GIF89a\u0001\u0000\u0001\u0000'),
      bytes('%PDF-1.7\n'),
      bytes('<!doctype html><html><body><svg></svg></body></html>'),
      bytes('hello <svg xmlns="http://www.w3.org/2000/svg"/>'),
      new Uint8Array([0x3c, 0x73, 0x76, 0x67, 0x20, 0xff, 0xfe, 0x3e]),
      new Uint8Array(0),
    ]) {
      expect(judgeLogo(other)).toEqual({ ok: false, reason: 'not_image' });
    }
  });

  it('accepts plain SVG as editors export it', () => {
    const plain = [
      svg('<rect width="10" height="10" fill="#036"/>'),
      `\ufeff<?xml version="1.0" encoding="UTF-8"?>\n<!-- Generator: Adobe Illustrator -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n${svg('<g/>', ' version="1.1"')}`,
      svg('<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient><path id="p" d="M0 0h1"/></defs><rect fill="url(#g)" width="1" height="1"/><use xlink:href="#p"/><use href="#p"/>'),
      svg('<style>.a { fill: #fff; } .b { fill: url(\'#g\'); }</style><text class="a">Pelayanan dengan hati, one stop service</text>'),
      svg('<image width="1" height="1" xlink:href="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB"/>'),
      '<svg:svg xmlns:svg="http://www.w3.org/2000/svg"><svg:rect width="1" height="1"/></svg:svg>',
    ];
    for (const text of plain) expect(judgeLogo(bytes(text)), text).toEqual({ ok: true, type: 'image/svg+xml' });
  });

  it('refuses an SVG with scripts, event handlers, embedded documents or references outside the file', () => {
    const unsafe = [
      svg('<script>alert(1)</script>'),
      svg('<svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(1)</svg:script>'),
      svg('<script xlink:href="/static/x.js"/>'),
      svg('<rect width="1" height="1"/>', ' onload="alert(1)"'),
      svg('<rect width="1" height="1" ONCLICK = "alert(1)"/>'),
      svg('<a href="javascript:alert(1)"><rect/></a>'),
      svg('<a xlink:href="&#106;avascript:alert(1)"><rect/></a>'),
      svg('<a href="#x"><set attributeName="href" to="javascript:alert(1)"/></a>'),
      svg('<a href="#x"><animate attributeName="xlink:href" values="#a;#b"/></a>'),
      svg('<rect><set attributeName="fill" to="java&#x09;script:alert(1)"/></rect>'),
      svg('<foreignObject><div>x</div></foreignObject>'),
      svg('<iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.test/"/>'),
      svg('<image href="https://tracker.test/pixel.png"/>'),
      svg('<use href="sprite.svg#icon"/>'),
      svg('<image href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4="/>'),
      svg('<rect fill="url(https://evil.test/g.svg#g)"/>'),
      svg('<style>@import "https://evil.test/a.css";</style>'),
      `<?xml version="1.0"?><?xml-stylesheet href="https://evil.test/a.css"?>${svg('<g/>')}`,
      `<!DOCTYPE svg [<!ENTITY x "y">]>${svg('<text>&x;</text>')}`,
    ];
    for (const text of unsafe) expect(judgeLogo(bytes(text)), text).toEqual({ ok: false, reason: 'unsafe' });
  });
});
