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

// === Step 1 (TODO): the users ===
// Create a constant `users`: an array with one user, { id: 1, username: 'user1' }
// whose password is the demo password from README.md.
// - Never store the password itself. Store `passwordHash`: an argon2id hash
//   with at least the OWASP minimum cost (m=19456 KiB, t=2, p=1). Make it once,
//   outside this file, for example:
//     node -e "require('argon2').hash(process.argv[1], { type: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 }).then(console.log)" '<password>'
//   and paste the $argon2id$... string here.
// - Do not hash at start-up from a password written in this file: then the
//   plain password is in the source again.
const users = [];
// === end of step 1 ===

// === Step 2 (TODO): the JWT secret ===
// Write `getJwtSecret()`: it returns process.env.JWT_SECRET (Next.js loads it
// from .env.local) and throws an Error when the variable is missing or shorter
// than 32 bytes (HS256 needs a key of at least 256 bits).
// - Never write a secret into the source, and do not read or check it at the
//   top of the module: a top-level throw breaks `next build` on machines
//   where the secret is only given at run time. Call getJwtSecret() when you
//   sign or verify.
// Step 2 continues in lib/session-store.js (the cookie options).
function getJwtSecret() {
  throw new Error('getJwtSecret is not written yet (step 2)');
}
// === end of step 2 ===

// === Step 3 (TODO): POST /api/auth logs in ===
// Replace this stub. In order:
// 1. Refuse cross-site and non-JSON requests first (login CSRF): call
//    refuseCrossSiteRequest(request) from lib/session-store.js and return its
//    answer when it gives one.
// 2. Read the body with `await request.json()`. A body that is not JSON, or
//    that lacks string `username` and `password` fields, gets 400 (not 500).
// 3. Find the user by name and check the password with argon2.verify(hash,
//    password). For an unknown user verify against a dummy hash anyway, so
//    the answer takes as long. Wrong password and unknown user get the same
//    401 { error: 'Invalid username or password' }.
// 4. Sign a JWT: jwt.sign({ sub: String(user.id) }, getJwtSecret(),
//    { algorithm: 'HS256', expiresIn: <15 minutes> }). Without expiresIn the
//    token never expires.
// 5. Start a session: delete the session whose id the browser sent (if any),
//    make a fresh id with crypto.randomBytes(32).toString('base64url'),
//    store { userId, createdAt, lastSeen } under it in `sessions`, and set the
//    cookie sessionOptions.cookieName with sessionOptions.cookieOptions
//    through (await cookies()).set(...).
// 6. Also set the JWT in the HttpOnly cookie sessionOptions.jwtCookieName
//    (for browsers), with maxAge equal to the token's lifetime.
// 7. Answer 200 { token, message: 'Login successful' } (the token is for API
//    clients, which send it back as "Authorization: Bearer <token>").
export async function POST(request) {
  return Response.json({ error: 'Not implemented yet (step 3)' }, { status: 501 });
}
// === end of step 3 ===

// === Step 4 (TODO): GET /api/auth answers "who is this?" ===
// Replace this stub. Answer 200 { authenticated: true, userId, via } for a
// valid credential, otherwise 401 { authenticated: false, reason } with a
// WWW-Authenticate: Bearer header (never 200, never 500):
// 1. An Authorization header, when present, decides alone: the scheme
//    "Bearer" (any case) and a token. Verify it with jwt.verify(token,
//    getJwtSecret(), { algorithms: ['HS256'], clockTolerance: 0 }) inside
//    try/catch: verify throws on every bad token. Refuse a token without
//    exp, and one whose sub names no user.
// 2. Else the JWT cookie sessionOptions.jwtCookieName, when present, is
//    checked the same way.
// 3. Else the session cookie: look its id up in `sessions`; refuse unknown
//    ids, and sessions idle for 30 minutes or older than 8 hours (delete
//    those from the store).
// Step 4 continues in app/api/auth/logout/route.js.
export async function GET(request) {
  return Response.json({ error: 'Not implemented yet (step 4)' }, { status: 501 });
}
// === end of step 4 ===
