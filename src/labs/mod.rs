//! Beyond the seed: the scaling lab and the attack lab, driven through the real route handler.
//!
//! No UI code lives here: the TUI and `walkthrough` both drive these types and display what they record.

pub mod attacks;
pub mod challenges;
pub mod crack;
pub mod scaling;
pub mod workbench;

pub use crate::auth::Exchange;

use crate::auth::RandomSource;

/// An independent source for one part of a lab: reproducible from a seeded parent, the OS CSPRNG
/// otherwise.
pub(crate) fn child_rng(parent: &mut RandomSource) -> RandomSource {
    if parent.is_seeded() {
        RandomSource::seeded(u64::from_le_bytes(parent.bytes()))
    } else {
        RandomSource::os()
    }
}
