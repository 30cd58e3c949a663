//! Runs the learner's Next.js route handlers for real, in an embedded QuickJS engine.
//!
//! The runtime offers what a Next.js 16 App Router route handler uses (`next/server`, `next/headers`,
//! `jsonwebtoken`, `argon2`, `node:crypto`, the web globals) with their measured behaviour (see
//! `shared/reference/nextjs16-behaviour.md`), backed by Rust crypto so tokens and hashes are real.
//! The learner's code is untrusted: it runs on its own thread with a time limit per request and a
//! memory limit, and it has no file system or network access.

pub mod http;
mod native;
mod project;
mod resolve;
mod server;

pub use project::{Project, ProjectError};
pub use server::{Handled, JsServer, ServerOptions};

/// Seconds since the Unix epoch (the clock a server can be pinned to).
pub use crate::auth::clock::UnixSeconds;
