//! The two lab screens driven through `update` as a learner would (↑↓, Enter, the worker's
//! answer): the scaling lab's outcomes and the attack lab's verdicts as they appear on screen, and
//! snapshots of both screens at 80×24 and 120×40.

mod tui_support;

use jwt_session_tutor::app::panels::scaling::ScalingItem;
use jwt_session_tutor::app::{Action, App};
use jwt_session_tutor::labs::attacks::AttackKind;
use jwt_session_tutor::labs::scaling::Instance;
use jwt_session_tutor::lessons;
use tui_support::{focus, focused_panel_text, mask_timings, screen_text};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// The built-in course at the lab screen `lab_id`, its lab panel focused, the server ready.
fn lab_app(width: u16, height: u16, lab_id: &str, panel: &str) -> App {
    let course = lessons::builtin().expect("the built-in lessons load");
    let mut app = App::new(course, tui_support::options(width, height));
    app.run_jobs_inline();
    let index = (0..app.screens.len()).find(|&i| app.screen_id(i) == lab_id).unwrap();
    tui_support::apply(&mut app, Action::GoTo(index));
    focus(&mut app, panel);
    app
}

fn scaling_app(width: u16, height: u16) -> App {
    lab_app(width, height, "scaling-lab", "Scaling")
}

/// The attack lab's screen with the attacks panel. The built-in attack-lab screen now holds the
/// challenges (tests/tui_challenges.rs); the attacks panel stays a panel lesson files can list, and
/// this is the built-in lesson with it listed as it used to be.
fn attack_app(width: u16, height: u16) -> App {
    let dir = tempfile::tempdir().unwrap();
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    for entry in std::fs::read_dir(&source).unwrap() {
        let path = entry.unwrap().path();
        let mut text = std::fs::read_to_string(&path).unwrap();
        if path.file_name().unwrap() == "07-attack-lab.toml" {
            text = text.replace(
                r#"panels = ["challenges", "exchange"]"#,
                r#"panels = ["attacks", "exchange", "cookies"]"#,
            );
        }
        std::fs::write(dir.path().join(path.file_name().unwrap()), text).unwrap();
    }
    let course = lessons::load_dir(dir.path()).expect("the lessons load");
    let mut app = App::new(course, tui_support::options(width, height));
    app.run_jobs_inline();
    let index = (0..app.screens.len()).find(|&i| app.screen_id(i) == "attack-lab").unwrap();
    tui_support::apply(&mut app, Action::GoTo(index));
    focus(&mut app, "Attacks");
    app
}

/// ↑ to the top of the list, ↓ to `index`, Enter, and the worker's answer if one was sent.
fn choose_and_run(app: &mut App, index: usize) {
    tui_support::apply(app, Action::Top);
    for _ in 0..index {
        tui_support::apply(app, Action::Down);
    }
    tui_support::apply(app, Action::Activate);
    app.run_jobs_inline();
}

fn scale(app: &mut App, item: ScalingItem) {
    let index = ScalingItem::ALL.iter().position(|candidate| *candidate == item).unwrap();
    choose_and_run(app, index);
}

fn attack(app: &mut App, kind: AttackKind) {
    let index = AttackKind::ALL.iter().position(|candidate| *candidate == kind).unwrap();
    choose_and_run(app, index);
}

/// The focused panel's whole text with line breaks and runs of spaces made single spaces, so
/// assertions do not depend on where the panel's width wraps the prose.
fn flat_panel(app: &App) -> String {
    focused_panel_text(app).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `(instance, status)` of every request in the log.
fn log(app: &App) -> Vec<(Instance, u16)> {
    app.labs.scaling.view.log.iter().map(|entry| (entry.instance, entry.status())).collect()
}

#[test]
fn a_session_in_a_memory_is_refused_on_b_and_the_panel_says_why() {
    let mut app = scaling_app(120, 40);
    scale(&mut app, ScalingItem::Login);
    scale(&mut app, ScalingItem::RequestWithCookie);
    assert_eq!(log(&app), [(Instance::A, 200), (Instance::B, 401)]);
    let panel = flat_panel(&app);
    assert!(panel.contains("last: GET with session cookie → B (round robin)"), "{panel}");
    assert!(panel.contains("✗ 401 Unauthorized: jwt: no Authorization header; session: unknown session"));
    assert!(panel.contains("B's own memory has no such session id: the session lives only in A's own"));
    assert!(panel.contains("│ 1 session in its memory"), "A holds it: {panel}");
    assert!(panel.contains("#1 login → A (round robin) ✓ 200 OK"), "{panel}");

    // The HTTP panel shows that very request, raw.
    focus(&mut app, "HTTP");
    let http = flat_panel(&app);
    assert!(http.starts_with("#2 GET with session cookie → B (round robin) → request"), "{http}");
    assert!(http.contains("Cookie: nextjs-session=") && http.contains("HTTP/1.1 401 Unauthorized"), "{http}");
}

#[test]
fn sticky_sessions_and_a_shared_store_each_fix_it_and_say_what_they_cost() {
    let mut app = scaling_app(120, 40);
    scale(&mut app, ScalingItem::Sticky);
    let panel = flat_panel(&app);
    assert!(panel.contains("[on] sticky sessions"), "{panel}");
    assert!(
        panel.contains("Sticky sessions on from the next request. Sticky sessions: each client is pinned")
    );
    scale(&mut app, ScalingItem::Login);
    scale(&mut app, ScalingItem::RequestWithCookie);
    scale(&mut app, ScalingItem::RequestWithCookie);
    assert_eq!(log(&app), [(Instance::A, 200), (Instance::A, 200), (Instance::A, 200)]);
    assert!(flat_panel(&app).contains("last: GET with session cookie → A (sticky)"));

    scale(&mut app, ScalingItem::Sticky);
    scale(&mut app, ScalingItem::SharedStore);
    scale(&mut app, ScalingItem::Reset);
    assert!(flat_panel(&app).contains("Reset: no sessions anywhere"));
    scale(&mut app, ScalingItem::Login);
    scale(&mut app, ScalingItem::RequestWithCookie);
    assert_eq!(log(&app), [(Instance::A, 200), (Instance::B, 200)]);
    let panel = flat_panel(&app);
    assert!(panel.contains("✓ 200 OK: authenticated as user 1 via session"), "{panel}");
    assert!(panel.contains("B found the session in the shared store"), "{panel}");
    assert!(panel.contains("shared store: on, 1 session"), "{panel}");
    assert!(panel.contains("[on] shared session store cost: a network round-trip"), "{panel}");
}

#[test]
fn the_jwt_is_accepted_on_both_instances_without_shared_state() {
    let mut app = scaling_app(80, 24);
    scale(&mut app, ScalingItem::Login);
    scale(&mut app, ScalingItem::RequestWithJwt);
    scale(&mut app, ScalingItem::RequestWithJwt);
    assert_eq!(log(&app), [(Instance::A, 200), (Instance::B, 200), (Instance::A, 200)]);
    let panel = flat_panel(&app);
    assert!(
        panel.contains("#2 GET with Bearer JWT → B (round robin) ✓ 200 OK: authenticated as user 1 via jwt")
    );
    assert!(panel.contains("B verified the signature with its own copy of the secret"), "{panel}");
}

#[test]
fn revocation_side_by_side_with_and_without_a_denylist() {
    let mut app = scaling_app(120, 40);
    scale(&mut app, ScalingItem::SharedStore);
    scale(&mut app, ScalingItem::Login);
    scale(&mut app, ScalingItem::Logout);
    scale(&mut app, ScalingItem::CheckRevocation);
    let rows: Vec<(u16, u16)> =
        app.labs.scaling.view.revocation.iter().map(|row| (row.status_a, row.status_b)).collect();
    assert_eq!(rows, [(401, 401), (200, 200)], "the JWT copy outlives logout");
    let panel = flat_panel(&app);
    assert!(panel.contains("session cookie A ✗ 401 Unauthorized B ✗ 401 Unauthorized"), "{panel}");
    assert!(panel.contains("JWT A ✓ 200 OK B ✓ 200 OK"), "{panel}");
    assert!(panel.contains("JWT without a deny-list: no shared state, so both instances accept it"));

    // Time travel past exp ends the copy, and the panel says the clock moved.
    for _ in 0..3 {
        tui_support::apply(&mut app, Action::TimeTravel { seconds: 300 });
    }
    scale(&mut app, ScalingItem::CheckRevocation);
    let rows: Vec<(u16, u16)> =
        app.labs.scaling.view.revocation.iter().map(|row| (row.status_a, row.status_b)).collect();
    assert_eq!(rows, [(401, 401), (401, 401)]);
    assert!(flat_panel(&app).contains("(time travel: +15m 0s)"));
    tui_support::apply(&mut app, Action::TimeTravelReset);

    scale(&mut app, ScalingItem::Denylist);
    scale(&mut app, ScalingItem::Reset);
    scale(&mut app, ScalingItem::Login);
    scale(&mut app, ScalingItem::Logout);
    scale(&mut app, ScalingItem::CheckRevocation);
    let view = &app.labs.scaling.view;
    let rows: Vec<(u16, u16)> = view.revocation.iter().map(|row| (row.status_a, row.status_b)).collect();
    assert_eq!(rows, [(401, 401), (401, 401)], "the deny-listed jti is refused on both");
    let refused = view.log.last().unwrap();
    assert!(refused.exchange.response.json()["reason"].as_str().unwrap().contains("is on the deny-list"));
    let panel = flat_panel(&app);
    assert!(panel.contains("jti deny-list: on, 1 revoked"), "{panel}");
    assert!(panel.contains("JWT with a jti deny-list: logout revoked it on both instances at once"));
}

#[test]
fn restarting_a_loses_its_sessions() {
    let mut app = scaling_app(80, 24);
    scale(&mut app, ScalingItem::Login);
    scale(&mut app, ScalingItem::RestartA);
    let panel = flat_panel(&app);
    assert!(panel.contains("A restarted: 1 session(s) in its memory are gone"), "{panel}");
    assert!(panel.contains("│ 0 sessions in its memory"), "{panel}");
}

#[test]
fn the_login_runs_on_a_worker_with_a_spinner_and_the_lab_waits_for_it() {
    let mut app = scaling_app(80, 24);
    tui_support::apply(&mut app, Action::Activate);
    assert_eq!(app.engine.take_jobs().len(), 1, "argon2 goes to a worker, not the UI thread");
    let panel = flat_panel(&app);
    assert!(panel.contains("logging in through the balancer (argon2id verify)…"), "{panel}");
    assert!(app.tick_interval().is_some(), "the spinner turns while the worker runs");
    tui_support::apply(&mut app, Action::Down);
    tui_support::apply(&mut app, Action::Activate);
    assert!(flat_panel(&app).contains("wait a moment: the server is busy logging in"));
    assert_eq!(app.screen_hints().activate.as_deref(), Some("send"));
}

#[test]
fn every_attack_shows_its_verdict_and_the_line_that_stops_it() {
    let mut app = attack_app(120, 40);
    for kind in AttackKind::ALL {
        attack(&mut app, kind);
        let report = app.labs.attacks.report(kind).unwrap();
        let panel = flat_panel(&app);
        let verdict = format!("verdict: {}: ", report.verdict.headline());
        assert!(panel.contains(&verdict), "{}: {panel}", kind.title());
        assert!(panel.contains("stopped by:"), "{panel}");
        assert!(panel.contains("the attempt (step"), "{panel}");
        assert_eq!(panel.contains("⚠ THE WRONG WAY"), kind.is_wrong_way(), "{panel}");
    }
    let list = focused_panel_text(&app);
    let rows: Vec<&str> = list.lines().skip(1).take(10).collect();
    let row = |number: usize| {
        let numbered = |row: &&&str| row.trim_start_matches(['▶', ' ']).starts_with(&format!("{number}. "));
        rows.iter().find(numbered).unwrap()
    };
    for (number, expected) in [
        (1, "✓ rejected  alg: none"),
        (2, "✓ rejected  Edited payload"),
        (3, "✗ accepted  Weak secret cracked, token forged ⚠ WRONG WAY"),
        (4, "✓ rejected  Strong secret"),
        (5, "✗ accepted  Stolen credentials"),
        (6, "✓ rejected  Session fixation: fresh id"),
        (7, "✗ accepted  Session fixation: planted id kept"),
        (8, "✗ accepted  Session cookie without HttpOnly ⚠ WRONG WAY"),
        (9, "✓ rejected  Session cookie with HttpOnly"),
    ] {
        assert!(row(number).contains(expected), "{}", row(number));
    }
}

#[test]
fn forged_tokens_are_rejected_for_their_reason() {
    let mut app = attack_app(120, 40);
    attack(&mut app, AttackKind::AlgNone);
    let panel = flat_panel(&app);
    assert!(
        panel.contains("verdict: ✓ REJECTED: header alg is \"none\": unsigned tokens are never"),
        "{panel}"
    );
    assert!(panel.contains("jwt.verify(token, process.env.JWT_SECRET, { algorithms: ['HS256'] })"));
    assert!(panel.contains("HTTP/1.1 401 Unauthorized"), "the response: {panel}");
    attack(&mut app, AttackKind::EditedPayload);
    let panel = flat_panel(&app);
    assert!(panel.contains("verdict: ✓ REJECTED: signature does not match"), "{panel}");
}

#[test]
fn the_weak_secret_is_cracked_and_the_strong_one_is_not() {
    let mut app = attack_app(120, 40);
    attack(&mut app, AttackKind::WeakSecret);
    let panel = flat_panel(&app);
    assert!(panel.contains("found \"mysecretkey\" after 30 of 40 guesses (the time is left out"), "{panel}");
    assert!(
        panel.contains("tried 30 words from the list: secret, password, 123456, 12345678, … mysecretkey")
    );
    assert!(panel.contains("verdict: ✗ ACCEPTED: the secret \"mysecretkey\" was guessed offline"), "{panel}");
    assert!(
        panel.contains("▸3. [attacker] signs their own token for user 1 with \"mysecretkey\""),
        "{panel}"
    );
    attack(&mut app, AttackKind::StrongSecret);
    let panel = flat_panel(&app);
    assert!(panel.contains("no match in 40 guesses"), "{panel}");
    assert!(panel.contains("verdict: ✓ REJECTED: signature does not match"), "{panel}");
}

#[test]
fn the_cookie_jar_panel_shows_what_injected_script_can_read() {
    let mut app = attack_app(120, 40);
    attack(&mut app, AttackKind::ScriptReadableCookie);
    focus(&mut app, "Cookies");
    let jar = flat_panel(&app);
    assert!(jar.starts_with("the victim's cookie jar when the attacker struck"), "{jar}");
    assert!(jar.contains("✗ HttpOnly"), "{jar}");
    assert!(jar.contains("document.cookie \"nextjs-session="), "the script sees the id: {jar}");

    focus(&mut app, "Attacks");
    attack(&mut app, AttackKind::HttpOnlyCookie);
    focus(&mut app, "Cookies");
    let jar = flat_panel(&app);
    assert!(jar.contains("✓ HttpOnly"), "{jar}");
    assert!(jar.contains("document.cookie \"\""), "the script sees nothing: {jar}");

    focus(&mut app, "Attacks");
    attack(&mut app, AttackKind::AlgNone);
    focus(&mut app, "Cookies");
    assert!(flat_panel(&app).contains("involves no victim's browser"));
}

#[test]
fn session_fixation_wrong_way_is_marked_and_accepted() {
    let mut app = attack_app(80, 24);
    attack(&mut app, AttackKind::SessionFixationWrongWay);
    let panel = flat_panel(&app);
    assert!(panel.contains("⚠ THE WRONG WAY: this server is deliberately misconfigured"), "{panel}");
    assert!(panel.contains("verdict: ✗ ACCEPTED: the attacker's planted id is now the victim's"), "{panel}");
    assert!(panel.contains("▸3. [attacker] uses the planted id → ✓ 200 OK"), "{panel}");
    attack(&mut app, AttackKind::SessionFixation);
    let panel = flat_panel(&app);
    assert!(panel.contains("verdict: ✓ REJECTED: unknown session id"), "{panel}");
}

fn snapshot(name: &str, app: &App) {
    insta::assert_snapshot!(
        format!("{name}_{}x{}", app.size.width, app.size.height),
        mask_timings(&screen_text(app))
    );
}

#[test]
fn scaling_screen_at_both_sizes() {
    for (width, height) in SIZES {
        let mut app = scaling_app(width, height);
        snapshot("scaling_start", &app);
        scale(&mut app, ScalingItem::Login);
        scale(&mut app, ScalingItem::RequestWithCookie);
        snapshot("scaling_401_on_b", &app);
        scale(&mut app, ScalingItem::SharedStore);
        snapshot("scaling_shared_store_switched_on", &app);
        scale(&mut app, ScalingItem::Logout);
        scale(&mut app, ScalingItem::CheckRevocation);
        snapshot("scaling_revocation", &app);
        focus(&mut app, "HTTP");
        snapshot("scaling_http", &app);
    }
}

#[test]
fn attack_screen_at_both_sizes() {
    for (width, height) in SIZES {
        let mut app = attack_app(width, height);
        snapshot("attacks_start", &app);
        attack(&mut app, AttackKind::AlgNone);
        snapshot("attacks_alg_none", &app);
        attack(&mut app, AttackKind::WeakSecret);
        snapshot("attacks_weak_secret", &app);
        attack(&mut app, AttackKind::ScriptReadableCookie);
        focus(&mut app, "Cookies");
        snapshot("attacks_script_readable_cookie_jar", &app);
    }
}
