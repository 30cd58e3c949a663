//! Beyond the seed: the scaling lab and the attack lab, driven through the real route handler.
//!
//! No UI code lives here: the TUI and `walkthrough` both drive these types and display what they record.

pub mod attacks;
pub mod crack;
pub mod exchange;
pub mod scaling;

pub use exchange::Exchange;
