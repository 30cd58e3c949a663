//! One source of truth: the Rust engine behind the labs and `walkthrough` (`auth::handler`) held to the
//! reference solution (the JavaScript the lessons teach, run in the JavaScript runtime).
//!
//! Every difference a client can observe is listed below with the reason it exists. The test fails when a
//! new difference appears and when a listed one disappears (then delete its line): the engine can only
//! move towards the reference.

use std::collections::BTreeSet;

use jwt_session_tutor::exercises::parity::compare;

/// (scenario, aspect): what the engine does differently from the reference solution, and why.
const KNOWN_DIFFERENCES: &[(&str, &str, &str)] = &[
    ("login", "set-cookie", "the engine sets no JWT cookie (content-review-2 M8 is only in the reference)"),
    (
        "login from another origin",
        "status",
        "the engine has no Origin check: login CSRF (content-review-2 H1)",
    ),
    ("login from another origin", "body", "same cause"),
    ("login from another origin", "cache-control", "same cause"),
    ("login from another origin", "set-cookie", "same cause"),
    ("wrong password", "www-authenticate", "the engine adds a Bearer challenge to a failed login"),
    ("unknown user", "www-authenticate", "same"),
    ("PUT", "body", "the engine answers 405 with a JSON body; Next.js sends an empty one"),
    ("PUT", "allow", "the engine names the methods; Next.js sends no Allow on 405"),
    (
        "Bearer token",
        "cache-control",
        "the engine's GET has no Cache-Control: no-store (content-review-2 L12)",
    ),
    ("session cookie", "cache-control", "same"),
    ("JWT cookie", "status", "the engine does not read a JWT cookie (M8)"),
    ("JWT cookie", "body", "same cause"),
    ("JWT cookie", "www-authenticate", "same cause"),
    ("JWT cookie", "cache-control", "same cause"),
    ("logout as text/plain", "status", "the engine's logout has no CSRF check (content-review-2 M3)"),
    ("logout as text/plain", "body", "same cause"),
    ("logout as text/plain", "set-cookie", "same cause"),
    ("logout", "body", "the engine's session was already ended by the text/plain logout above"),
    ("logout", "cache-control", "the engine's logout has no Cache-Control: no-store"),
    ("logout", "set-cookie", "the engine clears only the session cookie (there is no JWT cookie)"),
    ("JWT after logout", "cache-control", "as for the Bearer token"),
];

#[test]
fn the_engine_differs_from_the_reference_solution_only_where_listed() {
    let differences = compare().expect("the reference solution starts");
    let found: BTreeSet<(&str, &str)> = differences.iter().map(|d| (d.scenario, d.aspect.as_str())).collect();
    let known: BTreeSet<(&str, &str)> = KNOWN_DIFFERENCES.iter().map(|(s, a, _)| (*s, *a)).collect();
    let new: Vec<String> = differences
        .iter()
        .filter(|d| !known.contains(&(d.scenario, d.aspect.as_str())))
        .map(|d| format!("{} / {}: engine {:?}, reference {:?}", d.scenario, d.aspect, d.engine, d.reference))
        .collect();
    let gone: Vec<&(&str, &str)> = known.difference(&found).collect();
    assert!(new.is_empty(), "new differences from the reference solution:\n{}", new.join("\n"));
    assert!(gone.is_empty(), "these now match the reference; delete them from KNOWN_DIFFERENCES: {gone:?}");
}
