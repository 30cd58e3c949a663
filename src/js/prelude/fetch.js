// URL, URLSearchParams, Headers, Request and Response as Node 20's undici implements them (the parts a
// route handler uses). Bodies are held as text or bytes: a route handler's body is never a stream here.
(() => {
  const tutor = globalThis.__tutor;
  // The runtime's own `__tutor*` hooks cannot be replaced by the learner's code; the globals can, as in Node.
  const define = (name, value) => {
    const replaceable = !name.startsWith('__');
    Object.defineProperty(globalThis, name, { value, writable: replaceable, configurable: replaceable, enumerable: false });
  };

  // ---- URLSearchParams ----
  const formEncode = (text) =>
    encodeURIComponent(text)
      .replace(/%20/g, '+')
      .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const formDecode = (text) => {
    const spaced = text.replace(/\+/g, ' ');
    try {
      return decodeURIComponent(spaced);
    } catch {
      return spaced;
    }
  };
  class URLSearchParams {
    #list = [];
    #url = null;
    constructor(init = '') {
      if (init instanceof URLSearchParams) this.#list = init.#list.map(([k, v]) => [k, v]);
      else if (typeof init === 'string') this.#parse(init);
      else if (init && typeof init[Symbol.iterator] === 'function') {
        for (const pair of init) {
          const items = [...pair];
          if (items.length !== 2) throw new TypeError('Each query pair must be an iterable [name, value] tuple');
          this.#list.push([String(items[0]), String(items[1])]);
        }
      } else if (init && typeof init === 'object') {
        for (const key of Object.keys(init)) this.#list.push([key, String(init[key])]);
      } else if (init != null) this.#parse(String(init));
    }
    #parse(text) {
      this.#list = [];
      for (const part of text.replace(/^\?/, '').split('&')) {
        if (!part) continue;
        const index = part.indexOf('=');
        const name = index === -1 ? part : part.slice(0, index);
        const value = index === -1 ? '' : part.slice(index + 1);
        this.#list.push([formDecode(name), formDecode(value)]);
      }
    }
    static _attach(params, url, search) {
      params.#url = url;
      params.#parse(search);
    }
    static _reparse(params, search) {
      params.#parse(search);
    }
    #update() {
      if (this.#url) tutor.setSearchFromParams(this.#url, this.toString());
    }
    get size() {
      return this.#list.length;
    }
    append(name, value) {
      this.#list.push([String(name), String(value)]);
      this.#update();
    }
    delete(name, value) {
      this.#list = this.#list.filter(([k, v]) => !(k === String(name) && (value === undefined || v === String(value))));
      this.#update();
    }
    get(name) {
      const found = this.#list.find(([k]) => k === String(name));
      return found ? found[1] : null;
    }
    getAll(name) {
      return this.#list.filter(([k]) => k === String(name)).map(([, v]) => v);
    }
    has(name, value) {
      return this.#list.some(([k, v]) => k === String(name) && (value === undefined || v === String(value)));
    }
    set(name, value) {
      name = String(name);
      const index = this.#list.findIndex(([k]) => k === name);
      if (index === -1) this.#list.push([name, String(value)]);
      else {
        this.#list[index][1] = String(value);
        this.#list = this.#list.filter(([k], i) => k !== name || i === index);
      }
      this.#update();
    }
    sort() {
      this.#list.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      this.#update();
    }
    forEach(callback, thisArg) {
      for (const [k, v] of this.#list) callback.call(thisArg, v, k, this);
    }
    *entries() {
      for (const [k, v] of this.#list) yield [k, v];
    }
    *keys() {
      for (const [k] of this.#list) yield k;
    }
    *values() {
      for (const [, v] of this.#list) yield v;
    }
    [Symbol.iterator]() {
      return this.entries();
    }
    toString() {
      return this.#list.map(([k, v]) => `${formEncode(k)}=${formEncode(v)}`).join('&');
    }
  }
  define('URLSearchParams', URLSearchParams);

  // ---- URL (WHATWG-style for http(s) and other hierarchical URLs) ----
  const DEFAULT_PORTS = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443', 'ftp:': '21' };
  const encodePath = (path) =>
    path.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/g, (c) => encodeURIComponent(c));
  const encodeQuery = (query) => query.replace(/[ "<>`#\u007f-\uffff]/g, (c) => (c === '#' ? '%23' : encodeURIComponent(c)));
  const normalisePath = (path) => {
    const out = [];
    const segments = path.split('/');
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i];
      const last = i === segments.length - 1;
      if (segment === '.' || segment.toLowerCase() === '%2e') {
        if (last) out.push('');
      } else if (segment === '..' || /^(\.|%2e)(\.|%2e)$/i.test(segment)) {
        if (out.length > 1) out.pop();
        if (last) out.push('');
      } else out.push(segment);
    }
    const joined = out.join('/');
    return joined.startsWith('/') ? joined : `/${joined}`;
  };
  const invalid = (input) => {
    const error = new TypeError('Invalid URL');
    error.code = 'ERR_INVALID_URL';
    error.input = input;
    return error;
  };
  class URL {
    #protocol = '';
    #username = '';
    #password = '';
    #hostname = '';
    #port = '';
    #pathname = '/';
    #search = '';
    #hash = '';
    #searchParams;
    constructor(input, base) {
      input = String(input).trim().replace(/[\t\n\r]/g, '');
      const absolute = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/.exec(input);
      if (absolute) {
        this.#parseAbsolute(absolute[1].toLowerCase() + ':', absolute[2], input);
      } else {
        if (base === undefined) throw invalid(input);
        const root = base instanceof URL ? base : new URL(base);
        this.#protocol = root.protocol;
        this.#username = root.username;
        this.#password = root.password;
        this.#hostname = root.hostname;
        this.#port = root.port;
        let rest = input.replace(/\\/g, '/');
        let hash = '';
        const hashIndex = rest.indexOf('#');
        if (hashIndex !== -1) {
          hash = rest.slice(hashIndex);
          rest = rest.slice(0, hashIndex);
        }
        let search = null;
        const queryIndex = rest.indexOf('?');
        if (queryIndex !== -1) {
          search = rest.slice(queryIndex);
          rest = rest.slice(0, queryIndex);
        }
        if (rest.startsWith('//')) {
          this.#parseAbsolute(this.#protocol, input, input);
          return;
        }
        if (rest.startsWith('/')) this.#pathname = normalisePath(encodePath(rest));
        else if (rest === '') this.#pathname = root.pathname;
        else {
          const folder = root.pathname.slice(0, root.pathname.lastIndexOf('/') + 1);
          this.#pathname = normalisePath(encodePath(folder + rest));
        }
        this.#search = search === null ? (rest === '' ? root.search : '') : search === '?' ? '' : encodeQuery(search);
        this.#hash = hash === '#' ? '' : hash;
      }
      this.#searchParams = new URLSearchParams();
      URLSearchParams._attach(this.#searchParams, this, this.#search);
    }
    #parseAbsolute(protocol, rest, input) {
      this.#protocol = protocol;
      const special = protocol in DEFAULT_PORTS || protocol === 'file:';
      if (special) rest = rest.replace(/\\/g, '/');
      const hashIndex = rest.indexOf('#');
      if (hashIndex !== -1) {
        this.#hash = rest.slice(hashIndex) === '#' ? '' : rest.slice(hashIndex);
        rest = rest.slice(0, hashIndex);
      }
      const queryIndex = rest.indexOf('?');
      if (queryIndex !== -1) {
        const search = rest.slice(queryIndex);
        this.#search = search === '?' ? '' : encodeQuery(search);
        rest = rest.slice(0, queryIndex);
      }
      if (!rest.startsWith('//') && !special) {
        this.#pathname = rest;
        return;
      }
      rest = rest.replace(/^\/*/, '');
      const slash = rest.indexOf('/');
      let authority = slash === -1 ? rest : rest.slice(0, slash);
      const path = slash === -1 ? '/' : rest.slice(slash);
      const at = authority.lastIndexOf('@');
      if (at !== -1) {
        const credentials = authority.slice(0, at);
        authority = authority.slice(at + 1);
        const colon = credentials.indexOf(':');
        this.#username = colon === -1 ? credentials : credentials.slice(0, colon);
        this.#password = colon === -1 ? '' : credentials.slice(colon + 1);
      }
      const portMatch = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(authority);
      if (!portMatch) throw invalid(input);
      const hostname = portMatch[1].toLowerCase();
      if (special && protocol !== 'file:' && hostname === '') throw invalid(input);
      if (/[\s<>^|%]/.test(hostname)) throw invalid(input);
      this.#hostname = hostname;
      const port = portMatch[2] || '';
      if (port !== '' && Number(port) > 65535) throw invalid(input);
      this.#port = port === '' || DEFAULT_PORTS[protocol] === String(Number(port)) ? '' : String(Number(port));
      this.#pathname = normalisePath(encodePath(path));
    }
    static canParse(input, base) {
      try {
        new URL(input, base);
        return true;
      } catch {
        return false;
      }
    }
    get protocol() {
      return this.#protocol;
    }
    set protocol(value) {
      this.#protocol = String(value).replace(/:?$/, ':').toLowerCase();
    }
    get username() {
      return this.#username;
    }
    set username(value) {
      this.#username = String(value);
    }
    get password() {
      return this.#password;
    }
    set password(value) {
      this.#password = String(value);
    }
    get hostname() {
      return this.#hostname;
    }
    set hostname(value) {
      this.#hostname = String(value).toLowerCase();
    }
    get port() {
      return this.#port;
    }
    set port(value) {
      const port = String(value);
      this.#port = port === '' || DEFAULT_PORTS[this.#protocol] === port ? '' : String(parseInt(port, 10));
    }
    get host() {
      return this.#port ? `${this.#hostname}:${this.#port}` : this.#hostname;
    }
    set host(value) {
      const [hostname, port = ''] = String(value).split(':');
      this.hostname = hostname;
      this.port = port;
    }
    get origin() {
      return this.#protocol in DEFAULT_PORTS ? `${this.#protocol}//${this.host}` : 'null';
    }
    get pathname() {
      return this.#pathname;
    }
    set pathname(value) {
      const path = String(value);
      this.#pathname = normalisePath(encodePath(path.startsWith('/') ? path : `/${path}`));
    }
    get search() {
      return this.#search;
    }
    set search(value) {
      const search = String(value);
      this.#search = search === '' || search === '?' ? '' : encodeQuery(search.startsWith('?') ? search : `?${search}`);
      URLSearchParams._reparse(this.#searchParams, this.#search);
    }
    static _setSearchFromParams(url, query) {
      url.#search = query ? `?${query}` : '';
    }
    get searchParams() {
      return this.#searchParams;
    }
    get hash() {
      return this.#hash;
    }
    set hash(value) {
      const hash = String(value);
      this.#hash = hash === '' || hash === '#' ? '' : hash.startsWith('#') ? hash : `#${hash}`;
    }
    get href() {
      const credentials = this.#username
        ? `${this.#username}${this.#password ? `:${this.#password}` : ''}@`
        : '';
      const authority = this.#hostname || this.#protocol in DEFAULT_PORTS || this.#protocol === 'file:' ? `//${credentials}${this.host}` : '';
      return `${this.#protocol}${authority}${this.#pathname}${this.#search}${this.#hash}`;
    }
    set href(value) {
      const parsed = new URL(value);
      this.#protocol = parsed.protocol;
      this.#username = parsed.username;
      this.#password = parsed.password;
      this.#hostname = parsed.hostname;
      this.#port = parsed.port;
      this.#pathname = parsed.pathname;
      this.search = parsed.search;
      this.#hash = parsed.hash;
    }
    toString() {
      return this.href;
    }
    toJSON() {
      return this.href;
    }
  }
  tutor.setSearchFromParams = (url, query) => URL._setSearchFromParams(url, query);
  define('URL', URL);

  // ---- Headers ----
  const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
  const checkName = (name, method) => {
    name = String(name);
    if (!TOKEN.test(name)) throw new TypeError(`Headers.${method}: "${name}" is an invalid header name.`);
    return name.toLowerCase();
  };
  const checkValue = (value, method) => {
    value = String(value).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
    if (/[\0\r\n]/.test(value)) throw new TypeError(`Headers.${method}: "${value}" is an invalid header value.`);
    return value;
  };
  class Headers {
    #list = [];
    constructor(init) {
      if (init == null) return;
      if (init instanceof Headers) {
        this.#list = init.#list.map(([k, v]) => [k, v]);
      } else if (typeof init[Symbol.iterator] === 'function') {
        for (const pair of init) {
          const items = [...pair];
          if (items.length !== 2) throw new TypeError('Headers constructor: expected name/value pair to be length 2, found ' + items.length + '.');
          this.append(items[0], items[1]);
        }
      } else if (typeof init === 'object') {
        for (const key of Object.keys(init)) this.append(key, init[key]);
      } else {
        throw new TypeError("Headers constructor: Failed to construct 'Headers': The provided value is not of type '(record<ByteString, ByteString> or sequence<sequence<ByteString>>)'.");
      }
    }
    append(name, value) {
      this.#list.push([checkName(name, 'append'), checkValue(value, 'append')]);
    }
    delete(name) {
      const key = checkName(name, 'delete');
      this.#list = this.#list.filter(([k]) => k !== key);
    }
    get(name) {
      const key = checkName(name, 'get');
      const values = this.#list.filter(([k]) => k === key).map(([, v]) => v);
      return values.length ? values.join(', ') : null;
    }
    getSetCookie() {
      return this.#list.filter(([k]) => k === 'set-cookie').map(([, v]) => v);
    }
    has(name) {
      const key = checkName(name, 'has');
      return this.#list.some(([k]) => k === key);
    }
    set(name, value) {
      const key = checkName(name, 'set');
      value = checkValue(value, 'set');
      const index = this.#list.findIndex(([k]) => k === key);
      if (index === -1) this.#list.push([key, value]);
      else {
        this.#list[index][1] = value;
        this.#list = this.#list.filter(([k], i) => k !== key || i === index);
      }
    }
    // Sorted by name, `set-cookie` kept as separate entries, others combined (the Fetch standard).
    #sorted() {
      const names = [...new Set(this.#list.map(([k]) => k))].sort();
      const out = [];
      for (const name of names) {
        if (name === 'set-cookie') for (const value of this.getSetCookie()) out.push([name, value]);
        else out.push([name, this.get(name)]);
      }
      return out;
    }
    forEach(callback, thisArg) {
      for (const [k, v] of this.#sorted()) callback.call(thisArg, v, k, this);
    }
    *entries() {
      yield* this.#sorted();
    }
    *keys() {
      for (const [k] of this.#sorted()) yield k;
    }
    *values() {
      for (const [, v] of this.#sorted()) yield v;
    }
    [Symbol.iterator]() {
      return this.entries();
    }
    static _raw(headers) {
      return headers.#list.map(([k, v]) => [k, v]);
    }
  }
  tutor.rawHeaders = (headers) => Headers._raw(headers);
  define('Headers', Headers);

  // ---- bodies ----
  const NULL_BODY_STATUS = [101, 103, 204, 205, 304];
  // Returns [bytes or text, content type to add] for a body init.
  const extractBody = (body) => {
    if (body == null) return [null, null];
    if (typeof body === 'string') return [body, 'text/plain;charset=UTF-8'];
    if (body instanceof URLSearchParams) return [body.toString(), 'application/x-www-form-urlencoded;charset=UTF-8'];
    if (body instanceof ArrayBuffer) return [new Uint8Array(body.slice(0)), null];
    if (ArrayBuffer.isView(body)) return [new Uint8Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength)), null];
    return [String(body), 'text/plain;charset=UTF-8'];
  };
  const bodyText = (body) => (body == null ? '' : typeof body === 'string' ? body : tutor.fromBytes(body, 'utf8'));
  tutor.bodyText = bodyText;

  class Body {
    #body;
    #used = false;
    _initBody(body) {
      this.#body = body;
    }
    _rawBody() {
      return this.#body;
    }
    // A one-chunk stream: enough for `if (request.body)` and a reader loop; the bytes are already here.
    get body() {
      if (this.#body == null) return null;
      const owner = this;
      return {
        get locked() {
          return owner.bodyUsed;
        },
        getReader() {
          let done = false;
          return {
            read: async () => {
              if (done) return { done: true, value: undefined };
              done = true;
              return { done: false, value: await owner.bytes() };
            },
            releaseLock() {},
            cancel: async () => {
              done = true;
            },
          };
        },
      };
    }
    get bodyUsed() {
      return this.#used;
    }
    #consume() {
      if (this.#used) return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
      this.#used = this.#body != null;
      return Promise.resolve(bodyText(this.#body));
    }
    text() {
      return this.#consume();
    }
    async json() {
      return JSON.parse(await this.#consume());
    }
    async arrayBuffer() {
      const bytes = await this.bytes();
      return bytes.buffer;
    }
    async bytes() {
      if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
      this.#used = this.#body != null;
      const body = this.#body;
      return body == null ? new Uint8Array(0) : typeof body === 'string' ? tutor.toBytes(body) : new Uint8Array(body);
    }
    async formData() {
      throw new TypeError('formData() is not available in the tutorial runtime: send and read JSON (request.json())');
    }
  }

  const METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH'];
  class Request extends Body {
    #url;
    #method;
    #headers;
    constructor(input, init = {}) {
      super();
      let url;
      let source = null;
      if (input instanceof Request) {
        source = input;
        url = input.url;
      } else {
        try {
          url = new URL(String(input)).href;
        } catch (cause) {
          const error = new TypeError(`Failed to parse URL from ${String(input)}`);
          error.cause = cause;
          throw error;
        }
      }
      let method = init.method !== undefined ? String(init.method) : source ? source.method : 'GET';
      if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(method)) throw new TypeError(`'${method}' is not a valid HTTP method.`);
      if (METHODS.includes(method.toUpperCase())) method = method.toUpperCase();
      this.#url = url;
      this.#method = method;
      this.#headers = new Headers(init.headers !== undefined ? init.headers : source ? source.headers : undefined);
      let body = source && init.body === undefined ? source._rawBody() : null;
      if (init.body != null) {
        if (method === 'GET' || method === 'HEAD') throw new TypeError('Request with GET/HEAD method cannot have body.');
        const [extracted, type] = extractBody(init.body);
        body = extracted;
        if (type && !this.#headers.has('content-type')) this.#headers.append('content-type', type);
      }
      this._initBody(body);
    }
    get url() {
      return this.#url;
    }
    get method() {
      return this.#method;
    }
    get headers() {
      return this.#headers;
    }
    get cache() {
      return 'default';
    }
    get credentials() {
      return 'same-origin';
    }
    get mode() {
      return 'cors';
    }
    get redirect() {
      return 'follow';
    }
    get referrer() {
      return 'about:client';
    }
    clone() {
      if (this.bodyUsed) throw new TypeError('Request.clone: Body has already been consumed.');
      return new Request(this);
    }
  }
  define('Request', Request);

  class Response extends Body {
    #status;
    #statusText;
    #headers;
    #type = 'default';
    constructor(body = null, init = {}) {
      super();
      const status = init.status === undefined ? 200 : Number(init.status);
      if (!Number.isInteger(status) || status < 200 || status > 599) {
        throw new RangeError(`init["status"] must be in the range of 200 to 599, inclusive.`);
      }
      this.#status = status;
      this.#statusText = init.statusText === undefined ? '' : String(init.statusText);
      this.#headers = new Headers(init.headers);
      if (body != null) {
        if (NULL_BODY_STATUS.includes(status)) throw new TypeError(`Response constructor: Invalid response status code ${status}`);
        const [extracted, type] = extractBody(body);
        if (type && !this.#headers.has('content-type')) this.#headers.append('content-type', type);
        this._initBody(extracted);
      } else {
        this._initBody(null);
      }
    }
    static json(data, init = {}) {
      const text = JSON.stringify(data);
      if (text === undefined) throw new TypeError('Value is not JSON serializable');
      const response = new this(text, { ...init, headers: new Headers(init.headers) });
      if (response.headers.get('content-type') === 'text/plain;charset=UTF-8' && !new Headers(init.headers).has('content-type')) {
        response.headers.set('content-type', 'application/json');
      }
      return response;
    }
    static redirect(url, status = 302) {
      if (![301, 302, 303, 307, 308].includes(status)) throw new RangeError(`Invalid status code ${status}`);
      const location = new URL(String(url)).href;
      return new Response(null, { status, headers: { location } });
    }
    static error() {
      const response = new Response(null, { status: 200 });
      response.#status = 0;
      response.#type = 'error';
      return response;
    }
    get status() {
      return this.#status;
    }
    get statusText() {
      return this.#statusText;
    }
    get ok() {
      return this.#status >= 200 && this.#status <= 299;
    }
    get headers() {
      return this.#headers;
    }
    get type() {
      return this.#type;
    }
    get url() {
      return '';
    }
    get redirected() {
      return false;
    }
    clone() {
      if (this.bodyUsed) throw new TypeError('Response.clone: Body has already been consumed.');
      return new this.constructor(this._rawBody(), { status: this.#status, statusText: this.#statusText, headers: this.#headers });
    }
  }
  define('Response', Response);
})();
