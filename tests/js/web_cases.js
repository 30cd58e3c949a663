// Web and Node globals and node:crypto, run both on Node 20 (to record tests/js/web_cases.expected.json)
// and in the tutorial runtime (tests/js_runtime.rs). Async: every case may return a promise.
async function webCases(nodeCrypto) {
  const outcome = async (thunk) => {
    try {
      return `ok ${JSON.stringify(await thunk())}`;
    } catch (e) {
      return `${e.name}: ${e.message}`;
    }
  };
  const cases = {
    'Buffer utf8 to base64, base64url, hex': () => {
      const b = Buffer.from('héllo wörld?>>');
      return [b.length, b.toString('base64'), b.toString('base64url'), b.toString('hex')];
    },
    'Buffer from base64url and hex back to utf8': () => [
      Buffer.from('aMOpbGxvIHfDtnJsZD8-Pg', 'base64url').toString(),
      Buffer.from('aMOpbGxvIHfDtnJsZD8+Pg==', 'base64').toString('utf8'),
      Buffer.from('68656c6c6f', 'hex').toString(),
      Buffer.from('6865zz', 'hex').length,
    ],
    'Buffer.byteLength and concat': () => [
      Buffer.byteLength('héllo'),
      Buffer.byteLength('aGVsbG8=', 'base64'),
      Buffer.concat([Buffer.from('ab'), Buffer.from('cd')]).toString(),
      Buffer.isBuffer(Buffer.alloc(2)),
      Buffer.alloc(3, 1).toJSON(),
    ],
    'Buffer.from(undefined) throws': () => Buffer.from(undefined),
    'Buffer equals, compare, slice': () => {
      const a = Buffer.from('abc');
      return [a.equals(Buffer.from('abc')), a.compare(Buffer.from('abd')), a.slice(1).toString(), a.subarray(0, 2).toString('hex')];
    },
    'TextEncoder and TextDecoder': () => {
      const bytes = new TextEncoder().encode('€1');
      return [Array.from(bytes), new TextDecoder().decode(bytes), new TextEncoder().encoding];
    },
    'atob and btoa': () => [btoa('hello'), atob('aGVsbG8='), atob('aGVsbG8')],
    'URL parts': () => {
      const u = new URL('http://localhost:3000/api/auth/../auth?x=1&y=a+b#top');
      return [u.href, u.origin, u.host, u.hostname, u.port, u.pathname, u.search, u.hash, u.searchParams.get('y'), u.protocol];
    },
    'URL relative, default port, searchParams update': () => {
      const u = new URL('/a/b?c=d', 'https://example.com:443/x/y');
      u.searchParams.append('e', 'f g');
      return [u.href, new URL('c', 'http://h/a/b').href, new URL('http://H.example:80/').href];
    },
    'URL invalid': () => new URL('/relative'),
    'URLSearchParams': () => {
      const p = new URLSearchParams('a=1&b=2&a=3');
      p.set('b', 'x y');
      p.delete('z');
      return [p.toString(), p.getAll('a'), p.has('b'), [...p.keys()], new URLSearchParams({ q: 'é&' }).toString()];
    },
    'Headers combine, sort and getSetCookie': () => {
      const h = new Headers({ 'X-B': '1', 'Content-Type': 'text/plain' });
      h.append('x-b', '2');
      h.append('Set-Cookie', 'a=1');
      h.append('set-cookie', 'b=2');
      return [h.get('x-b'), h.get('set-cookie'), h.getSetCookie(), [...h], h.has('X-B')];
    },
    'Headers invalid name': () => new Headers({ 'bad name': 'x' }),
    'Response.json': async () => {
      const r = Response.json({ a: 1 }, { status: 201, headers: { 'x-y': 'z' } });
      return [r.status, r.ok, [...r.headers], await r.text()];
    },
    'new Response(text) and bodyUsed': async () => {
      const r = new Response('hi');
      const text = await r.text();
      let second;
      try {
        await r.text();
      } catch (e) {
        second = `${e.name}: ${e.message}`;
      }
      return [[...r.headers], text, r.bodyUsed, second];
    },
    'new Response(null, 204) and bad status': () => {
      const r = new Response(null, { status: 204 });
      return [r.status, [...r.headers], (() => { try { new Response('x', { status: 204 }); } catch (e) { return e.message; } })(), (() => { try { new Response(null, { status: 100 }); } catch (e) { return `${e.name}: ${e.message}`; } })()];
    },
    'Request json parses any content type': async () => {
      const r = new Request('http://localhost/x', { method: 'post', body: '{"a":1}', headers: { 'content-type': 'text/plain' } });
      return [r.method, r.url, await r.json(), r.headers.get('content-type')];
    },
    'Request GET with body': () => new Request('http://localhost/x', { body: 'x' }),
    'Request relative URL': () => new Request('/x'),
    'crypto.randomBytes shape': () => {
      const b = nodeCrypto.randomBytes(32);
      return [b.length, b.toString('base64url').length, b.toString('hex').length, /^[A-Za-z0-9_-]+$/.test(b.toString('base64url'))];
    },
    'crypto.randomUUID shape': () => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(nodeCrypto.randomUUID()) && /^[0-9a-f-]{36}$/.test(crypto.randomUUID()),
    'crypto.getRandomValues': () => {
      const a = crypto.getRandomValues(new Uint8Array(16));
      return [a.length, a instanceof Uint8Array];
    },
    'createHmac digests': () => [
      nodeCrypto.createHmac('sha256', 'key').update('data').digest('hex'),
      nodeCrypto.createHmac('sha512', Buffer.from('key')).update('da').update('ta').digest('base64url'),
      nodeCrypto.createHmac('sha384', 'key').update('data').digest().length,
    ],
    'createHash digests': () => [nodeCrypto.createHash('sha256').update('abc').digest('hex'), nodeCrypto.createHash('sha512').update('').digest('base64')],
    'timingSafeEqual': () => [
      nodeCrypto.timingSafeEqual(Buffer.from('abc'), Buffer.from('abc')),
      nodeCrypto.timingSafeEqual(Buffer.from('abc'), Buffer.from('abd')),
    ],
    'timingSafeEqual different lengths': () => nodeCrypto.timingSafeEqual(Buffer.from('abc'), Buffer.from('ab')),
    'structuredClone': () => {
      const source = { a: [1, { b: 2 }], d: new Date(0) };
      const copy = structuredClone(source);
      return [copy.a[1].b, copy !== source, copy.a !== source.a, copy.d.toISOString()];
    },
    'Date toUTCString and toISOString': () => [new Date(0).toUTCString(), new Date(1700028800000).toUTCString(), new Date(1700000000000).toISOString()],
    'JSON of a Map in console-less code': () => JSON.stringify(new Map([[1, 2]])),
  };
  const results = {};
  for (const name of Object.keys(cases)) results[name] = await outcome(cases[name]);
  return results;
}
if (typeof module !== 'undefined') module.exports = webCases;
