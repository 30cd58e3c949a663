//! The authentication domain: what the seed's Next.js route handler does, run for real.
//! No UI code lives here.
