// `jsonwebtoken` 9.0.3: sign, verify and decode follow the npm package's code path for secret keys
// (option validation, claim order, the order of the checks, the error classes and messages), with
// HMAC-SHA-2 done in Rust. RSA/EC/PS keys are refused: the tutorial teaches HS256.
(() => {
  const native = globalThis.__native;
  const modules = globalThis.__tutorModules;
  const crypto = modules.crypto;

  // The npm classes are pre-ES6 functions: their stack is captured while the name is still "Error".
  function JsonWebTokenError(message, error) {
    const captured = new Error(message);
    Object.defineProperty(this, 'stack', { value: captured.stack, writable: true, configurable: true });
    Object.defineProperty(this, '__stackName', { value: 'Error', configurable: true });
    this.name = 'JsonWebTokenError';
    this.message = message;
    if (error) this.inner = error;
  }
  JsonWebTokenError.prototype = Object.create(Error.prototype);
  JsonWebTokenError.prototype.constructor = JsonWebTokenError;
  function NotBeforeError(message, date) {
    JsonWebTokenError.call(this, message);
    this.name = 'NotBeforeError';
    this.date = date;
  }
  NotBeforeError.prototype = Object.create(JsonWebTokenError.prototype);
  NotBeforeError.prototype.constructor = NotBeforeError;
  function TokenExpiredError(message, expiredAt) {
    JsonWebTokenError.call(this, message);
    this.name = 'TokenExpiredError';
    this.expiredAt = expiredAt;
  }
  TokenExpiredError.prototype = Object.create(JsonWebTokenError.prototype);
  TokenExpiredError.prototype.constructor = TokenExpiredError;

  // ---- ms 2.1.3 ----
  const MS = { s: 1000 };
  MS.m = MS.s * 60;
  MS.h = MS.m * 60;
  MS.d = MS.h * 24;
  MS.w = MS.d * 7;
  MS.y = MS.d * 365.25;
  function ms(text) {
    text = String(text);
    if (text.length > 100) return undefined;
    const match = /^(-?(?:\d+)?\.?\d+) *(milliseconds?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)?$/i.exec(text);
    if (!match) return undefined;
    const n = parseFloat(match[1]);
    const type = (match[2] || 'ms').toLowerCase();
    if (/^(years?|yrs?|y)$/.test(type)) return n * MS.y;
    if (/^(weeks?|w)$/.test(type)) return n * MS.w;
    if (/^(days?|d)$/.test(type)) return n * MS.d;
    if (/^(hours?|hrs?|h)$/.test(type)) return n * MS.h;
    if (/^(minutes?|mins?|m)$/.test(type)) return n * MS.m;
    if (/^(seconds?|secs?|s)$/.test(type)) return n * MS.s;
    return n;
  }
  function timespan(time, iat) {
    const timestamp = iat || Math.floor(Date.now() / 1000);
    if (typeof time === 'string') {
      const milliseconds = ms(time);
      if (typeof milliseconds === 'undefined') return undefined;
      return Math.floor(timestamp + milliseconds / 1000);
    } else if (typeof time === 'number') {
      return timestamp + time;
    }
    return undefined;
  }

  // ---- lodash predicates as jsonwebtoken uses them ----
  const isPlainObject = (value) => {
    if (value === null || typeof value !== 'object' || Object.prototype.toString.call(value) !== '[object Object]') return false;
    const proto = Object.getPrototypeOf(value);
    return proto === null || proto === Object.prototype;
  };
  const isString = (value) => typeof value === 'string';
  const isInteger = (value) => typeof value === 'number' && Number.isInteger(value);
  const isNumber = (value) => typeof value === 'number';
  const isBoolean = (value) => typeof value === 'boolean';

  // ---- keys: only secrets ----
  const isPem = (key) => typeof key === 'string' && /-----BEGIN [A-Z ]*KEY-----/.test(key);
  // crypto.createSecretKey as jsonwebtoken calls it; undefined when the value is not key material.
  function secretKey(key) {
    if (key instanceof crypto.KeyObject) return key;
    if (isPem(key) || (key && typeof key === 'object' && 'key' in key)) {
      throw new Error('the tutorial runtime has no RSA or EC keys: use a secret (HS256) or run the project with Next.js');
    }
    try {
      return crypto.createSecretKey(typeof key === 'string' ? Buffer.from(key) : key);
    } catch {
      return undefined;
    }
  }

  // ---- jwa / jws ----
  const JWS_REGEX = /^[a-zA-Z0-9\-_]+?\.[a-zA-Z0-9\-_]+?\.([a-zA-Z0-9\-_]+)?$/;
  const base64url = (buffer) => buffer.toString('base64').replace(/=/g, '').replace(/\+/g, '-').replace(/\//g, '_');
  function jwa(algorithm) {
    const match = String(algorithm).match(/^(RS|PS|ES|HS)(256|384|512)$|^(none)$/);
    if (!match) {
      throw new TypeError(
        `"${algorithm}" is not a valid algorithm.\n  Supported algorithms are:\n  "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512" and "none".`,
      );
    }
    const kind = (match[1] || match[3]).toLowerCase();
    const bits = match[2];
    if (kind === 'none') return { sign: () => '', verify: (input, signature) => signature === '' };
    if (kind !== 'hs') {
      const refuse = () => {
        throw new Error('the tutorial runtime has no RSA or EC keys: use a secret (HS256) or run the project with Next.js');
      };
      return { sign: refuse, verify: refuse };
    }
    const sign = (input, key) => {
      const bytes = key instanceof crypto.KeyObject ? key._bytes() : Buffer.from(key);
      return base64url(Buffer.from(native.hmac(`sha${bits}`, new Uint8Array(bytes), new Uint8Array(Buffer.from(input)))));
    };
    return {
      sign,
      verify: (input, signature, key) => {
        const expected = Buffer.from(sign(input, key));
        const given = Buffer.from(signature);
        let difference = expected.length ^ given.length;
        for (let i = 0; i < Math.min(expected.length, given.length); i++) difference |= expected[i] ^ given[i];
        return difference === 0;
      },
    };
  }
  const jwsToString = (value) => {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || Buffer.isBuffer(value)) return value.toString();
    return JSON.stringify(value);
  };
  const safeJsonParse = (thing) => {
    if (Object.prototype.toString.call(thing) === '[object Object]') return thing;
    try {
      return JSON.parse(thing);
    } catch {
      return undefined;
    }
  };
  const headerFromJws = (token) => safeJsonParse(Buffer.from(token.split('.', 1)[0], 'base64').toString('binary'));
  function jwsDecode(token) {
    token = jwsToString(token);
    if (!(JWS_REGEX.test(token) && !!headerFromJws(token))) return null;
    const header = headerFromJws(token);
    if (!header) return null;
    let payload = Buffer.from(token.split('.')[1], 'base64').toString('utf8');
    if (header.typ === 'JWT') payload = JSON.parse(payload);
    return { header, payload, signature: token.split('.')[2] };
  }
  function jwsSign(header, payload, key) {
    const algo = jwa(header.alg);
    const input = `${base64url(Buffer.from(jwsToString(header), 'binary'))}.${base64url(Buffer.from(jwsToString(payload), 'utf8'))}`;
    return `${input}.${algo.sign(input, key)}`;
  }

  // ---- decode ----
  function decode(jwt, options) {
    options = options || {};
    const decoded = jwsDecode(jwt);
    if (!decoded) return null;
    let payload = decoded.payload;
    if (typeof payload === 'string') {
      try {
        const object = JSON.parse(payload);
        if (object !== null && typeof object === 'object') payload = object;
      } catch {
        // Not JSON: the payload stays a string.
      }
    }
    if (options.complete === true) return { header: decoded.header, payload, signature: decoded.signature };
    return payload;
  }

  // ---- sign ----
  const SUPPORTED_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'HS256', 'HS384', 'HS512', 'none'];
  const signOptionsSchema = {
    expiresIn: { isValid: (v) => isInteger(v) || (isString(v) && v), message: '"expiresIn" should be a number of seconds or string representing a timespan' },
    notBefore: { isValid: (v) => isInteger(v) || (isString(v) && v), message: '"notBefore" should be a number of seconds or string representing a timespan' },
    audience: { isValid: (v) => isString(v) || Array.isArray(v), message: '"audience" must be a string or array' },
    algorithm: { isValid: (v) => SUPPORTED_ALGS.includes(v), message: '"algorithm" must be a valid string enum value' },
    header: { isValid: isPlainObject, message: '"header" must be an object' },
    encoding: { isValid: isString, message: '"encoding" must be a string' },
    issuer: { isValid: isString, message: '"issuer" must be a string' },
    subject: { isValid: isString, message: '"subject" must be a string' },
    jwtid: { isValid: isString, message: '"jwtid" must be a string' },
    noTimestamp: { isValid: isBoolean, message: '"noTimestamp" must be a boolean' },
    keyid: { isValid: isString, message: '"keyid" must be a string' },
    mutatePayload: { isValid: isBoolean, message: '"mutatePayload" must be a boolean' },
    allowInsecureKeySizes: { isValid: isBoolean, message: '"allowInsecureKeySizes" must be a boolean' },
    allowInvalidAsymmetricKeyTypes: { isValid: isBoolean, message: '"allowInvalidAsymmetricKeyTypes" must be a boolean' },
  };
  const registeredClaimsSchema = {
    iat: { isValid: isNumber, message: '"iat" should be a number of seconds' },
    exp: { isValid: isNumber, message: '"exp" should be a number of seconds' },
    nbf: { isValid: isNumber, message: '"nbf" should be a number of seconds' },
  };
  function validate(schema, allowUnknown, object, parameterName) {
    if (!isPlainObject(object)) throw new Error(`Expected "${parameterName}" to be a plain object.`);
    for (const key of Object.keys(object)) {
      const validator = schema[key];
      if (!validator) {
        if (!allowUnknown) throw new Error(`"${key}" is not allowed in "${parameterName}"`);
        continue;
      }
      if (!validator.isValid(object[key])) throw new Error(validator.message);
    }
  }
  const optionsToPayload = { audience: 'aud', issuer: 'iss', subject: 'sub', jwtid: 'jti' };
  const optionsForObjects = ['expiresIn', 'notBefore', 'noTimestamp', 'audience', 'issuer', 'subject', 'jwtid'];

  function sign(payload, secretOrPrivateKey, options, callback) {
    if (typeof options === 'function') {
      callback = options;
      options = {};
    } else {
      options = options || {};
    }
    const isObjectPayload = typeof payload === 'object' && !Buffer.isBuffer(payload);
    const header = Object.assign({ alg: options.algorithm || 'HS256', typ: isObjectPayload ? 'JWT' : undefined, kid: options.keyid }, options.header);
    const failure = (error) => {
      if (callback) return callback(error);
      throw error;
    };
    if (!secretOrPrivateKey && options.algorithm !== 'none') return failure(new Error('secretOrPrivateKey must have a value'));
    if (secretOrPrivateKey != null && !(secretOrPrivateKey instanceof crypto.KeyObject)) {
      const key = secretKey(secretOrPrivateKey);
      if (!key) return failure(new Error('secretOrPrivateKey is not valid key material'));
      secretOrPrivateKey = key;
    }
    if (header.alg.startsWith('HS') && secretOrPrivateKey.type !== 'secret') {
      return failure(new Error(`secretOrPrivateKey must be a symmetric key when using ${header.alg}`));
    } else if (/^(?:RS|PS|ES)/.test(header.alg)) {
      return failure(new Error(`secretOrPrivateKey must be an asymmetric key when using ${header.alg}`));
    }
    if (typeof payload === 'undefined') {
      return failure(new Error('payload is required'));
    } else if (isObjectPayload) {
      try {
        validate(registeredClaimsSchema, true, payload, 'payload');
      } catch (error) {
        return failure(error);
      }
      if (!options.mutatePayload) payload = Object.assign({}, payload);
    } else {
      const invalid = optionsForObjects.filter((option) => typeof options[option] !== 'undefined');
      if (invalid.length > 0) return failure(new Error(`invalid ${invalid.join(',')} option for ${typeof payload} payload`));
    }
    if (typeof payload.exp !== 'undefined' && typeof options.expiresIn !== 'undefined') {
      return failure(new Error('Bad "options.expiresIn" option the payload already has an "exp" property.'));
    }
    if (typeof payload.nbf !== 'undefined' && typeof options.notBefore !== 'undefined') {
      return failure(new Error('Bad "options.notBefore" option the payload already has an "nbf" property.'));
    }
    try {
      validate(signOptionsSchema, false, options, 'options');
    } catch (error) {
      return failure(error);
    }
    const timestamp = payload.iat || Math.floor(Date.now() / 1000);
    if (options.noTimestamp) delete payload.iat;
    else if (isObjectPayload) payload.iat = timestamp;
    if (typeof options.notBefore !== 'undefined') {
      payload.nbf = timespan(options.notBefore, timestamp);
      if (typeof payload.nbf === 'undefined') {
        return failure(new Error('"notBefore" should be a number of seconds or string representing a timespan eg: "1d", "20h", 60'));
      }
    }
    if (typeof options.expiresIn !== 'undefined' && typeof payload === 'object') {
      payload.exp = timespan(options.expiresIn, timestamp);
      if (typeof payload.exp === 'undefined') {
        return failure(new Error('"expiresIn" should be a number of seconds or string representing a timespan eg: "1d", "20h", 60'));
      }
    }
    for (const key of Object.keys(optionsToPayload)) {
      const claim = optionsToPayload[key];
      if (typeof options[key] !== 'undefined') {
        if (typeof payload[claim] !== 'undefined') {
          return failure(new Error(`Bad "options.${key}" option. The payload already has an "${claim}" property.`));
        }
        payload[claim] = options[key];
      }
    }
    let token;
    try {
      token = jwsSign(header, payload, secretOrPrivateKey);
    } catch (error) {
      return failure(error);
    }
    if (typeof callback === 'function') {
      // jws signs through a stream, so the npm package calls back asynchronously.
      queueMicrotask(() => callback(null, token));
      return undefined;
    }
    return token;
  }

  // ---- verify ----
  const HS_ALGS = ['HS256', 'HS384', 'HS512'];
  function verify(jwtString, secretOrPublicKey, options, callback) {
    if (typeof options === 'function' && !callback) {
      callback = options;
      options = {};
    }
    if (!options) options = {};
    options = Object.assign({}, options);
    const done = callback
      ? callback
      : (error, data) => {
          if (error) throw error;
          return data;
        };
    if (options.clockTimestamp && typeof options.clockTimestamp !== 'number') {
      return done(new JsonWebTokenError('clockTimestamp must be a number'));
    }
    if (options.nonce !== undefined && (typeof options.nonce !== 'string' || options.nonce.trim() === '')) {
      return done(new JsonWebTokenError('nonce must be a non-empty string'));
    }
    if (options.allowInvalidAsymmetricKeyTypes !== undefined && typeof options.allowInvalidAsymmetricKeyTypes !== 'boolean') {
      return done(new JsonWebTokenError('allowInvalidAsymmetricKeyTypes must be a boolean'));
    }
    const clockTimestamp = options.clockTimestamp || Math.floor(Date.now() / 1000);
    if (!jwtString) return done(new JsonWebTokenError('jwt must be provided'));
    if (typeof jwtString !== 'string') return done(new JsonWebTokenError('jwt must be a string'));
    const parts = jwtString.split('.');
    if (parts.length !== 3) return done(new JsonWebTokenError('jwt malformed'));
    let decodedToken;
    try {
      decodedToken = decode(jwtString, { complete: true });
    } catch (error) {
      return done(error);
    }
    if (!decodedToken) return done(new JsonWebTokenError('invalid token'));
    const header = decodedToken.header;
    if (typeof secretOrPublicKey === 'function') {
      if (!callback) {
        return done(new JsonWebTokenError('verify must be called asynchronous if secret or public key is provided as a callback'));
      }
      return secretOrPublicKey(header, (error, key) => {
        if (error) return done(new JsonWebTokenError(`error in secret or public key callback: ${error.message}`));
        return verifyWithKey(key);
      });
    }
    return verifyWithKey(secretOrPublicKey);

    function verifyWithKey(key) {
      const hasSignature = parts[2].trim() !== '';
      if (!hasSignature && key) return done(new JsonWebTokenError('jwt signature is required'));
      if (hasSignature && !key) return done(new JsonWebTokenError('secret or public key must be provided'));
      if (!hasSignature && !options.algorithms) {
        return done(new JsonWebTokenError('please specify "none" in "algorithms" to verify unsigned tokens'));
      }
      if (key != null && !(key instanceof crypto.KeyObject)) {
        let secret;
        try {
          secret = secretKey(key);
        } catch (error) {
          return done(error);
        }
        if (!secret) return done(new JsonWebTokenError('secretOrPublicKey is not valid key material'));
        key = secret;
      }
      if (!options.algorithms) options.algorithms = HS_ALGS;
      if (options.algorithms.indexOf(decodedToken.header.alg) === -1) return done(new JsonWebTokenError('invalid algorithm'));
      if (header.alg.startsWith('HS') && key.type !== 'secret') {
        return done(new JsonWebTokenError(`secretOrPublicKey must be a symmetric key when using ${header.alg}`));
      } else if (/^(?:RS|PS|ES)/.test(header.alg) && (!key || key.type !== 'public')) {
        return done(new JsonWebTokenError(`secretOrPublicKey must be an asymmetric key when using ${header.alg}`));
      }
      let valid;
      try {
        valid = jwa(decodedToken.header.alg).verify(jwtString.split('.', 2).join('.'), jwtString.split('.')[2], key);
      } catch (error) {
        return done(error);
      }
      if (!valid) return done(new JsonWebTokenError('invalid signature'));
      const payload = decodedToken.payload;
      const tolerance = options.clockTolerance || 0;
      if (typeof payload.nbf !== 'undefined' && !options.ignoreNotBefore) {
        if (typeof payload.nbf !== 'number') return done(new JsonWebTokenError('invalid nbf value'));
        if (payload.nbf > clockTimestamp + tolerance) {
          return done(new NotBeforeError('jwt not active', new Date(payload.nbf * 1000)));
        }
      }
      if (typeof payload.exp !== 'undefined' && !options.ignoreExpiration) {
        if (typeof payload.exp !== 'number') return done(new JsonWebTokenError('invalid exp value'));
        if (clockTimestamp >= payload.exp + tolerance) {
          return done(new TokenExpiredError('jwt expired', new Date(payload.exp * 1000)));
        }
      }
      if (options.audience) {
        const audiences = Array.isArray(options.audience) ? options.audience : [options.audience];
        const target = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
        const match = target.some((targetAudience) =>
          audiences.some((audience) => (audience instanceof RegExp ? audience.test(targetAudience) : audience === targetAudience)),
        );
        if (!match) return done(new JsonWebTokenError(`jwt audience invalid. expected: ${audiences.join(' or ')}`));
      }
      if (options.issuer) {
        const invalidIssuer =
          (typeof options.issuer === 'string' && payload.iss !== options.issuer) ||
          (Array.isArray(options.issuer) && options.issuer.indexOf(payload.iss) === -1);
        if (invalidIssuer) return done(new JsonWebTokenError(`jwt issuer invalid. expected: ${options.issuer}`));
      }
      if (options.subject && payload.sub !== options.subject) {
        return done(new JsonWebTokenError(`jwt subject invalid. expected: ${options.subject}`));
      }
      if (options.jwtid && payload.jti !== options.jwtid) {
        return done(new JsonWebTokenError(`jwt jwtid invalid. expected: ${options.jwtid}`));
      }
      if (options.nonce && payload.nonce !== options.nonce) {
        return done(new JsonWebTokenError(`jwt nonce invalid. expected: ${options.nonce}`));
      }
      if (options.maxAge) {
        if (typeof payload.iat !== 'number') return done(new JsonWebTokenError('iat required when maxAge is specified'));
        const maxAgeTimestamp = timespan(options.maxAge, payload.iat);
        if (typeof maxAgeTimestamp === 'undefined') {
          return done(new JsonWebTokenError('"maxAge" should be a number of seconds or string representing a timespan eg: "1d", "20h", 60'));
        }
        if (clockTimestamp >= maxAgeTimestamp + tolerance) {
          return done(new TokenExpiredError('maxAge exceeded', new Date(maxAgeTimestamp * 1000)));
        }
      }
      if (options.complete === true) {
        return done(null, { header, payload, signature: decodedToken.signature });
      }
      return done(null, payload);
    }
  }

  const jsonwebtoken = { sign, verify, decode, JsonWebTokenError, NotBeforeError, TokenExpiredError };
  jsonwebtoken.default = jsonwebtoken;
  modules.jsonwebtoken = jsonwebtoken;
})();
