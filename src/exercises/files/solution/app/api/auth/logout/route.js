// app/api/auth/logout/route.js: POST /api/auth/logout ends the session.
import { cookies } from 'next/headers';
import {
  sessions,
  sessionOptions,
  refuseCrossSiteRequest,
} from '@/lib/session-store';

// === Step 4: logout ===
export async function POST(request) {
  // A cross-site page must not be able to log the browser out either.
  const refused = refuseCrossSiteRequest(request);
  if (refused) return refused;

  const cookieStore = await cookies();
  const { cookieName, jwtCookieName, cookieOptions } = sessionOptions;
  const id = cookieStore.get(cookieName)?.value;
  // Deleting the record ends the session for every copy of the cookie.
  const sessionDestroyed = id ? sessions.delete(id) : false;
  // Clear both cookies with the attributes they were set with (a plain
  // delete(name) drops Secure and HttpOnly, and a __Host- cookie would stay).
  // A copied JWT stays valid until its exp: the server keeps no record of it.
  cookieStore.set(cookieName, '', { ...cookieOptions, maxAge: 0 });
  cookieStore.set(jwtCookieName, '', { ...cookieOptions, maxAge: 0 });
  return Response.json(
    { message: 'Logged out', sessionDestroyed },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}
// === end of step 4 ===
