//! One source of truth: the Rust engine behind the labs and `walkthrough` (`auth::handler`) held to the
//! reference solution (the JavaScript the lessons teach, run in the JavaScript runtime).
//!
//! Every scenario (login, its CSRF refusals, bad credentials, each kind of bad token, the JWT and
//! session cookies, logout, methods the routes do not export) must get the same status, JSON body and
//! security headers from both. A change to either side that a client could notice fails here.

use jwt_session_tutor::exercises::parity::compare;

#[test]
fn the_engine_answers_every_scenario_as_the_reference_solution_does() {
    let differences = compare().expect("the reference solution starts");
    let shown: Vec<String> = differences
        .iter()
        .map(|d| format!("{} / {}: engine {:?}, reference {:?}", d.scenario, d.aspect, d.engine, d.reference))
        .collect();
    assert!(shown.is_empty(), "the engine differs from the reference solution:\n{}", shown.join("\n"));
}
