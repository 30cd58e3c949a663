// The web and Node globals a Next.js route handler sees: Date on the server's clock, console (captured),
// process, timers, Buffer, TextEncoder/TextDecoder, atob/btoa, URL, Headers, Request, Response, crypto.
(() => {
  const native = globalThis.__native;
  Object.defineProperty(globalThis, '__native', { value: native, writable: false, configurable: false, enumerable: false });
  // The runtime's own `__tutor*` hooks cannot be replaced by the learner's code; the globals can, as in Node.
  const define = (name, value) => {
    const replaceable = !name.startsWith('__');
    Object.defineProperty(globalThis, name, { value, writable: replaceable, configurable: replaceable, enumerable: false });
  };
  const tutor = {};
  define('__tutor', tutor);
  define('__tutorModules', {});

  // ---- Date on the server's clock (pinned for tests and the demo) ----
  const RealDate = Date;
  function TutorDate(...args) {
    if (!new.target) return new RealDate(native.now()).toString();
    return args.length === 0 ? new RealDate(native.now()) : new RealDate(...args);
  }
  TutorDate.prototype = RealDate.prototype;
  Object.defineProperty(RealDate.prototype, 'constructor', { value: TutorDate, writable: true, configurable: true });
  TutorDate.now = () => Math.floor(native.now());
  TutorDate.parse = RealDate.parse;
  TutorDate.UTC = RealDate.UTC;
  define('Date', TutorDate);

  // QuickJS words JSON errors like V8 but adds "(line 1 column 2)"; Node's messages end before it.
  const parseJson = JSON.parse;
  Object.defineProperty(JSON, 'parse', {
    value: function parse(text, reviver) {
      try {
        return parseJson(text, reviver);
      } catch (error) {
        if (error instanceof SyntaxError) error.message = error.message.replace(/ \(line \d+ column \d+\)$/, '');
        throw error;
      }
    },
    writable: true,
    configurable: true,
  });

  // ---- inspection, as console.log and the server log print values ----
  function inspect(value, depth = 0, seen = []) {
    switch (typeof value) {
      case 'string':
        return depth === 0 ? value : `'${value.replace(/'/g, "\\'")}'`;
      case 'function':
        return `[Function: ${value.name || '(anonymous)'}]`;
      case 'symbol':
        return value.toString();
      case 'bigint':
        return `${value}n`;
      case 'undefined':
        return 'undefined';
      case 'number':
      case 'boolean':
        return String(value);
    }
    if (value === null) return 'null';
    if (seen.includes(value)) return '[Circular *1]';
    if (value instanceof Error) return formatError(value);
    if (value instanceof RealDate) return isNaN(value) ? 'Invalid Date' : value.toISOString();
    if (value instanceof RegExp) return String(value);
    if (depth > 2) return Array.isArray(value) ? '[Array]' : '[Object]';
    const inner = [...seen, value];
    if (typeof Buffer === 'function' && value instanceof Buffer) {
      const hex = Array.from(value.subarray(0, 50), (b) => b.toString(16).padStart(2, '0'));
      return `<Buffer ${hex.join(' ')}${value.length > 50 ? ` ... ${value.length - 50} more bytes` : ''}>`;
    }
    if (value instanceof Map) {
      const items = [...value].map(([k, v]) => `${inspect(k, depth + 1, inner)} => ${inspect(v, depth + 1, inner)}`);
      return `Map(${value.size}) {${items.length ? ` ${items.join(', ')} ` : ''}}`;
    }
    if (value instanceof Set) {
      const items = [...value].map((v) => inspect(v, depth + 1, inner));
      return `Set(${value.size}) {${items.length ? ` ${items.join(', ')} ` : ''}}`;
    }
    if (value instanceof Promise) return 'Promise { <pending> }';
    if (Array.isArray(value) || ArrayBuffer.isView(value)) {
      const items = Array.from(value, (v) => inspect(v, depth + 1, inner));
      const prefix = Array.isArray(value) ? '' : `${value.constructor.name}(${value.length}) `;
      return items.length ? `${prefix}[ ${items.join(', ')} ]` : `${prefix}[]`;
    }
    const keys = Object.keys(value);
    const name = value.constructor && value.constructor !== Object && value.constructor.name;
    const items = keys.map((key) => {
      const shown = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `'${key}'`;
      return `${shown}: ${inspect(value[key], depth + 1, inner)}`;
    });
    const body = items.length ? `{ ${items.join(', ')} }` : '{}';
    return name ? `${name} ${body}` : body;
  }

  // The jsonwebtoken errors capture their stack while still named "Error", which Node prints as
  // `Error [JsonWebTokenError]: jwt malformed`; `stackName` records that name.
  function formatError(error) {
    if (!(error instanceof Error)) return `Uncaught ${inspect(error, 1)}`;
    const name = error.name || 'Error';
    const stackName = error.__stackName || name;
    let head = stackName === name ? `${name}: ${error.message}` : `${stackName} [${name}]: ${error.message}`;
    if (error.message === '') head = stackName === name ? name : `${stackName} [${name}]`;
    const frames = String(error.stack || '')
      .split('\n')
      .filter((line) => line.trim().startsWith('at ') && !line.includes('<tutor runtime>'));
    return frames.length ? `${head}\n${frames.join('\n')}` : head;
  }
  tutor.inspect = inspect;
  define('__tutorFormatError', formatError);

  const format = (args) => {
    if (args.length === 0) return '';
    let [first, ...rest] = args;
    if (typeof first === 'string' && /%[sdifjoOc%]/.test(first)) {
      first = first.replace(/%([sdifjoOc%])/g, (match, kind) => {
        if (kind === '%') return '%';
        if (rest.length === 0) return match;
        const arg = rest.shift();
        switch (kind) {
          case 's':
            return typeof arg === 'string' ? arg : inspect(arg, 1);
          case 'd':
          case 'i':
            return String(kind === 'i' ? parseInt(arg, 10) : Number(arg));
          case 'f':
            return String(parseFloat(arg));
          case 'j':
            return JSON.stringify(arg);
          case 'c':
            return '';
          default:
            return inspect(arg, 1);
        }
      });
    }
    return [first, ...rest].map((arg) => inspect(arg)).join(' ');
  };
  let indent = '';
  const timeLabels = new Map();
  const logger = (prefix) => (...args) => native.log(indent + prefix + format(args).replace(/\n/g, `\n${indent}`));
  define('console', {
    log: logger(''),
    info: logger(''),
    debug: logger(''),
    warn: logger(''),
    error: logger(''),
    trace: logger('Trace: '),
    dir: (value) => native.log(inspect(value, 1)),
    assert: (condition, ...args) => condition || native.log(`Assertion failed${args.length ? `: ${format(args)}` : ''}`),
    time: (label = 'default') => {
      timeLabels.set(label, native.monotonic());
    },
    timeEnd: (label = 'default') => {
      const started = timeLabels.get(label);
      if (started === undefined) return native.log(`${indent}Warning: No such label '${label}' for console.timeEnd()`);
      timeLabels.delete(label);
      native.log(`${indent}${label}: ${(native.monotonic() - started).toFixed(3)}ms`);
    },
    group: (...args) => {
      if (args.length) native.log(indent + format(args));
      indent += '  ';
    },
    groupEnd: () => {
      indent = indent.slice(2);
    },
  });

  // ---- microtasks and timers (driven by the server loop between jobs) ----
  if (typeof queueMicrotask !== 'function') {
    define('queueMicrotask', (callback) => {
      Promise.resolve().then(callback);
    });
  }
  let timers = [];
  let timerSequence = 0;
  const addTimer = (callback, delay, args, repeat) => {
    if (typeof callback !== 'function') throw new TypeError('The "callback" argument must be of type function');
    const ms = Math.max(0, Number(delay) || 0);
    const id = ++timerSequence;
    timers.push({ id, due: native.monotonic() + ms, ms, callback, args, repeat });
    return id;
  };
  define('setTimeout', (callback, delay, ...args) => addTimer(callback, delay, args, false));
  define('setInterval', (callback, delay, ...args) => addTimer(callback, delay, args, true));
  define('setImmediate', (callback, ...args) => addTimer(callback, 0, args, false));
  const clear = (id) => {
    timers = timers.filter((timer) => timer.id !== id);
  };
  define('clearTimeout', clear);
  define('clearInterval', clear);
  define('clearImmediate', clear);
  define('__tutorNextTimer', () => {
    if (timers.length === 0) return -1;
    const due = Math.min(...timers.map((timer) => timer.due));
    return Math.max(0, due - native.monotonic());
  });
  define('__tutorFireTimers', () => {
    const now = native.monotonic();
    const ready = timers.filter((timer) => timer.due <= now).sort((a, b) => a.due - b.due || a.id - b.id);
    for (const timer of ready) {
      if (timer.repeat) timer.due = now + Math.max(1, timer.ms);
      else clear(timer.id);
      timer.callback(...timer.args);
    }
  });
  define('__tutorClearTimers', () => {
    timers = [];
  });

  // ---- bytes and text ----
  const toBytes = (text, encoding = 'utf8') => {
    text = String(text);
    switch (String(encoding).toLowerCase()) {
      case 'utf8':
      case 'utf-8':
        return native.utf8Encode(text);
      case 'base64':
      case 'base64url':
        return native.base64Decode(text);
      case 'hex': {
        const out = [];
        for (let i = 0; i + 1 < text.length; i += 2) {
          const byte = parseInt(text.slice(i, i + 2), 16);
          if (Number.isNaN(byte) || !/^[0-9a-fA-F]{2}$/.test(text.slice(i, i + 2))) break;
          out.push(byte);
        }
        return new Uint8Array(out);
      }
      case 'latin1':
      case 'binary':
      case 'ascii':
        return Uint8Array.from(text, (c) => c.charCodeAt(0) & 255);
      case 'utf16le':
      case 'ucs2':
      case 'ucs-2':
      case 'utf-16le': {
        const out = new Uint8Array(text.length * 2);
        for (let i = 0; i < text.length; i++) {
          out[2 * i] = text.charCodeAt(i) & 255;
          out[2 * i + 1] = text.charCodeAt(i) >> 8;
        }
        return out;
      }
      default:
        throw new TypeError(`Unknown encoding: ${encoding}`);
    }
  };
  const plain = (bytes) => (bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const fromBytes = (bytes, encoding = 'utf8') => {
    bytes = plain(bytes);
    switch (String(encoding).toLowerCase()) {
      case 'utf8':
      case 'utf-8':
        return native.utf8Decode(bytes);
      case 'base64':
        return native.base64Encode(bytes, false);
      case 'base64url':
        return native.base64Encode(bytes, true);
      case 'hex':
        return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
      case 'latin1':
      case 'binary':
        return String.fromCharCode(...bytes);
      case 'ascii':
        return String.fromCharCode(...Array.from(bytes, (b) => b & 127));
      case 'utf16le':
      case 'ucs2':
      case 'ucs-2':
      case 'utf-16le': {
        let out = '';
        for (let i = 0; i + 1 < bytes.length; i += 2) out += String.fromCharCode(bytes[i] | (bytes[i + 1] << 8));
        return out;
      }
      default:
        throw new TypeError(`Unknown encoding: ${encoding}`);
    }
  };
  tutor.toBytes = toBytes;
  tutor.fromBytes = fromBytes;

  class Buffer extends Uint8Array {
    static from(value, encodingOrOffset, length) {
      if (typeof value === 'string') return Buffer.of_(toBytes(value, encodingOrOffset || 'utf8'));
      if (value instanceof ArrayBuffer) {
        const offset = encodingOrOffset || 0;
        return new Buffer(value, offset, length === undefined ? value.byteLength - offset : length);
      }
      if (ArrayBuffer.isView(value)) return Buffer.of_(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      if (Array.isArray(value)) return Buffer.of_(Uint8Array.from(value, (v) => v & 255));
      if (value && value.type === 'Buffer' && Array.isArray(value.data)) return Buffer.from(value.data);
      throw new TypeError(
        'The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object.' +
          ` Received ${value === null ? 'null' : typeof value === 'object' ? 'an instance of ' + (value.constructor && value.constructor.name) : typeof value === 'undefined' ? 'undefined' : `type ${typeof value} (${tutor.inspect(value, 1)})`}`,
      );
    }
    static of_(bytes) {
      const out = new Buffer(bytes.length);
      out.set(bytes);
      return out;
    }
    static alloc(size, fill) {
      const out = new Buffer(size);
      if (fill !== undefined) out.fill(typeof fill === 'string' ? fill.charCodeAt(0) : fill);
      return out;
    }
    static allocUnsafe(size) {
      return new Buffer(size);
    }
    static isBuffer(value) {
      return value instanceof Buffer;
    }
    static isEncoding(encoding) {
      return ['utf8', 'utf-8', 'hex', 'base64', 'base64url', 'latin1', 'binary', 'ascii', 'ucs2', 'utf16le'].includes(
        String(encoding).toLowerCase(),
      );
    }
    static byteLength(value, encoding = 'utf8') {
      if (typeof value !== 'string') return value.byteLength;
      return toBytes(value, encoding).length;
    }
    static concat(list, totalLength) {
      const total = totalLength === undefined ? list.reduce((sum, item) => sum + item.length, 0) : totalLength;
      const out = Buffer.alloc(total);
      let offset = 0;
      for (const item of list) {
        if (offset >= total) break;
        out.set(item.subarray(0, total - offset), offset);
        offset += item.length;
      }
      return out;
    }
    static compare(a, b) {
      return a.compare(b);
    }
    toString(encoding = 'utf8', start = 0, end = this.length) {
      return fromBytes(this.subarray(start, end), encoding);
    }
    toJSON() {
      return { type: 'Buffer', data: Array.from(this) };
    }
    equals(other) {
      return this.length === other.length && this.every((byte, i) => byte === other[i]);
    }
    compare(other) {
      for (let i = 0; i < Math.min(this.length, other.length); i++) {
        if (this[i] !== other[i]) return this[i] < other[i] ? -1 : 1;
      }
      return Math.sign(this.length - other.length);
    }
    write(text, offset = 0, encoding = 'utf8') {
      const bytes = toBytes(text, encoding).subarray(0, this.length - offset);
      this.set(bytes, offset);
      return bytes.length;
    }
    subarray(start, end) {
      const view = Uint8Array.prototype.subarray.call(this, start, end);
      return new Buffer(view.buffer, view.byteOffset, view.length);
    }
    slice(start, end) {
      return this.subarray(start, end);
    }
  }
  Object.defineProperty(Buffer, Symbol.species, { get: () => Uint8Array });
  define('Buffer', Buffer);

  class TextEncoder {
    get encoding() {
      return 'utf-8';
    }
    encode(text = '') {
      return native.utf8Encode(String(text));
    }
  }
  class TextDecoder {
    constructor(label = 'utf-8') {
      if (!['utf-8', 'utf8', 'unicode-1-1-utf-8'].includes(String(label).toLowerCase())) {
        throw new RangeError(`The "${label}" encoding is not supported`);
      }
    }
    get encoding() {
      return 'utf-8';
    }
    decode(input) {
      if (input === undefined) return '';
      if (input instanceof ArrayBuffer) return native.utf8Decode(new Uint8Array(input));
      return native.utf8Decode(new Uint8Array(input.buffer, input.byteOffset, input.byteLength));
    }
  }
  define('TextEncoder', TextEncoder);
  define('TextDecoder', TextDecoder);

  define('btoa', (text) => {
    text = String(text);
    if (/[^\u0000-\u00ff]/.test(text)) throw new DOMException('Invalid character', 'InvalidCharacterError');
    return native.base64Encode(toBytes(text, 'latin1'), false);
  });
  define('atob', (text) => {
    text = String(text).replace(/[\t\n\f\r ]/g, '');
    if (text.length % 4 === 0) text = text.replace(/==?$/, '');
    if (text.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(text)) {
      throw new DOMException('The string to be decoded is not correctly encoded.', 'InvalidCharacterError');
    }
    return fromBytes(native.base64Decode(text), 'latin1');
  });

  if (typeof DOMException !== 'function') {
    class DOMException extends Error {
      constructor(message = '', name = 'Error') {
        super(message);
        this.name = name;
      }
    }
    define('DOMException', DOMException);
  }

  // ---- crypto (web) ----
  const randomUUID = () => {
    const b = native.randomBytes(16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const hex = fromBytes(b, 'hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
  const getRandomValues = (array) => {
    if (!ArrayBuffer.isView(array) || array instanceof Float32Array || array instanceof Float64Array) {
      throw new TypeError("Failed to execute 'getRandomValues' on 'Crypto': parameter 1 is not of type 'ArrayBufferView'.");
    }
    if (array.byteLength > 65536) {
      throw new DOMException(
        `The ArrayBufferView's byte length (${array.byteLength}) exceeds the number of bytes of entropy available via this API (65536)`,
        'QuotaExceededError',
      );
    }
    new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(native.randomBytes(array.byteLength));
    return array;
  };
  tutor.randomUUID = randomUUID;
  define('crypto', { randomUUID, getRandomValues });

  // ---- structuredClone (plain data, Date, Map, Set, typed arrays) ----
  if (typeof structuredClone !== 'function') {
    const clone = (value, seen) => {
      if (value === null || typeof value !== 'object') {
        if (typeof value === 'function' || typeof value === 'symbol') {
          throw new DOMException(`${String(value)} could not be cloned.`, 'DataCloneError');
        }
        return value;
      }
      if (seen.has(value)) return seen.get(value);
      let out;
      if (value instanceof RealDate) out = new RealDate(value.getTime());
      else if (value instanceof RegExp) out = new RegExp(value.source, value.flags);
      else if (ArrayBuffer.isView(value)) out = new value.constructor(value);
      else if (value instanceof Map) {
        out = new Map();
        seen.set(value, out);
        for (const [k, v] of value) out.set(clone(k, seen), clone(v, seen));
        return out;
      } else if (value instanceof Set) {
        out = new Set();
        seen.set(value, out);
        for (const v of value) out.add(clone(v, seen));
        return out;
      } else if (value instanceof Error) {
        out = new Error(value.message);
        out.name = value.name;
      } else {
        out = Array.isArray(value) ? [] : {};
        seen.set(value, out);
        for (const key of Object.keys(value)) out[key] = clone(value[key], seen);
        return out;
      }
      seen.set(value, out);
      return out;
    };
    define('structuredClone', (value) => clone(value, new Map()));
  }

  // ---- process ----
  define('process', {
    env: {},
    version: 'v20.20.2',
    versions: { node: '20.20.2' },
    platform: 'linux',
    argv: ['node', 'next'],
    nextTick: (callback, ...args) => queueMicrotask(() => callback(...args)),
    cwd: () => '/',
    uptime: () => native.monotonic() / 1000,
    hrtime: Object.assign(
      (previous) => {
        const ms = native.monotonic();
        const now = [Math.floor(ms / 1000), Math.floor((ms % 1000) * 1e6)];
        return previous ? [now[0] - previous[0], now[1] - previous[1]] : now;
      },
      { bigint: () => BigInt(Math.floor(native.monotonic() * 1e6)) },
    ),
    exit: () => {
      throw new Error('process.exit() is not available to a route handler');
    },
    on() {
      return this;
    },
  });
  define('__tutorSetEnv', (variables) => {
    process.env = Object.assign({}, variables, { NODE_ENV: 'development', NEXT_RUNTIME: 'nodejs' });
  });
})();
