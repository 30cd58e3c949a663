// app/api/auth/route.js: POST logs in, GET answers "who is this?".
// Next.js App Router route handler: one exported async function per method.
// All imports sit at the top of the file; later steps use them.
import argon2 from 'argon2';
import jwt from 'jsonwebtoken';
import crypto from 'node:crypto';
import { cookies } from 'next/headers';
import {
  sessions,
  sessionOptions,
  refuseCrossSiteRequest,
} from '@/lib/session-store';

// === Step 1: the users ===
// Demo data: a real app reads users from a database. The password is stored
// only as an argon2id hash (m=19456 KiB, t=2, p=1: the OWASP minimum), made
// once at "sign-up" with
//   await argon2.hash(password, { type: argon2.argon2id,
//     memoryCost: 19456, timeCost: 2, parallelism: 1 })
const users = [
  {
    id: 1,
    username: 'user1',
    passwordHash:
      '$argon2id$v=19$m=19456,t=2,p=1' +
      '$HEZxNhiTRsXp76JrkvhHmA' +
      '$hizzxVD6SYy2Wne90b7YeR9p0jvc5FlXDLl/hZYqKW8',
  },
];
// === end of step 1 ===

// === Step 2: the JWT secret ===
// .env.local (never committed):
//   JWT_SECRET=<output of openssl rand -base64 32>
// Read when a token is signed or checked, not when the module loads: a
// top-level throw would break `next build` wherever the secret is only
// given at run time. The length check cannot prove the secret is random;
// generate it with `openssl rand -base64 32`.
function getJwtSecret() {
  const secret = process.env.JWT_SECRET;
  if (!secret || new TextEncoder().encode(secret).length < 32) {
    throw new Error(
      'JWT_SECRET must be set to at least 32 random bytes (see .env.local)',
    );
  }
  return secret;
}
// === end of step 2 ===

// === Step 3: POST /api/auth logs in ===
const JWT_TTL_SECONDS = 15 * 60; // every token expires 15 minutes after login

// A hash of a random password nobody knows, made once at start-up, so that
// a login for an unknown user costs as much time as one for a real user.
const dummyHash = argon2.hash(crypto.randomBytes(32).toString('base64url'), {
  type: argon2.argon2id,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
});

export async function POST(request) {
  // Login CSRF: a cross-site form or fetch must not log the browser in.
  const refused = refuseCrossSiteRequest(request);
  if (refused) return refused;

  const body = await request.json().catch(() => null);
  const { username, password } = body ?? {};
  if (typeof username !== 'string' || typeof password !== 'string') {
    return Response.json(
      { error: 'Send JSON with username and password strings' },
      { status: 400 },
    );
  }

  const user = users.find((u) => u.username === username);
  // Verify even for an unknown user, so the time taken does not tell
  // who exists.
  const hash = user?.passwordHash ?? (await dummyHash);
  const ok = await argon2.verify(hash, password);
  if (!user || !ok) {
    // One answer for "no such user" and "wrong password".
    return Response.json(
      { error: 'Invalid username or password' },
      { status: 401 },
    );
  }

  const token = jwt.sign({ sub: String(user.id) }, getJwtSecret(), {
    algorithm: 'HS256', // pinned, and checked again by GET
    expiresIn: JWT_TTL_SECONDS, // without it jsonwebtoken writes no exp
    jwtid: crypto.randomUUID(), // lets one token be deny-listed later
  });

  const cookieStore = await cookies();
  const { cookieName, jwtCookieName, cookieOptions } = sessionOptions;
  // Session fixation: a fresh id at every login; forget any id the browser
  // brought along, whoever planted it.
  const oldId = cookieStore.get(cookieName)?.value;
  if (oldId) sessions.delete(oldId);
  // 256 bits from a CSPRNG
  const sessionId = crypto.randomBytes(32).toString('base64url');
  const now = Date.now();
  sessions.set(sessionId, { userId: user.id, createdAt: now, lastSeen: now });
  cookieStore.set(cookieName, sessionId, cookieOptions);
  // The JWT for browsers: in an HttpOnly cookie that lives as long as
  // the token.
  cookieStore.set(jwtCookieName, token, {
    ...cookieOptions,
    maxAge: JWT_TTL_SECONDS,
  });

  // Side-by-side demo: a real app issues one credential. The token in the
  // body is for API clients, which send it back as "Authorization: Bearer".
  return Response.json(
    { token, message: 'Login successful' },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}
// === end of step 3 ===

// === Step 4: GET /api/auth answers "who is this?" ===
const SESSION_IDLE_MS = 30 * 60 * 1000; // idle timeout: 30 minutes
const SESSION_ABSOLUTE_MS = 8 * 60 * 60 * 1000; // absolute timeout: 8 hours

export async function GET(request) {
  // 1. An Authorization header (API clients), when sent, decides alone: a bad
  //    token gets 401 even when a valid cookie comes along.
  const header = request.headers.get('authorization');
  if (header !== null) {
    const [scheme, token] = header.trim().split(/\s+/);
    if (scheme.toLowerCase() !== 'bearer' || !token) {
      return unauthorized('jwt: not a Bearer token', true);
    }
    const { user, reason } = userFromJwt(token);
    return user ? authenticated(user.id, 'jwt') : unauthorized(reason, true);
  }

  const cookieStore = await cookies();
  // 2. The JWT cookie (browsers), when sent, decides alone too.
  const jwtCookie = cookieStore.get(sessionOptions.jwtCookieName)?.value;
  if (jwtCookie) {
    const { user, reason } = userFromJwt(jwtCookie);
    return user ? authenticated(user.id, 'jwt-cookie') : unauthorized(reason);
  }

  // 3. The session cookie: look the id up in the store.
  const id = cookieStore.get(sessionOptions.cookieName)?.value;
  const session = id ? sessions.get(id) : undefined;
  if (!session) return unauthorized('session: none or unknown id');
  const now = Date.now();
  const idle = now - session.lastSeen >= SESSION_IDLE_MS;
  const tooOld = now - session.createdAt >= SESSION_ABSOLUTE_MS;
  if (idle || tooOld) {
    sessions.delete(id);
    return unauthorized('session: expired');
  }
  session.lastSeen = now;
  return authenticated(session.userId, 'session');
}

// The user a JWT names, or the reason it is refused.
function userFromJwt(token) {
  // A missing secret is a server fault (500), not a 401.
  const secret = getJwtSecret();
  let claims;
  try {
    claims = jwt.verify(token, secret, {
      algorithms: ['HS256'], // pinned: the token's header does not choose
      clockTolerance: 0, // seconds of leeway for clock skew
    });
  } catch (error) {
    // TokenExpiredError, NotBeforeError, JsonWebTokenError: all 401.
    return { reason: `jwt: ${error.message}` };
  }
  // jsonwebtoken accepts a token without exp; such a token never expires.
  if (typeof claims.exp !== 'number') {
    return { reason: 'jwt: exp is required' };
  }
  const user = users.find((u) => String(u.id) === claims.sub);
  return user ? { user } : { reason: 'jwt: sub is not a known user' };
}

function authenticated(userId, via) {
  return Response.json(
    { authenticated: true, userId, via },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}

// RFC 6750: name the problem only when a token was presented.
function unauthorized(reason, tokenPresented = false) {
  const challenge = tokenPresented
    ? 'Bearer error="invalid_token"'
    : 'Bearer';
  return Response.json(
    { authenticated: false, reason },
    { status: 401, headers: { 'WWW-Authenticate': challenge } },
  );
}
// === end of step 4 ===
