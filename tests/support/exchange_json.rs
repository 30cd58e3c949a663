//! Reading `walkthrough --json` messages (`#[path]`-included by the tests that need it).

use serde_json::Value;

/// The value of header `name` (any letter case) in a request or response of the JSON transcript.
pub fn header<'a>(message: &'a Value, name: &str) -> Option<&'a str> {
    message["headers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["name"].as_str().unwrap().eq_ignore_ascii_case(name))
        .map(|h| h["value"].as_str().unwrap())
}
