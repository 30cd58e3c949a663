// `node:crypto` and `argon2` (npm 0.45), backed by Rust: HMAC/SHA-2, the CSPRNG and argon2 are real.
(() => {
  const native = globalThis.__native;
  const tutor = globalThis.__tutor;
  const modules = globalThis.__tutorModules;

  const toBuffer = (data, encoding) => {
    if (typeof data === 'string') return Buffer.from(data, encoding || 'utf8');
    if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return Buffer.from(data);
    if (data instanceof KeyObject) return data._bytes();
    throw new TypeError(
      `The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received ${tutor.inspect(data, 1)}`,
    );
  };
  const digestName = (algorithm) => {
    const name = String(algorithm).toLowerCase().replace(/^sha-/, 'sha');
    return name;
  };
  const output = (bytes, encoding) => {
    const buffer = Buffer.from(bytes);
    return encoding === undefined || encoding === 'buffer' ? buffer : buffer.toString(encoding);
  };

  class KeyObject {
    #bytes;
    constructor(bytes) {
      this.#bytes = Buffer.from(bytes);
    }
    get type() {
      return 'secret';
    }
    get symmetricKeySize() {
      return this.#bytes.length;
    }
    get asymmetricKeyType() {
      return undefined;
    }
    export(options = {}) {
      return options.format === 'jwk' ? { kty: 'oct', k: this.#bytes.toString('base64url') } : Buffer.from(this.#bytes);
    }
    equals(other) {
      return other instanceof KeyObject && this.#bytes.equals(other.#bytes);
    }
    _bytes() {
      return Buffer.from(this.#bytes);
    }
  }
  const createSecretKey = (key, encoding) => {
    if (typeof key === 'string') return new KeyObject(Buffer.from(key, encoding || 'utf8'));
    if (key instanceof ArrayBuffer || ArrayBuffer.isView(key)) return new KeyObject(Buffer.from(key));
    throw new TypeError(
      `The "key" argument must be of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, or KeyObject. Received ${tutor.inspect(key, 1)}`,
    );
  };
  const noAsymmetricKeys = () => {
    throw new Error('the tutorial runtime has no RSA or EC keys: use a secret (HS256) or run the project with Next.js');
  };

  // update() collects the input; digest() may run once (Node: "Digest already called").
  class Digest {
    #chunks = [];
    #done = false;
    update(data, encoding) {
      if (this.#done) throw new Error('Digest already called');
      this.#chunks.push(toBuffer(data, encoding));
      return this;
    }
    _input() {
      if (this.#done) throw new Error('Digest already called');
      this.#done = true;
      return new Uint8Array(Buffer.concat(this.#chunks));
    }
  }
  class Hmac extends Digest {
    #algorithm;
    #key;
    constructor(algorithm, key) {
      super();
      this.#algorithm = digestName(algorithm);
      if (!['sha256', 'sha384', 'sha512'].includes(this.#algorithm)) throw new Error(`Invalid digest: ${algorithm}`);
      this.#key = key instanceof KeyObject ? key._bytes() : toBuffer(key);
    }
    digest(encoding) {
      const input = this._input();
      return output(native.hmac(this.#algorithm, new Uint8Array(this.#key), input), encoding);
    }
  }
  class Hash extends Digest {
    #algorithm;
    constructor(algorithm) {
      super();
      this.#algorithm = digestName(algorithm);
      if (!['sha256', 'sha384', 'sha512'].includes(this.#algorithm)) throw new Error('Digest method not supported');
    }
    digest(encoding) {
      return output(native.digest(this.#algorithm, this._input()), encoding);
    }
  }

  const randomBytes = (size, callback) => {
    if (typeof size !== 'number' || Number.isNaN(size)) {
      throw new TypeError(`The "size" argument must be of type number. Received ${tutor.inspect(size, 1)}`);
    }
    const bytes = Buffer.from(native.randomBytes(size));
    if (typeof callback === 'function') {
      queueMicrotask(() => callback(null, bytes));
      return undefined;
    }
    return bytes;
  };
  const timingSafeEqual = (a, b) => {
    if (!ArrayBuffer.isView(a) && !(a instanceof ArrayBuffer)) {
      throw new TypeError(`The "buf1" argument must be an instance of ArrayBuffer, Buffer, TypedArray, or DataView. Received ${tutor.inspect(a, 1)}`);
    }
    if (!ArrayBuffer.isView(b) && !(b instanceof ArrayBuffer)) {
      throw new TypeError(`The "buf2" argument must be an instance of ArrayBuffer, Buffer, TypedArray, or DataView. Received ${tutor.inspect(b, 1)}`);
    }
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    if (x.length !== y.length) {
      const error = new RangeError('Input buffers must have the same byte length');
      error.code = 'ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH';
      throw error;
    }
    let difference = 0;
    for (let i = 0; i < x.length; i++) difference |= x[i] ^ y[i];
    return difference === 0;
  };
  const randomInt = (min, max, callback) => {
    if (max === undefined || typeof max === 'function') {
      callback = max;
      max = min;
      min = 0;
    }
    const range = max - min;
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || range <= 0 || range > 2 ** 48) {
      throw new RangeError(`The value of "max" is out of range. It must be greater than the value of "min" (${min}). Received ${max}`);
    }
    // Rejection sampling over 48 random bits, so every value is equally likely.
    const limit = 2 ** 48 - (2 ** 48 % range);
    let value;
    do {
      const b = native.randomBytes(6);
      value = b.reduce((acc, byte) => acc * 256 + byte, 0);
    } while (value >= limit);
    const result = min + (value % range);
    if (typeof callback === 'function') {
      queueMicrotask(() => callback(null, result));
      return undefined;
    }
    return result;
  };

  const cryptoModule = {
    randomBytes,
    randomUUID: () => tutor.randomUUID(),
    randomInt,
    getRandomValues: (array) => globalThis.crypto.getRandomValues(array),
    timingSafeEqual,
    createHmac: (algorithm, key) => new Hmac(algorithm, key),
    createHash: (algorithm) => new Hash(algorithm),
    createSecretKey,
    createPrivateKey: noAsymmetricKeys,
    createPublicKey: noAsymmetricKeys,
    KeyObject,
    webcrypto: globalThis.crypto,
    getHashes: () => ['sha256', 'sha384', 'sha512'],
  };
  cryptoModule.default = cryptoModule;
  modules.crypto = cryptoModule;

  // ---- argon2 (npm 0.45.1) ----
  const argon2d = 0;
  const argon2i = 1;
  const argon2id = 2;
  const names = { 0: 'argon2d', 1: 'argon2i', 2: 'argon2id' };
  const defaults = { hashLength: 32, memoryCost: 1 << 16, parallelism: 4, timeCost: 3, type: argon2id, version: 0x13 };

  async function hash(password, options) {
    const { raw, salt, ...rest } = { ...defaults, ...options };
    if (rest.hashLength > 2 ** 32 - 1) throw new RangeError('Hash length is too large');
    if (rest.memoryCost > 2 ** 32 - 1) throw new RangeError('Memory cost is too large');
    if (rest.timeCost > 2 ** 32 - 1) throw new RangeError('Time cost is too large');
    if (rest.parallelism > 2 ** 24 - 1) throw new RangeError('Parallelism is too large');
    if (!(rest.type in names)) throw new TypeError(`Invalid type: ${rest.type}`);
    const phc = native.argon2Hash(new Uint8Array(Buffer.from(password)), {
      type: rest.type,
      memoryCost: rest.memoryCost,
      timeCost: rest.timeCost,
      parallelism: rest.parallelism,
      hashLength: rest.hashLength,
      salt: salt === undefined ? undefined : new Uint8Array(Buffer.from(salt)),
    });
    if (raw) return Buffer.from(phc.slice(phc.lastIndexOf('$') + 1), 'base64');
    return phc;
  }
  async function verify(digest, password) {
    if (typeof digest !== 'string' || digest === '') throw new TypeError('pchstr must be a non-empty string');
    return native.argon2Verify(digest, new Uint8Array(Buffer.from(password)));
  }
  function needsRehash(digest, options = {}) {
    const { memoryCost, timeCost, parallelism, version } = { ...defaults, ...options };
    const fields = String(digest).split('$');
    const params = Object.fromEntries((fields[3] || '').split(',').map((pair) => pair.split('=')));
    const v = Number((fields[2] || '').replace('v=', ''));
    return v !== Number(version) || Number(params.m) !== Number(memoryCost) || Number(params.t) !== Number(timeCost) || Number(params.p) !== Number(parallelism);
  }
  const argon2Module = { argon2d, argon2i, argon2id, hash, verify, needsRehash };
  argon2Module.default = argon2Module;
  modules.argon2 = argon2Module;
})();
