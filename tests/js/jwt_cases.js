// jsonwebtoken cases run both by real npm jsonwebtoken 9.0.3 on Node (to record the expected outcomes,
// tests/js/jwt_cases.expected.json) and by the tutorial runtime (tests/js_runtime.rs), with the clock at
// 1700000000 (2023-11-14T22:13:20Z). `jwt` is the module, `Buffer` and `createHmac` come from the host.
function jwtCases(jwt, createHmac) {
  const NOW = 1700000000;
  const secret = 'mysecretkey';
  const b64 = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
  const hs = (bits, input, key) => createHmac('sha' + bits, key).update(input).digest('base64url');
  const token = (header, payload, key = secret, bits = 256) => {
    const input = `${b64(header)}.${b64(payload)}`;
    return `${input}.${hs(bits, input, key)}`;
  };
  const unsigned = (header, payload, signature = '') => `${b64(header)}.${b64(payload)}.${signature}`;
  const outcome = (thunk) => {
    try {
      const value = thunk();
      return `ok ${JSON.stringify(value)}`;
    } catch (e) {
      let text = `${e.name}: ${e.message}`;
      if (e.expiredAt) text += ` expiredAt=${e.expiredAt.toISOString()}`;
      if (e.date) text += ` date=${e.date.toISOString()}`;
      if (e instanceof jwt.JsonWebTokenError) text += ' [JsonWebTokenError]';
      return text;
    }
  };
  const HS256 = { alg: 'HS256', typ: 'JWT' };
  const HS512 = { alg: 'HS512', typ: 'JWT' };
  const pin = { algorithms: ['HS256'] };
  const good = token(HS256, { sub: '1', iat: NOW - 10, exp: NOW + 900 });
  const tampered = (() => {
    const [h, , s] = token(HS256, { sub: '1', iat: NOW, exp: NOW + 900 }).split('.');
    return `${h}.${b64({ sub: '2', iat: NOW, exp: NOW + 900 })}.${s}`;
  })();
  const cases = {
    'sign without expiresIn writes no exp (adds iat)': () => jwt.decode(jwt.sign({ sub: '1' }, secret)),
    'sign with expiresIn 15m: header and payload': () => {
      const t = jwt.sign({ sub: '1' }, secret, { algorithm: 'HS256', expiresIn: '15m', jwtid: 'j1' });
      return jwt.decode(t, { complete: true });
    },
    'sign is deterministic HS256 over the JSON': () => jwt.sign({ sub: '1' }, secret),
    'sign expiresIn 8h and notBefore number': () => jwt.decode(jwt.sign({ sub: '1' }, secret, { expiresIn: '8h', notBefore: 60 })),
    'sign expiresIn number seconds': () => jwt.decode(jwt.sign({ sub: '1' }, secret, { expiresIn: 120 })),
    'sign expiresIn 1.5 (not an integer)': () => jwt.sign({ sub: '1' }, secret, { expiresIn: 1.5 }),
    'sign expiresIn nonsense string': () => jwt.sign({ sub: '1' }, secret, { expiresIn: 'soon' }),
    'sign expiresIn when payload has exp': () => jwt.sign({ sub: '1', exp: 5 }, secret, { expiresIn: 60 }),
    'sign unknown option': () => jwt.sign({ sub: '1' }, secret, { expiresin: 60 }),
    'sign subject issuer audience noTimestamp header': () =>
      jwt.decode(jwt.sign({ a: 1 }, secret, { subject: 's', issuer: 'i', audience: ['x', 'y'], noTimestamp: true, header: { kid: 'k1' } }), { complete: true }),
    'sign HS512': () => jwt.sign({ sub: '1' }, secret, { algorithm: 'HS512' }),
    'sign with empty secret': () => jwt.sign({ sub: '1' }, ''),
    'sign with undefined secret': () => jwt.sign({ sub: '1' }, undefined),
    'sign with a number secret': () => jwt.sign({ sub: '1' }, 42),
    'sign algorithm RS256 with a string secret': () => jwt.sign({ sub: '1' }, secret, { algorithm: 'RS256' }),
    'sign algorithm none': () => jwt.sign({ sub: '1' }, undefined, { algorithm: 'none' }),
    'sign string payload': () => jwt.sign('hello', secret),
    'sign string payload with expiresIn': () => jwt.sign('hello', secret, { expiresIn: 60 }),
    'sign with a Buffer secret': () => jwt.sign({ sub: '1' }, Buffer.from('mysecretkey')),
    'sign payload exp not a number': () => jwt.sign({ sub: '1', exp: 'later' }, secret),
    'sign accepts the 11-byte seed secret': () => typeof jwt.sign({ sub: '1' }, 'mysecretkey'),
    'verify good token': () => jwt.verify(good, secret, pin),
    'verify token without exp accepted': () => jwt.verify(token(HS256, { sub: '1', iat: NOW }), secret, pin),
    'verify edited payload, old signature': () => jwt.verify(tampered, secret, pin),
    'verify signed with another secret': () => jwt.verify(token(HS256, { sub: '1', iat: NOW }, 'other'), secret, pin),
    'verify expired (exp = now - 100)': () => jwt.verify(token(HS256, { sub: '1', exp: NOW - 100 }), secret, pin),
    'verify not a JWT': () => jwt.verify('not-a-jwt', secret, pin),
    'verify two segments only': () => jwt.verify('abc.def', secret, pin),
    'verify empty string': () => jwt.verify('', secret, pin),
    'verify undefined token': () => jwt.verify(undefined, secret, pin),
    'verify number token': () => jwt.verify(12, secret, pin),
    'verify garbage three segments': () => jwt.verify('a.b.c', secret, pin),
    'verify header not JSON': () => jwt.verify(`${b64('nope')}.${b64({ sub: '1' })}.sig`, secret, pin),
    'verify payload not JSON with typ JWT': () => jwt.verify(`${b64(HS256)}.${b64('nope')}.sig`, secret, pin),
    'verify HS512 token, algorithms [HS256]': () => jwt.verify(token(HS512, { sub: '1' }, secret, 512), secret, pin),
    'verify HS512 token, no algorithms option': () => jwt.verify(token(HS512, { sub: '1' }, secret, 512), secret),
    'verify nbf 10 min in the future': () => jwt.verify(token(HS256, { sub: '1', nbf: NOW + 600 }), secret, pin),
    'verify alg none, empty signature, algorithms [HS256]': () => jwt.verify(unsigned({ alg: 'none', typ: 'JWT' }, { sub: '1' }), secret, pin),
    'verify alg none, empty signature, no algorithms': () => jwt.verify(unsigned({ alg: 'none', typ: 'JWT' }, { sub: '1' }), secret),
    'verify alg none, empty signature, key undefined, no options': () => jwt.verify(unsigned({ alg: 'none', typ: 'JWT' }, { sub: '1' }), undefined),
    'verify alg none, empty signature, key undefined, algorithms [none]': () =>
      jwt.verify(unsigned({ alg: 'none', typ: 'JWT' }, { sub: '1' }), undefined, { algorithms: ['none'] }),
    'verify alg none with a signature, algorithms [HS256]': () => jwt.verify(unsigned({ alg: 'none', typ: 'JWT' }, { sub: '1' }, 'abc'), secret, pin),
    'verify alg None (capital), empty signature': () => jwt.verify(unsigned({ alg: 'None', typ: 'JWT' }, { sub: '1' }), secret, pin),
    'verify alg none with a signature, algorithms [none]': () =>
      jwt.verify(unsigned({ alg: 'none', typ: 'JWT' }, { sub: '1' }, 'abc'), secret, { algorithms: ['none'] }),
    'verify signed token, key undefined': () => jwt.verify(good, undefined, pin),
    'verify unknown alg in algorithms list': () => jwt.verify(unsigned({ alg: 'HS999', typ: 'JWT' }, { sub: '1' }, 'abc'), secret, { algorithms: ['HS999'] }),
    'decode on the tampered token (checks nothing)': () => jwt.decode(tampered),
    'decode not a JWT': () => jwt.decode('not-a-jwt'),
    'decode complete': () => jwt.decode(good, { complete: true }),
    'decode non-JWT typ payload string': () => jwt.decode(unsigned({ alg: 'HS256' }, 'plain text')),
    'order: wrong secret AND expired': () => jwt.verify(token(HS256, { sub: '1', exp: NOW - 100 }, 'other'), secret, pin),
    'order: HS512 AND wrong secret AND expired': () => jwt.verify(token(HS512, { sub: '1', exp: NOW - 100 }, 'other', 512), secret, pin),
    'order: nbf in future AND expired': () => jwt.verify(token(HS256, { sub: '1', nbf: NOW + 600, exp: NOW - 100 }), secret, pin),
    'order: wrong secret AND nbf in future': () => jwt.verify(token(HS256, { sub: '1', nbf: NOW + 600 }, 'other'), secret, pin),
    'order: alg none AND expired': () => jwt.verify(unsigned({ alg: 'none', typ: 'JWT' }, { sub: '1', exp: NOW - 100 }), secret, pin),
    'exp boundary: now = exp - 1': () => jwt.verify(token(HS256, { sub: '1', exp: NOW + 1 }), secret, pin),
    'exp boundary: now = exp': () => jwt.verify(token(HS256, { sub: '1', exp: NOW }), secret, pin),
    'clockTolerance 60, 30 s after exp': () => jwt.verify(token(HS256, { sub: '1', exp: NOW - 30 }), secret, { ...pin, clockTolerance: 60 }),
    'clockTolerance 60, 59 s after exp': () => jwt.verify(token(HS256, { sub: '1', exp: NOW - 59 }), secret, { ...pin, clockTolerance: 60 }),
    'clockTolerance 60, 60 s after exp': () => jwt.verify(token(HS256, { sub: '1', exp: NOW - 60 }), secret, { ...pin, clockTolerance: 60 }),
    'nbf boundary: now = nbf': () => jwt.verify(token(HS256, { sub: '1', nbf: NOW }), secret, pin),
    'nbf boundary: now = nbf - 1': () => jwt.verify(token(HS256, { sub: '1', nbf: NOW + 1 }), secret, pin),
    'quiz clock-leeway: exp=1700000000, now=1700000030, clockTolerance 60': () =>
      jwt.verify(token(HS256, { sub: '1', exp: NOW }), secret, { ...pin, clockTolerance: 60, clockTimestamp: NOW + 30 }),
    'quiz clock-leeway: now=1700000059, clockTolerance 60': () =>
      jwt.verify(token(HS256, { sub: '1', exp: NOW }), secret, { ...pin, clockTolerance: 60, clockTimestamp: NOW + 59 }),
    'quiz clock-leeway: now=1700000060, clockTolerance 60': () =>
      jwt.verify(token(HS256, { sub: '1', exp: NOW }), secret, { ...pin, clockTolerance: 60, clockTimestamp: NOW + 60 }),
    'nbf boundary: nbf=1700000000, now = nbf - 1': () =>
      jwt.verify(token(HS256, { sub: '1', nbf: NOW }), secret, { ...pin, clockTimestamp: NOW - 1 }),
    'clockTimestamp option': () => jwt.verify(token(HS256, { sub: '1', exp: NOW + 10 }), secret, { ...pin, clockTimestamp: NOW + 20 }),
    'clockTimestamp not a number': () => jwt.verify(good, secret, { ...pin, clockTimestamp: '5' }),
    'ignoreExpiration': () => jwt.verify(token(HS256, { sub: '1', exp: NOW - 100 }), secret, { ...pin, ignoreExpiration: true }),
    'exp not a number': () => jwt.verify(token(HS256, { sub: '1', exp: 'soon' }), secret, pin),
    'nbf not a number': () => jwt.verify(token(HS256, { sub: '1', nbf: 'soon' }), secret, pin),
    'audience mismatch': () => jwt.verify(token(HS256, { sub: '1', aud: 'a' }), secret, { ...pin, audience: ['b', 'c'] }),
    'audience match regexp': () => jwt.verify(token(HS256, { sub: '1', aud: ['x', 'api'] }), secret, { ...pin, audience: /^ap/ }),
    'issuer mismatch': () => jwt.verify(token(HS256, { sub: '1', iss: 'a' }), secret, { ...pin, issuer: 'b' }),
    'issuer array': () => jwt.verify(token(HS256, { sub: '1', iss: 'a' }), secret, { ...pin, issuer: ['b', 'c'] }),
    'subject mismatch': () => jwt.verify(token(HS256, { sub: '1' }), secret, { ...pin, subject: '2' }),
    'jwtid mismatch': () => jwt.verify(token(HS256, { sub: '1', jti: 'a' }), secret, { ...pin, jwtid: 'b' }),
    'maxAge exceeded': () => jwt.verify(token(HS256, { sub: '1', iat: NOW - 7200 }), secret, { ...pin, maxAge: '1h' }),
    'maxAge without iat': () => jwt.verify(token(HS256, { sub: '1' }), secret, { ...pin, maxAge: 60 }),
    'maxAge nonsense': () => jwt.verify(token(HS256, { sub: '1', iat: NOW }), secret, { ...pin, maxAge: 'soon' }),
    'complete option': () => jwt.verify(good, secret, { ...pin, complete: true }),
    'error classes': () => {
      try {
        jwt.verify(token(HS256, { sub: '1', exp: NOW - 100 }), secret, pin);
      } catch (e) {
        return [e instanceof jwt.TokenExpiredError, e instanceof jwt.JsonWebTokenError, e instanceof Error, e.name, Object.keys(e)];
      }
    },
    'callback verify': () => {
      let result;
      jwt.verify('not-a-jwt', secret, pin, (error, payload) => {
        result = [error && error.message, payload];
      });
      return result;
    },
  };
  const results = {};
  for (const name of Object.keys(cases)) results[name] = outcome(cases[name]);
  return results;
}
if (typeof module !== 'undefined') module.exports = jwtCases;
