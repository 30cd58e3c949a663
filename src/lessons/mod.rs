//! Lesson and quiz content: the data model, the loader and validator for `lessons/*.toml`,
//! and the built-in copies embedded in the binary.

pub mod model;

pub use model::*;
