//! Build it yourself: the seed's four-step project as exercises the tutorial runs and checks live.
//!
//! - [`project`]: the Next.js project template (TODO regions per step) and the reference solution.
//! - [`checks`]: the named checks of each step, run against the learner's code in [`crate::js::JsServer`].
//! - [`watch`]: reruns a step's checks when the learner saves a file.

pub mod checks;
pub mod parity;
pub mod project;
pub mod watch;
