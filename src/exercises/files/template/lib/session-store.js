// lib/session-store.js: what both route files share (app/api/auth/route.js
// and app/api/auth/logout/route.js).

// The session store: session id -> { userId, createdAt, lastSeen }.
// Demo only: it lives in this one process's memory, so it is lost on restart
// and not shared between servers or serverless instances (production uses a
// database or Redis). Kept on globalThis so `next dev` reloading this module
// does not forget everyone's session.
export const sessions = (globalThis.jwtSessionTutorSessions ??= new Map());

// === Step 2 (TODO): the cookies' names and attributes ===
// Add `cookieOptions` for both cookies, each attribute set explicitly (in
// (await cookies()).set only `path` has a default):
// - httpOnly: page scripts cannot read the cookie (an XSS bug cannot copy it)
// - secure: sent over HTTPS only
// - sameSite: 'lax': not sent with cross-site POSTs, iframes or fetches
// - path: '/'
// - maxAge: seconds until the browser drops it (8 hours for the session)
export const sessionOptions = {
  cookieName: 'nextjs-session', // holds the session id
  // holds the JWT, for browsers (API clients use Bearer)
  jwtCookieName: 'nextjs-jwt',
};
// === end of step 2 ===

// CSRF defence for every POST that sets or uses a cookie, login included.
// Returns the refusal to send, or null when the request may go on.
// - A cross-site HTML form can only send text/plain, urlencoded or multipart
//   bodies, so requiring application/json rules forms out (fetch from another
//   site would need a CORS preflight, which this app never grants).
// - fetch() from another site carries an Origin header naming that site.
// Next.js checks Origin for Server Actions only, not for Route Handlers.
export function refuseCrossSiteRequest(request) {
  const mediaType = (request.headers.get('content-type') ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  if (mediaType !== 'application/json') {
    return Response.json(
      { error: 'Content-Type must be application/json' },
      { status: 415 },
    );
  }
  const origin = request.headers.get('origin');
  const crossSite =
    request.headers.get('sec-fetch-site') === 'cross-site' ||
    (origin !== null && hostOf(origin) !== request.headers.get('host'));
  if (crossSite) {
    return Response.json(
      { error: 'cross-site request refused' },
      { status: 403 },
    );
  }
  return null;
}

function hostOf(origin) {
  try {
    return new URL(origin).host;
  } catch {
    return null; // "null" or garbage: never the same host
  }
}
