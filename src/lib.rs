//! jwt-session-tutor: a terminal tutorial on JWT versus server-side sessions.
//!
//! `auth` is the domain (no UI), `lessons` the teaching content, `cli` the scriptable commands.

pub mod app;
pub mod auth;
pub mod bounded_file;
pub mod cli;
pub mod exercises;
pub mod highlight;
pub mod js;
pub mod keymap;
pub mod labs;
pub mod lessons;
pub mod memory;
pub mod printable;
pub mod progress;
pub mod quiz;
pub mod theme;
pub mod tui;
pub mod ui;
