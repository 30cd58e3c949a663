//! The live panels driven through `App::update` with the real auth engine, as a learner would:
//! keys go through the keymap, slow work runs as jobs (inline here), and the screen is read back.

mod tui_support;

use jwt_session_tutor::app::Mode;
use jwt_session_tutor::app::panels::scenarios::Scenario;
use jwt_session_tutor::app::{Action, App, PanelId};
use jwt_session_tutor::auth::jwt;
use jwt_session_tutor::keymap;
use jwt_session_tutor::lessons::PanelKind;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use serde_json::Value;
use tui_support::{focus, focused_panel_text, ready_app, screen_text};

const STEP1: usize = 2;
const STEP2: usize = 3;
const STEP3: usize = 4;
const STEP4: usize = 5;

fn press(app: &mut App, code: KeyCode) {
    let event = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
    if let Some(action) = keymap::action_for(&event, app.mode()) {
        tui_support::apply(app, action);
    }
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// Step 3, Enter on the login form, argon2 done.
fn log_in(app: &mut App) {
    tui_support::apply(app, Action::GoTo(STEP3));
    focus(app, "Login");
    press(app, KeyCode::Enter);
    app.run_jobs_inline();
}

/// Step 4 with `scenario` chosen and sent (logging in first if needed).
fn run_scenario(app: &mut App, scenario: Scenario) {
    tui_support::apply(app, Action::GoTo(STEP4));
    focus(app, "Scenarios");
    press(app, KeyCode::Home);
    for _ in 0..Scenario::ALL.iter().position(|s| *s == scenario).unwrap() {
        press(app, KeyCode::Down);
    }
    assert_eq!(app.selected_scenario(), scenario);
    press(app, KeyCode::Enter);
    app.run_jobs_inline();
}

fn statuses(app: &App, scenario: Scenario) -> Vec<u16> {
    app.engine.scenario_run(scenario).unwrap().exchanges.iter().map(|e| e.response.status).collect()
}

fn reason(app: &App, scenario: Scenario, index: usize) -> String {
    app.engine.scenario_run(scenario).unwrap().exchanges[index].reason().unwrap_or_default().to_string()
}

#[test]
fn the_server_starts_after_hashing_the_seed_password_off_the_ui_thread() {
    let mut app = tui_support::app(80, 24);
    tui_support::apply(&mut app, Action::GoTo(STEP1));
    focus(&mut app, "Users");
    let text = screen_text(&app);
    assert!(text.contains("hashing user1's password with argon2id…"), "{text}");
    assert!(app.tick_interval().is_some(), "the spinner turns while hashing");
    app.run_jobs_inline();
    let text = screen_text(&app);
    assert!(text.contains("$argon2id$v=19$m=19456,t=2,p=1$"), "{text}");
    assert!(!text.contains("hashing user1"), "{text}");
    assert_eq!(app.tick_interval(), None, "nothing moves once it is done (demo clock)");
}

#[test]
fn login_shows_a_token_whose_decoded_payload_has_sub_1() {
    let mut app = ready_app(80, 24);
    log_in(&mut app);
    let login = screen_text(&app);
    assert!(login.contains("✓ 200 OK in"), "{login}");
    assert!(login.contains("Set-Cookie:"), "{login}");
    let token = app.engine.token.clone().expect("a token after login");
    let decoded = jwt::decode(&token).unwrap();
    assert_eq!(decoded.claims().get("sub"), Some(&Value::from("1")));
    focus(&mut app, "Token");
    let text = screen_text(&app);
    assert!(text.contains("\"sub\": \"1\""), "{text}");
    let whole = focused_panel_text(&app);
    assert!(whole.contains("expires in 15m 0s"), "{whole}");
    assert!(whole.contains("verdict   ✓ valid"), "{whole}");
    focus(&mut app, "Sessions");
    assert!(screen_text(&app).contains("1 entry"));
    focus(&mut app, "Cookies");
    let text = screen_text(&app);
    assert!(text.contains("✓ HttpOnly"), "{text}");
    // Below the two cookies (session id, then the JWT), further down the panel.
    let whole = focused_panel_text(&app);
    assert!(whole.contains("nextjs-session") && whole.contains("nextjs-jwt"), "{whole}");
    assert!(whole.contains("document.cookie \"\""), "{whole}");
    focus(&mut app, "HTTP");
    let text = screen_text(&app);
    assert!(text.contains("POST /api/auth HTTP/1.1"), "{text}");
    assert!(text.contains("HTTP/1.1 200 OK"), "{text}");
}

#[test]
fn a_wrong_password_and_an_unknown_user_get_the_same_answer() {
    let mut app = ready_app(120, 40);
    tui_support::apply(&mut app, Action::GoTo(STEP3));
    focus(&mut app, "Login");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char('e'));
    assert_eq!(app.mode(), Mode::Editing);
    type_text(&mut app, "x");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Browse, "Enter leaves the field and sends");
    app.run_jobs_inline();
    let wrong_password = app.engine.last_login.clone().unwrap();
    assert!(wrong_password.request.body.contains("pass123x"));
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Char('e'));
    type_text(&mut app, "9");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.engine.login_form.username.value(), "user19");
    press(&mut app, KeyCode::Enter);
    app.run_jobs_inline();
    let unknown_user = app.engine.last_login.clone().unwrap();
    assert_eq!(wrong_password.response.status, 401);
    assert_eq!(unknown_user.response.status, 401);
    assert_eq!(wrong_password.response.body, unknown_user.response.body);
    assert!(screen_text(&app).contains("Invalid username or password"));
    assert!(app.engine.token.is_none());
}

#[test]
fn a_tampered_token_is_rejected_with_a_bad_signature_reason() {
    let mut app = ready_app(120, 40);
    run_scenario(&mut app, Scenario::EditedClaim);
    assert_eq!(statuses(&app, Scenario::EditedClaim), [401]);
    assert!(reason(&app, Scenario::EditedClaim, 0).contains("signature does not match"));
    // The learner edits the claim and sends again: still rejected.
    press(&mut app, KeyCode::Char('e'));
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "admin");
    press(&mut app, KeyCode::Enter);
    let run = app.engine.scenario_run(Scenario::EditedClaim).unwrap();
    let token = run.exchanges[0].request.header("Authorization").unwrap().trim_start_matches("Bearer ");
    assert_eq!(jwt::decode(token).unwrap().claims()["sub"], "admin");
    assert_eq!(run.exchanges[0].response.status, 401);
    let text = screen_text(&app);
    assert!(text.contains("✗ 401 rejected: jwt: signature does not match"), "{text}");
}

#[test]
fn an_edited_claim_with_its_old_value_says_nothing_was_edited_instead_of_a_refusal() {
    let mut app = ready_app(120, 40);
    run_scenario(&mut app, Scenario::EditedClaim);
    // sub is "1" after logging in as user1: type that very value.
    press(&mut app, KeyCode::Char('e'));
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "1");
    press(&mut app, KeyCode::Enter);
    assert_eq!(statuses(&app, Scenario::EditedClaim), [200]);
    let text = screen_text(&app);
    assert!(text.contains("sub is already \"1\": the payload is unchanged"), "{text}");
    assert!(text.contains("Nothing was edited"), "{text}");
    assert!(!text.contains("so the server refuses it"), "{text}");
    assert!(!text.contains("Not the usual outcome"), "{text}");
}

#[test]
fn after_logout_the_cookie_is_rejected_and_the_jwt_still_accepted() {
    let mut app = ready_app(120, 40);
    run_scenario(&mut app, Scenario::AfterLogout);
    assert_eq!(statuses(&app, Scenario::AfterLogout), [200, 401, 200]);
    assert!(reason(&app, Scenario::AfterLogout, 1).contains("unknown session id"));
    let run = app.engine.scenario_run(Scenario::AfterLogout).unwrap();
    assert_eq!(run.exchanges[2].response.json()["via"], "jwt");
    assert!(app.engine.view.as_ref().unwrap().sessions.is_empty(), "the session is gone");
    let text = screen_text(&app);
    assert!(text.contains("10. After logout ✗ 401 ✓ 200"), "{text}");
}

#[test]
fn time_travel_past_exp_rejects_the_token_as_expired() {
    let mut app = ready_app(120, 40);
    run_scenario(&mut app, Scenario::Bearer);
    assert_eq!(statuses(&app, Scenario::Bearer), [200]);
    for _ in 0..2 {
        press(&mut app, KeyCode::Char('+'));
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(statuses(&app, Scenario::Bearer), [200], "10 minutes on, the 15-minute token is valid");
    // exp = iat + 15 min, and with leeway 0 the token is refused from that very second.
    press(&mut app, KeyCode::Char('+'));
    press(&mut app, KeyCode::Enter);
    assert_eq!(statuses(&app, Scenario::Bearer), [401]);
    assert!(
        reason(&app, Scenario::Bearer, 0).contains("token expired 0s ago"),
        "{}",
        reason(&app, Scenario::Bearer, 0)
    );
    press(&mut app, KeyCode::Char('+'));
    press(&mut app, KeyCode::Enter);
    assert!(
        reason(&app, Scenario::Bearer, 0).contains("token expired 5m 0s ago"),
        "{}",
        reason(&app, Scenario::Bearer, 0)
    );
    let header = screen_text(&app).lines().next().unwrap().to_string();
    assert!(header.contains("time travel: +20m 0s"), "{header}");
    press(&mut app, KeyCode::Char('0'));
    assert!(!screen_text(&app).lines().next().unwrap().contains("time travel"));
    press(&mut app, KeyCode::Enter);
    assert_eq!(statuses(&app, Scenario::Bearer), [200], "back in the present it is valid again");
}

#[test]
fn every_forged_or_missing_credential_is_refused_for_its_own_reason() {
    let mut app = ready_app(120, 40);
    let cases = [
        (Scenario::Neither, "no Authorization header"),
        (Scenario::OtherSecret, "signature does not match"),
        (Scenario::AlgNone, "unsigned tokens are never accepted"),
        (Scenario::UnknownSession, "unknown session id"),
    ];
    for (scenario, expected) in cases {
        run_scenario(&mut app, scenario);
        assert_eq!(statuses(&app, scenario), [401], "{scenario:?}");
        let why = reason(&app, scenario, 0);
        assert!(why.contains(expected), "{scenario:?}: {why}");
    }
    assert!(app.engine.token.is_none(), "none of these needed a login");
}

#[test]
fn bearer_cookie_and_both_are_accepted_after_one_login() {
    let mut app = ready_app(120, 40);
    run_scenario(&mut app, Scenario::Cookie);
    assert_eq!(statuses(&app, Scenario::Cookie), [200]);
    let run = app.engine.scenario_run(Scenario::Cookie).unwrap();
    assert_eq!(run.exchanges[0].response.json()["via"], "session");
    assert!(run.exchanges[0].request.header("Authorization").is_none());
    run_scenario(&mut app, Scenario::Both);
    let run = app.engine.scenario_run(Scenario::Both).unwrap();
    assert_eq!(run.exchanges[0].response.json()["via"], "jwt", "the Bearer token is checked first");
    run_scenario(&mut app, Scenario::Bearer);
    assert_eq!(statuses(&app, Scenario::Bearer), [200]);
    assert_eq!(app.engine.view.as_ref().unwrap().sessions.len(), 1, "one login served all three");
}

#[test]
fn rehashing_changes_the_salt_and_the_password_still_logs_in() {
    let mut app = ready_app(120, 40);
    tui_support::apply(&mut app, Action::GoTo(STEP1));
    focus(&mut app, "Users");
    let before = app.engine.view.as_ref().unwrap().users[0].password_hash.clone();
    press(&mut app, KeyCode::Enter);
    assert!(screen_text(&app).contains("re-hashing pass123 with a new salt…"));
    press(&mut app, KeyCode::Enter);
    assert!(focused_panel_text(&app).contains("wait a moment: the server is busy"), "a second Enter waits");
    app.run_jobs_inline();
    let after = app.engine.view.as_ref().unwrap().users[0].password_hash.clone();
    assert_ne!(before, after);
    let rehash = app.engine.rehash.clone().unwrap();
    assert_eq!((rehash.old_phc.as_str(), rehash.new_phc.as_str()), (before.as_str(), after.as_str()));
    let text = focused_panel_text(&app);
    assert!(text.contains("salt now"), "{text}");
    assert!(text.contains("← changed"), "{text}");
    log_in(&mut app);
    assert_eq!(app.engine.last_login.as_ref().unwrap().response.status, 200);
}

#[test]
fn a_new_secret_makes_old_tokens_fail_and_new_logins_work() {
    let mut app = ready_app(120, 40);
    log_in(&mut app);
    let old_token = app.engine.token.clone().unwrap();
    tui_support::apply(&mut app, Action::GoTo(STEP2));
    focus(&mut app, "Config");
    assert!(focused_panel_text(&app).contains("✗ 88 bits: too weak"));
    press(&mut app, KeyCode::Enter);
    let rotation = app.engine.rotation.clone().unwrap();
    assert_eq!(rotation.old_token, old_token);
    assert_eq!(rotation.old_secret, "\"mysecretkey\"");
    assert!(rotation.new_secret.starts_with("b64:"));
    assert_eq!(rotation.check.response.status, 401);
    assert!(rotation.check.reason().unwrap().contains("signature does not match"));
    let text = focused_panel_text(&app);
    assert!(text.contains("✓ 256 bits: long enough"), "{text}");
    assert!(text.contains("old token: ✗ rejected"), "{text}");
    log_in(&mut app);
    run_scenario(&mut app, Scenario::Bearer);
    assert_eq!(statuses(&app, Scenario::Bearer), [200], "tokens signed with the new secret verify");
}

#[test]
fn logging_in_again_replaces_the_session_id() {
    let mut app = ready_app(120, 40);
    log_in(&mut app);
    let first = app.engine.view.as_ref().unwrap().sessions[0].id.to_string();
    log_in(&mut app);
    let sessions = &app.engine.view.as_ref().unwrap().sessions;
    assert_eq!(sessions.len(), 1, "the id the browser arrived with was dropped");
    assert_ne!(sessions[0].id.to_string(), first);
    assert!(app.engine.last_login.as_ref().unwrap().request.header("Cookie").unwrap().contains(&first));
}

#[test]
fn the_inspector_decodes_and_verifies_whatever_is_pasted_on_every_change() {
    let mut app = ready_app(120, 40);
    press(&mut app, KeyCode::Char('i'));
    assert_eq!(app.mode(), Mode::Inspector);
    assert!(screen_text(&app).contains("Paste a JWT"));
    let secret = b"mysecretkey";
    let claims = jwt::login_claims("42", app.clock(), 900, "abc");
    let token = jwt::sign(&claims, secret, jwt::Alg::HS256).unwrap();
    tui_support::apply(&mut app, Action::Paste(format!("{token}\n")));
    // The secret field starts with the server's secret, which signed nothing here: pasted token
    // verifies only because it was signed with the same seed secret.
    let text = screen_text(&app);
    assert!(text.contains("signature ✓ valid"), "{text}");
    assert!(text.contains("\"sub\": \"42\""), "{text}");
    assert!(text.contains("leeway    0 s"), "{text}");
    // q types into the field instead of quitting.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('q'));
    assert!(!app.should_quit);
    let text = screen_text(&app);
    assert!(text.contains("signature ✗ signature does not match"), "{text}");
    assert!(text.contains("verdict   ✗ rejected"), "{text}");
    // An empty secret means "not checked", never "valid".
    for _ in 0.."mysecretkeyq".len() {
        press(&mut app, KeyCode::Backspace);
    }
    let text = screen_text(&app);
    assert!(text.contains("signature – not checked"), "{text}");
    assert!(text.contains("✗ rejected: signature not checked: no key given"), "{text}");
    // A broken token names the segment (Shift-Tab: back from the secret to the token field).
    press(&mut app, KeyCode::BackTab);
    tui_support::apply(&mut app, Action::Paste("!".into()));
    let text = screen_text(&app);
    assert!(text.contains("is not base64url"), "{text}");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Browse);
}

#[test]
fn a_live_countdown_ticks_only_while_it_is_on_screen() {
    let mut options = tui_support::options(120, 40);
    options.demo = false;
    options.now = 1_800_000_000;
    let mut app = App::new(tui_support::course(), options);
    app.run_jobs_inline();
    log_in(&mut app);
    assert_eq!(app.tick_interval(), None, "the login panel shows no countdown");
    focus(&mut app, "Token");
    assert_eq!(app.tick_interval(), Some(std::time::Duration::from_secs(1)));
    assert!(focused_panel_text(&app).contains("expires in 15m 0s"));
    tui_support::apply(&mut app, Action::Tick { now: 1_800_000_061 });
    assert!(focused_panel_text(&app).contains("expires in 13m 59s"), "{}", focused_panel_text(&app));
    tui_support::apply(&mut app, Action::GoTo(STEP1));
    assert_eq!(app.tick_interval(), None, "off screen, no ticks");
}

#[test]
fn pasting_onto_the_login_form_types_into_the_chosen_field() {
    let mut app = ready_app(80, 24);
    tui_support::apply(&mut app, Action::GoTo(STEP3));
    focus(&mut app, "Login");
    tui_support::apply(&mut app, Action::Paste("-pasted".into()));
    assert_eq!(app.engine.login_form.username.value(), "user1-pasted");
    assert_eq!(app.mode(), Mode::Editing);
    assert!(app.focused_panel() == PanelId::Live(PanelKind::LoginForm));
    // While editing, Tab moves to the password field and Ctrl-C still quits.
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.engine.login_form.selected, 1);
    let ctrl_c = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    let quit = keymap::action_for(&ctrl_c, app.mode()).unwrap();
    tui_support::apply(&mut app, quit);
    assert!(app.should_quit);
}

#[test]
fn a_login_happens_at_the_time_the_clock_says_not_at_start_up() {
    let mut options = tui_support::options(120, 40);
    options.demo = false;
    options.now = 1_800_000_000;
    let mut app = App::new(tui_support::course(), options);
    app.run_jobs_inline();
    tui_support::apply(&mut app, Action::Clock { now: 1_800_000_300 });
    log_in(&mut app);
    let token = app.engine.token.clone().unwrap();
    assert_eq!(jwt::decode(&token).unwrap().time_claim("iat"), Some(1_800_000_300));
}

#[test]
fn after_logout_shows_the_revocation_lesson_even_once_the_old_token_has_expired() {
    let mut app = ready_app(120, 40);
    // Scenario 7 moves the clock to the login token's exp; the old token is dead from then on.
    run_scenario(&mut app, Scenario::Expired);
    assert_eq!(statuses(&app, Scenario::Expired), [401]);
    assert!(reason(&app, Scenario::Expired, 0).contains("expired"));
    run_scenario(&mut app, Scenario::AfterLogout);
    assert_eq!(
        statuses(&app, Scenario::AfterLogout),
        [200, 401, 200],
        "a fresh login first, so the replayed JWT shows it outlives the logout"
    );
    let text = focused_panel_text(&app).replace('\n', " ");
    assert!(text.contains("it keeps working until exp"), "{text}");
    assert!(!text.contains("Not the usual outcome"), "{text}");
}

#[test]
fn the_expired_scenario_is_refused_for_expiry_even_after_a_new_secret() {
    let mut app = ready_app(120, 40);
    log_in(&mut app);
    tui_support::apply(&mut app, Action::GoTo(STEP2));
    focus(&mut app, "Config");
    press(&mut app, KeyCode::Enter);
    run_scenario(&mut app, Scenario::Expired);
    let why = reason(&app, Scenario::Expired, 0);
    assert!(why.contains("expired"), "the lesson says the signature is fine: {why}");
}

#[test]
fn a_refused_bearer_token_is_not_explained_as_a_success() {
    let mut app = ready_app(120, 40);
    run_scenario(&mut app, Scenario::Bearer);
    assert!(!focused_panel_text(&app).contains("Not the usual outcome"));
    for _ in 0..3 {
        press(&mut app, KeyCode::Char('+'));
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(statuses(&app, Scenario::Bearer), [401], "what the browser holds has expired");
    let text = focused_panel_text(&app);
    assert!(text.contains("Not the usual outcome"), "{text}");
    assert!(text.contains("with fresh credentials"), "{text}");
}

#[test]
fn editing_in_the_inspector_brings_the_verdict_back_into_view() {
    let mut app = ready_app(80, 24);
    log_in(&mut app);
    focus(&mut app, "Token");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Inspector);
    press(&mut app, KeyCode::PageDown);
    press(&mut app, KeyCode::PageDown);
    assert!(!screen_text(&app).contains("verdict"), "scrolled down to the claims");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "x");
    let text = screen_text(&app);
    assert!(text.contains("verdict   ✗ rejected"), "the new verdict is on screen: {text}");
    // Moving the cursor changes nothing, so it leaves the scroll alone.
    press(&mut app, KeyCode::PageDown);
    press(&mut app, KeyCode::Left);
    assert!(!screen_text(&app).contains("verdict"));
}

#[test]
fn the_scenarios_clock_line_stays_on_one_row_during_time_travel() {
    let mut app = ready_app(120, 40);
    run_scenario(&mut app, Scenario::Expired);
    press(&mut app, KeyCode::Home);
    let text = focused_panel_text(&app);
    let mut lines = text.lines();
    let clock = lines.next().unwrap();
    assert!(clock.contains("2026-01-01 00:15:00 UTC") && clock.contains("+15m 0s"), "{text}");
    assert!(lines.next().unwrap().contains("1. Bearer token"), "the list starts on the next row: {text}");
}

#[test]
fn the_inspector_checks_aud_against_its_audience_field_and_shows_controls_escaped() {
    let mut app = ready_app(120, 40);
    press(&mut app, KeyCode::Char('i'));
    let mut claims = jwt::login_claims("4\u{7f}2\u{202e}", app.clock(), 900, "abc");
    claims.insert("aud".into(), Value::from("api"));
    let token = jwt::sign(&claims, b"mysecretkey", jwt::Alg::HS256).unwrap();
    tui_support::apply(&mut app, Action::Paste(token));
    let text = screen_text(&app);
    assert!(text.contains("no audience: a token with an aud claim is rejected"), "{text}");
    assert!(text.contains("✗ rejected: token is meant for audience \"api\""), "{text}");
    // The claim is shown with its DEL and bidi override escaped, not dropped.
    assert!(text.contains(r#""sub": "4\u007f2\u202e""#), "{text}");
    assert!(!text.contains(['\u{7f}', '\u{202e}']), "{text:?}");
    // Tab Tab reaches the audience field (token → secret → aud); typing the audience accepts it.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "api");
    let text = screen_text(&app);
    assert!(text.contains("accepts tokens whose aud names \"api\""), "{text}");
    assert!(text.contains("verdict   ✓ valid"), "{text}");
    // Shift-Tab goes back: typing now lands in the secret field and breaks the signature.
    press(&mut app, KeyCode::BackTab);
    press(&mut app, KeyCode::Char('x'));
    assert!(screen_text(&app).contains("signature ✗ signature does not match"));
}

#[test]
fn a_report_with_a_leeway_over_five_minutes_shows_the_warning_row() {
    use jwt_session_tutor::theme::{Theme, ThemeName};
    let now = 1_767_225_600;
    let token = jwt::sign(&jwt::login_claims("1", now, 900, "j"), b"mysecretkey", jwt::Alg::HS256).unwrap();
    let rows_at = |leeway| {
        let options = jwt::VerifyOptions {
            alg: jwt::Alg::HS256,
            key: Some(b"mysecretkey".to_vec()),
            now,
            leeway,
            audience: None,
        };
        let report = jwt::verify(&token, &options);
        jwt_session_tutor::ui::panels::checks(&report, &Theme::get(ThemeName::Mono))
            .into_iter()
            .map(|(label, spans)| {
                format!("{label} {}", spans.iter().map(|s| s.content.as_ref()).collect::<String>())
            })
            .collect::<Vec<_>>()
    };
    let rows = rows_at(600);
    assert!(rows.iter().any(|row| row.starts_with("leeway ⚠ leeway 10m 0s is over 5 minutes")), "{rows:?}");
    assert!(!rows_at(300).iter().any(|row| row.contains('⚠') && row.contains("over 5 minutes")));
}
