// app/api/auth/logout/route.js: POST /api/auth/logout ends the session.
import { cookies } from 'next/headers';
import {
  sessions,
  sessionOptions,
  refuseCrossSiteRequest,
} from '@/lib/session-store';

// === Step 4 (TODO): logout ===
// Replace this stub:
// 1. Refuse cross-site and non-JSON requests: refuseCrossSiteRequest(request).
// 2. Delete the session whose id the session cookie holds from `sessions`:
//    that ends it for every copy of the cookie.
// 3. Clear both cookies with the attributes they were set with:
//    set(name, '', { ...sessionOptions.cookieOptions, maxAge: 0 }).
// 4. Answer 200 { message: 'Logged out', sessionDestroyed: <true or false> }.
// A copied JWT still works after this, until its exp: the server keeps no
// record of it. That is the difference between the two strategies.
export async function POST(request) {
  return Response.json({ error: 'Not implemented yet (step 4)' }, { status: 501 });
}
// === end of step 4 ===
