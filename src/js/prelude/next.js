// `next/server` (NextRequest, NextResponse) and `next/headers` (cookies(), headers()) as Next.js 16
// implements them for Route Handlers, with the cookie code of @edge-runtime/cookies (attribute order
// Path, Expires, Max-Age, Domain, Secure, HttpOnly, SameSite, Partitioned, Priority, as measured).
(() => {
  const tutor = globalThis.__tutor;
  const modules = globalThis.__tutorModules;

  // ---- @edge-runtime/cookies ----
  function stringifyCookie(c) {
    const attrs = [
      'path' in c && c.path && `Path=${c.path}`,
      'expires' in c &&
        (c.expires || c.expires === 0) &&
        `Expires=${(typeof c.expires === 'number' ? new Date(c.expires) : c.expires).toUTCString()}`,
      'maxAge' in c && typeof c.maxAge === 'number' && `Max-Age=${c.maxAge}`,
      'domain' in c && c.domain && `Domain=${c.domain}`,
      'secure' in c && c.secure && 'Secure',
      'httpOnly' in c && c.httpOnly && 'HttpOnly',
      'sameSite' in c && c.sameSite && `SameSite=${c.sameSite}`,
      'partitioned' in c && c.partitioned && 'Partitioned',
      'priority' in c && c.priority && `Priority=${c.priority}`,
    ].filter(Boolean);
    const stringified = `${c.name}=${encodeURIComponent(c.value ?? '')}`;
    return attrs.length === 0 ? stringified : `${stringified}; ${attrs.join('; ')}`;
  }
  function parseCookie(cookie) {
    const map = new Map();
    for (const pair of cookie.split(/; */)) {
      if (!pair) continue;
      const splitAt = pair.indexOf('=');
      if (splitAt === -1) {
        map.set(pair, 'true');
        continue;
      }
      const [key, value] = [pair.slice(0, splitAt), pair.slice(splitAt + 1)];
      try {
        map.set(key, decodeURIComponent(value ?? 'true'));
      } catch {
        // A value that is not valid percent-encoding is skipped, as the npm package does.
      }
    }
    return map;
  }
  const SAME_SITE = ['strict', 'lax', 'none'];
  const PRIORITY = ['low', 'medium', 'high'];
  function parseSetCookie(setCookie) {
    if (!setCookie) return undefined;
    const [[name, value], ...attributes] = parseCookie(setCookie);
    let { domain, expires, httponly, maxage, path, samesite, secure, partitioned, priority } = Object.fromEntries(
      attributes.map(([key, v]) => [key.toLowerCase().replace(/-/g, ''), v]),
    );
    const cookie = {
      name,
      value: decodeURIComponent(value),
      domain,
      ...(expires && { expires: new Date(expires) }),
      ...(httponly && { httpOnly: true }),
      ...(typeof maxage === 'string' && { maxAge: Number(maxage) }),
      path,
      ...(samesite && { sameSite: SAME_SITE.includes((samesite = samesite.toLowerCase())) ? samesite : undefined }),
      ...(secure && { secure: true }),
      ...(priority && { priority: PRIORITY.includes((priority = priority.toLowerCase())) ? priority : undefined }),
      ...(partitioned && { partitioned: true }),
    };
    const compact = {};
    for (const key in cookie) if (cookie[key]) compact[key] = cookie[key];
    return compact;
  }
  function normalizeCookie(cookie = { name: '', value: '' }) {
    if (typeof cookie.expires === 'number') cookie.expires = new Date(cookie.expires);
    if (cookie.maxAge) cookie.expires = new Date(Date.now() + cookie.maxAge * 1000);
    if (cookie.path === null || cookie.path === undefined) cookie.path = '/';
    return cookie;
  }
  const nameOf = (arg) => (typeof arg === 'string' ? arg : arg && arg.name);

  class RequestCookies {
    #parsed = new Map();
    #headers;
    constructor(requestHeaders) {
      this.#headers = requestHeaders;
      const header = requestHeaders.get('cookie');
      if (header) for (const [name, value] of parseCookie(header)) this.#parsed.set(name, { name, value });
    }
    [Symbol.iterator]() {
      return this.#parsed[Symbol.iterator]();
    }
    get size() {
      return this.#parsed.size;
    }
    get(...args) {
      return this.#parsed.get(nameOf(args[0]));
    }
    getAll(...args) {
      const all = Array.from(this.#parsed);
      if (!args.length) return all.map(([, value]) => value);
      const name = nameOf(args[0]);
      return all.filter(([n]) => n === name).map(([, value]) => value);
    }
    has(name) {
      return this.#parsed.has(name);
    }
    set(...args) {
      const [name, value] = args.length === 1 ? [args[0].name, args[0].value] : args;
      this.#parsed.set(name, { name, value });
      this.#headers.set('cookie', Array.from(this.#parsed).map(([, v]) => stringifyCookie(v)).join('; '));
      return this;
    }
    delete(names) {
      const list = Array.isArray(names) ? names : [names];
      const result = list.map((name) => this.#parsed.delete(name));
      this.#headers.set('cookie', Array.from(this.#parsed).map(([, v]) => stringifyCookie(v)).join('; '));
      return Array.isArray(names) ? result : result[0];
    }
    clear() {
      this.delete(Array.from(this.#parsed.keys()));
      return this;
    }
    toString() {
      return Array.from(this.#parsed.values())
        .map((v) => `${v.name}=${encodeURIComponent(v.value)}`)
        .join('; ');
    }
  }

  class ResponseCookies {
    #parsed = new Map();
    #headers;
    constructor(responseHeaders) {
      this.#headers = responseHeaders;
      for (const cookieString of responseHeaders.getSetCookie()) {
        const parsed = parseSetCookie(cookieString);
        if (parsed) this.#parsed.set(parsed.name, parsed);
      }
    }
    get(...args) {
      return this.#parsed.get(nameOf(args[0]));
    }
    getAll(...args) {
      const all = Array.from(this.#parsed.values());
      if (!args.length) return all;
      const name = nameOf(args[0]);
      return all.filter((c) => c.name === name);
    }
    has(name) {
      return this.#parsed.has(name);
    }
    set(...args) {
      const [name, value, cookie] = args.length === 1 ? [args[0].name, args[0].value, args[0]] : args;
      this.#parsed.set(name, normalizeCookie({ name, value, ...cookie }));
      this.#headers.delete('set-cookie');
      for (const [, c] of this.#parsed) this.#headers.append('set-cookie', stringifyCookie(c));
      return this;
    }
    delete(...args) {
      const [name, options] = typeof args[0] === 'string' ? [args[0]] : [args[0].name, args[0]];
      return this.set({ ...options, name, value: '', expires: new Date(0) });
    }
    toString() {
      return [...this.#parsed.values()].map(stringifyCookie).join('; ');
    }
  }

  // ---- NextURL (the parts a route handler reads) ----
  class NextURL extends URL {
    get basePath() {
      return '';
    }
    get buildId() {
      return undefined;
    }
    get locale() {
      return '';
    }
    clone() {
      return new NextURL(this.href);
    }
  }

  class NextRequest extends Request {
    #cookies;
    #nextUrl;
    constructor(input, init = {}) {
      super(input, init);
      this.#cookies = new RequestCookies(this.headers);
      this.#nextUrl = new NextURL(this.url);
    }
    get cookies() {
      return this.#cookies;
    }
    get nextUrl() {
      return this.#nextUrl;
    }
    get page() {
      throw new Error('`page` has been deprecated in favour of `URLPattern`.');
    }
    get ua() {
      throw new Error('`ua` has been removed in favour of `userAgent` function.');
    }
  }

  const REDIRECTS = new Set([301, 302, 303, 307, 308]);
  class NextResponse extends Response {
    #cookies;
    constructor(body, init = {}) {
      super(body, init);
      this.#cookies = new ResponseCookies(this.headers);
    }
    get cookies() {
      return this.#cookies;
    }
    static json(body, init) {
      const response = Response.json(body, init);
      return new NextResponse(response._rawBody(), response);
    }
    static redirect(url, init) {
      const status = typeof init === 'number' ? init : (init && init.status) ?? 307;
      if (!REDIRECTS.has(status)) throw new RangeError('Failed to execute "redirect" on "response": Invalid status code');
      const initObj = typeof init === 'object' ? init : {};
      const headers = new Headers(initObj && initObj.headers);
      headers.set('Location', String(new URL(String(url))));
      return new NextResponse(null, { ...initObj, headers, status });
    }
    static rewrite(destination, init) {
      const headers = new Headers(init && init.headers);
      headers.set('x-middleware-rewrite', String(new URL(String(destination))));
      return new NextResponse(null, { ...init, headers });
    }
    static next(init) {
      const headers = new Headers(init && init.headers);
      headers.set('x-middleware-next', '1');
      return new NextResponse(null, { ...init, headers });
    }
  }

  modules['next/server'] = { NextRequest, NextResponse, default: undefined };

  // ---- next/headers: the current request's cookies and headers ----
  let current = null;
  const outsideRequest = (name) =>
    new Error(`\`${name}\` was called outside a request scope. Read more: https://nextjs.org/docs/messages/next-dynamic-api-wrong-context`);
  tutor.beginRequest = (request) => {
    const seeded = new ResponseCookies(new Headers());
    for (const cookie of request.cookies.getAll()) seeded.set(cookie);
    const modified = new Set();
    const wrap = (method) => (...args) => {
      modified.add(nameOf(args[0]));
      seeded[method](...args);
      return store;
    };
    const store = {
      get: (...args) => seeded.get(...args),
      getAll: (...args) => seeded.getAll(...args),
      has: (name) => seeded.has(name),
      set: wrap('set'),
      delete: wrap('delete'),
      toString: () => seeded.toString(),
      get size() {
        return seeded.getAll().length;
      },
      [Symbol.iterator]: () => seeded.getAll().map((cookie) => [cookie.name, cookie])[Symbol.iterator](),
    };
    // Next.js hands out a sealed view: reading works, changing throws ReadonlyHeadersError (named "Error").
    const headers = new Headers(request.headers);
    for (const method of ['append', 'delete', 'set']) {
      Object.defineProperty(headers, method, {
        value: () => {
          throw new Error('Headers cannot be modified. Read more: https://nextjs.org/docs/app/api-reference/functions/headers');
        },
      });
    }
    current = {
      store,
      headers,
      modifiedCookies: () => seeded.getAll().filter((cookie) => modified.has(cookie.name)),
    };
  };
  tutor.endRequest = () => {
    const ending = current;
    current = null;
    return ending;
  };
  // Next's appendMutableCookies: cookies set through cookies() join the response's own, which win.
  tutor.mergeCookies = (ending, responseHeaders) => {
    const modified = ending ? ending.modifiedCookies() : [];
    if (modified.length === 0) return responseHeaders;
    const headers = new Headers(responseHeaders);
    const cookies = new ResponseCookies(headers);
    const returned = cookies.getAll();
    for (const cookie of modified) cookies.set(cookie);
    for (const cookie of returned) cookies.set(cookie);
    return headers;
  };
  // Next.js 16 returns a bare promise; V8 then names the mistake ("cookies(...).get is not a function")
  // where QuickJS would only say "not a function", so the promise says it the V8 way.
  const awaitable = (name, value, methods) => {
    const promise = Promise.resolve(value);
    for (const method of methods) {
      Object.defineProperty(promise, method, {
        get() {
          throw new TypeError(`${name}(...).${method} is not a function`);
        },
      });
    }
    return promise;
  };
  const cookies = () => {
    if (!current) throw outsideRequest('cookies');
    return awaitable('cookies', current.store, ['get', 'getAll', 'has', 'set', 'delete']);
  };
  const headers = () => {
    if (!current) throw outsideRequest('headers');
    return awaitable('headers', current.headers, ['get', 'has', 'entries', 'forEach', 'keys', 'values', 'getSetCookie']);
  };
  const draftMode = () => Promise.resolve({ isEnabled: false, enable() {}, disable() {} });
  modules['server-only'] = { default: undefined };
  modules['next/headers'] = { cookies, headers, draftMode, default: undefined };

  tutor.NextRequest = NextRequest;
  tutor.stringifyCookie = stringifyCookie;
})();
