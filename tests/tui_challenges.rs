//! The challenges screen driven through `update` as a learner would: Enter on a challenge (the
//! victim's login runs on the worker), the workbench with the captured token, a credential forged BY
//! HAND in this test (support/forge.rs: base64url + HMAC with the hmac/sha2 crates, not the tutorial's
//! jwt code) pasted in and sent; solved or refused with the server's reason, "show me" only after a
//! try, solves and reveals saved; solving them is the attack lab's task (header, outline, Summary and
//! `progress --json` agree); snapshots of a solved challenge and of the workbench.

mod tui_support;

#[path = "support/forge.rs"]
mod forge;

use jwt_session_tutor::app::tasks::ScreenProgress;
use jwt_session_tutor::app::workbench::WorkbenchKey;
use jwt_session_tutor::app::{Action, App, Overlay};
use jwt_session_tutor::labs::challenges::ChallengeKind;
use jwt_session_tutor::lessons;
use jwt_session_tutor::progress::{Progress, ProgressStore};
use serde_json::{Value, json};
use tui_input::InputRequest;
use tui_support::{apply, focus, focused_panel_text, mask_timings, screen_text};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];
/// The `--demo` clock the tests' app runs on.
const NOW: i64 = 1_767_225_600;

/// The built-in course at the challenges screen, the Challenges panel focused, the server ready.
fn challenge_app(width: u16, height: u16) -> App {
    let course = lessons::builtin().expect("the built-in lessons load");
    let mut app = App::new(course, tui_support::options(width, height));
    app.run_jobs_inline();
    let index = (0..app.screens.len()).find(|&i| app.screen_id(i) == "attack-lab").unwrap();
    apply(&mut app, Action::GoTo(index));
    focus(&mut app, "Challenges");
    app
}

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Chooses `kind` and presses Enter: the victim's part runs on the worker, then the workbench opens.
fn open(app: &mut App, kind: ChallengeKind) {
    if matches!(app.overlay, Some(Overlay::Workbench(_))) {
        apply(app, Action::CloseOverlay);
    }
    apply(app, Action::Top);
    let index = ChallengeKind::ALL.iter().position(|candidate| *candidate == kind).unwrap();
    for _ in 0..index {
        apply(app, Action::Down);
    }
    apply(app, Action::Activate);
    app.run_jobs_inline();
    tui_support::draw(app);
    assert!(matches!(app.overlay, Some(Overlay::Workbench(_))), "the workbench opened");
}

/// The token the attacker captured, as the screen shows it.
fn captured(app: &App, kind: ChallengeKind) -> String {
    app.labs.challenges.briefing(kind).unwrap().captured_token.clone().unwrap()
}

/// Pastes `text` into the workbench's current field and presses Enter (the worker answers).
fn paste_and_send(app: &mut App, text: &str) {
    apply(app, Action::Paste(text.to_string()));
    apply(app, Action::Activate);
    app.run_jobs_inline();
    tui_support::draw(app);
}

fn solved(app: &App, kind: ChallengeKind) -> bool {
    app.labs.challenges.solved.contains(&kind)
}

fn why(app: &App, kind: ChallengeKind) -> String {
    app.labs.challenges.attempt(kind).unwrap().why.clone()
}

fn payload_as_user_2(token: &str) -> Value {
    let mut payload = forge::read_segment(token, 1);
    payload["sub"] = json!("2");
    payload
}

#[test]
fn each_challenge_is_solved_with_a_hand_forged_credential() {
    let mut app = challenge_app(120, 40);

    open(&mut app, ChallengeKind::AlgNone);
    let token = captured(&app, ChallengeKind::AlgNone);
    let unsigned = format!(
        "{}.{}.",
        forge::segment(&json!({"alg": "none", "typ": "JWT"})),
        forge::segment(&payload_as_user_2(&token))
    );
    paste_and_send(&mut app, &unsigned);
    assert!(solved(&app, ChallengeKind::AlgNone), "{}", why(&app, ChallengeKind::AlgNone));
    let screen = flat(&screen_text(&app));
    assert!(screen.contains("✓ SOLVED: the unsigned token was accepted as user 2"), "{screen}");
    assert!(screen.contains("refused: header alg is \"none\":"), "{screen}");

    open(&mut app, ChallengeKind::WeakSecret);
    let token = captured(&app, ChallengeKind::WeakSecret);
    let words = app.labs.challenges.briefing(ChallengeKind::WeakSecret).unwrap().wordlist.unwrap();
    let secret = forge::crack(&token, words.iter().copied()).unwrap();
    let header = json!({"alg": "HS256", "typ": "JWT"});
    paste_and_send(
        &mut app,
        &forge::signed(&header, &json!({"sub": "2", "exp": NOW + 3600}), secret.as_bytes()),
    );
    assert!(solved(&app, ChallengeKind::WeakSecret), "{}", why(&app, ChallengeKind::WeakSecret));

    open(&mut app, ChallengeKind::DecodeOnly);
    let token = captured(&app, ChallengeKind::DecodeOnly);
    let parts: Vec<&str> = token.split('.').collect();
    paste_and_send(
        &mut app,
        &format!("{}.{}.{}", parts[0], forge::segment(&payload_as_user_2(&token)), parts[2]),
    );
    assert!(solved(&app, ChallengeKind::DecodeOnly), "{}", why(&app, ChallengeKind::DecodeOnly));

    open(&mut app, ChallengeKind::JwtAfterLogout);
    // The workbench holds the stolen token as captured: Enter replays it unchanged.
    apply(&mut app, Action::Activate);
    app.run_jobs_inline();
    assert!(solved(&app, ChallengeKind::JwtAfterLogout), "{}", why(&app, ChallengeKind::JwtAfterLogout));
    assert!(
        app.labs
            .challenges
            .attempt(ChallengeKind::JwtAfterLogout)
            .unwrap()
            .correct_verdict
            .starts_with("refused: token revoked")
    );
    // The stolen session cookie, sent instead: it died at logout.
    apply(&mut app, Action::Workbench(WorkbenchKey::SendAs));
    apply(&mut app, Action::Activate);
    app.run_jobs_inline();
    let attempt = app.labs.challenges.attempt(ChallengeKind::JwtAfterLogout).unwrap();
    assert_eq!(attempt.vulnerable.status(), 401, "the cookie is dead");
    assert!(attempt.why.starts_with("the server refused it: "), "{}", attempt.why);
    assert!(solved(&app, ChallengeKind::JwtAfterLogout), "a solve stays solved");

    open(&mut app, ChallengeKind::SessionFixation);
    paste_and_send(&mut app, "nextjs-session=attacker-chosen-id");
    assert!(solved(&app, ChallengeKind::SessionFixation), "{}", why(&app, ChallengeKind::SessionFixation));

    apply(&mut app, Action::CloseOverlay);
    let panel = flat(&focused_panel_text(&app));
    assert!(panel.starts_with("challenges: 5 of 5 solved"), "{panel}");
}

#[test]
fn wrong_credentials_are_refused_with_the_servers_reason() {
    let mut app = challenge_app(120, 40);
    open(&mut app, ChallengeKind::WeakSecret);
    let token = captured(&app, ChallengeKind::WeakSecret);
    // A wrong guess at the secret.
    let header = json!({"alg": "HS256", "typ": "JWT"});
    paste_and_send(&mut app, &forge::signed(&header, &json!({"sub": "2", "exp": NOW + 3600}), b"secret"));
    assert!(!solved(&app, ChallengeKind::WeakSecret));
    assert_eq!(
        why(&app, ChallengeKind::WeakSecret),
        "the server refused it: signature does not match (wrong secret or altered token)"
    );
    // The alg:none token against this server, which pins HS256.
    let unsigned = format!(
        "{}.{}.",
        forge::segment(&json!({"alg": "none"})),
        forge::segment(&payload_as_user_2(&token))
    );
    apply(&mut app, Action::Input(InputRequest::DeleteLine));
    paste_and_send(&mut app, &unsigned);
    assert_eq!(
        why(&app, ChallengeKind::WeakSecret),
        "the server refused it: header alg is \"none\": unsigned tokens are never accepted"
    );
    let screen = flat(&screen_text(&app));
    assert!(screen.contains("✗ not solved: the server refused it: header alg is \"none\""), "{screen}");
    assert!(!solved(&app, ChallengeKind::WeakSecret));
}

#[test]
fn the_workbench_starts_from_the_captured_token_and_signs_what_the_learner_chooses() {
    let mut app = challenge_app(120, 40);
    open(&mut app, ChallengeKind::AlgNone);
    let token = captured(&app, ChallengeKind::AlgNone);
    let Some(Overlay::Workbench(workbench)) = &app.overlay else { unreachable!() };
    assert_eq!(
        workbench.build().unwrap().token(),
        token,
        "nothing forged for the learner: the token as captured"
    );

    // The learner's own forgery, in the workbench: algorithm none (after the kept signature, HS256,
    // HS384 and HS512), then sub "2" typed into the payload.
    for _ in 0..4 {
        apply(&mut app, Action::Workbench(WorkbenchKey::Algorithm));
    }
    apply(&mut app, Action::FocusNext);
    apply(&mut app, Action::Input(InputRequest::DeleteLine));
    apply(&mut app, Action::Paste(payload_as_user_2(&token).to_string()));
    let Some(Overlay::Workbench(workbench)) = &app.overlay else { unreachable!() };
    assert_eq!(workbench.header.value(), r#"{"typ":"JWT","alg":"none"}"#, "choosing none rewrote the header");
    let built = workbench.build().unwrap().token();
    assert!(built.ends_with('.'), "no signature: {built}");
    assert_eq!(forge::read_segment(&built, 1)["sub"], "2");
    assert!(flat(&screen_text(&app)).contains("signature empty: algorithm none: no signature"));
    apply(&mut app, Action::Activate);
    app.run_jobs_inline();
    assert!(solved(&app, ChallengeKind::AlgNone));

    // Broken JSON says where.
    apply(&mut app, Action::Input(InputRequest::DeleteLine));
    apply(&mut app, Action::Paste("{\"sub\":".into()));
    assert!(
        flat(&screen_text(&app))
            .contains("✗ payload is not JSON: EOF while parsing a value at line 1 column 7")
    );
}

#[test]
fn show_me_opens_only_after_a_try_and_solves_and_reveals_are_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = challenge_app(80, 24);
    app.attach_progress(ProgressStore::at(dir.path()), Progress::default(), None);
    apply(&mut app, Action::ShowSolution);
    assert!(app.labs.challenges.revealed.is_empty());
    assert_eq!(
        app.status.as_deref(),
        Some("show me opens after your first try: forge something and send it")
    );
    assert!(app.screen_hints().reveal.is_none(), "no show-me word before a try");

    open(&mut app, ChallengeKind::SessionFixation);
    paste_and_send(&mut app, "nextjs-session=mine");
    apply(&mut app, Action::CloseOverlay);
    assert_eq!(app.screen_hints().reveal.as_deref(), Some("show me"));
    // Still on session fixation, now tried: s shows the worked solution.
    assert_eq!(app.labs.challenges.selected_kind(), ChallengeKind::SessionFixation);
    apply(&mut app, Action::ShowSolution);
    assert!(app.labs.challenges.revealed.contains(&ChallengeKind::SessionFixation));
    assert!(flat(&focused_panel_text(&app)).contains("worked solution (shown on request)"));

    let (_, saved) = app.progress_to_save().expect("changed");
    assert!(saved.challenges_solved.contains("session-fixation"));
    assert!(saved.challenges_revealed.contains("session-fixation"));

    // A new run with that progress shows it solved.
    let mut again = challenge_app(80, 24);
    again.attach_progress(ProgressStore::at(dir.path()), saved, None);
    assert!(again.labs.challenges.solved.contains(&ChallengeKind::SessionFixation));
}

#[test]
fn the_inspector_opens_its_token_in_the_workbench() {
    let mut app = challenge_app(120, 40);
    let token = forge::signed(&json!({"alg": "HS256"}), &json!({"sub": "1"}), b"k");
    apply(&mut app, Action::OpenInspector);
    apply(&mut app, Action::Paste(token.clone()));
    apply(&mut app, Action::OpenWorkbench);
    let Some(Overlay::Workbench(workbench)) = &app.overlay else { panic!("the workbench opened") };
    assert_eq!(workbench.build().unwrap().token(), token);
}

fn snapshot(name: &str, app: &App) {
    insta::assert_snapshot!(
        format!("{name}_{}x{}", app.size.width, app.size.height),
        mask_timings(&screen_text(app))
    );
}

#[test]
fn solved_challenge_and_workbench_at_both_sizes() {
    for (width, height) in SIZES {
        let mut app = challenge_app(width, height);
        open(&mut app, ChallengeKind::AlgNone);
        snapshot("workbench_alg_none", &app);
        let token = captured(&app, ChallengeKind::AlgNone);
        let unsigned = format!(
            "{}.{}.",
            forge::segment(&json!({"alg": "none", "typ": "JWT"})),
            forge::segment(&payload_as_user_2(&token))
        );
        paste_and_send(&mut app, &unsigned);
        snapshot("workbench_alg_none_solved", &app);
        apply(&mut app, Action::CloseOverlay);
        snapshot("challenge_alg_none_solved", &app);
    }
}

/// Forges `kind`'s credential by hand from what the attacker captured and sends it.
fn solve(app: &mut App, kind: ChallengeKind) {
    open(app, kind);
    match kind {
        ChallengeKind::AlgNone => {
            let token = captured(app, kind);
            let header = forge::segment(&json!({"alg": "none", "typ": "JWT"}));
            paste_and_send(app, &format!("{header}.{}.", forge::segment(&payload_as_user_2(&token))));
        }
        ChallengeKind::WeakSecret => {
            let token = captured(app, kind);
            let words = app.labs.challenges.briefing(kind).unwrap().wordlist.unwrap();
            let secret = forge::crack(&token, words.iter().copied()).unwrap();
            let header = json!({"alg": "HS256", "typ": "JWT"});
            let payload = json!({"sub": "2", "exp": NOW + 3600});
            paste_and_send(app, &forge::signed(&header, &payload, secret.as_bytes()));
        }
        ChallengeKind::DecodeOnly => {
            let token = captured(app, kind);
            let parts: Vec<&str> = token.split('.').collect();
            let payload = forge::segment(&payload_as_user_2(&token));
            paste_and_send(app, &format!("{}.{payload}.{}", parts[0], parts[2]));
        }
        ChallengeKind::JwtAfterLogout => {
            apply(app, Action::Activate);
            app.run_jobs_inline();
        }
        ChallengeKind::SessionFixation => paste_and_send(app, "nextjs-session=attacker-chosen-id"),
    }
    assert!(solved(app, kind), "{}", why(app, kind));
    apply(app, Action::CloseOverlay);
}

/// The Summary's whole lesson panel, on one line.
fn summary_text(app: &mut App) -> String {
    let back = app.current;
    apply(app, Action::GoTo(app.screens.len() - 1));
    focus(app, "Lesson");
    let text = flat(&focused_panel_text(app));
    apply(app, Action::GoTo(back));
    focus(app, "Challenges");
    text
}

/// `progress --json` on the progress file in `state_home`, as a learner or teacher would run it.
fn progress_json(state_home: &std::path::Path) -> Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jwt-session-tutor"))
        .args(["progress", "--json"])
        .env("XDG_STATE_HOME", state_home)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn solving_the_challenges_is_the_attack_lab_task_in_the_tui_and_in_progress() {
    let state_home = tempfile::tempdir().unwrap();
    let store = ProgressStore::at(state_home.path().join("jwt-session-tutor"));
    let mut app = challenge_app(120, 40);
    app.attach_progress(store.clone(), Progress::default(), None);
    let lab = app.current;
    let ids: Vec<String> = app.tasks_of(lab).into_iter().map(|task| task.id).collect();
    let expected: Vec<String> =
        ChallengeKind::ALL.iter().map(|kind| format!("challenge:{}", kind.id())).collect();
    assert_eq!(ids, expected, "the attack lab's tasks are its challenges");
    assert_eq!(app.screen_progress(lab), ScreenProgress::Seen);

    // A try that fails finishes nothing; "show me" after it is noted, not counted as solved.
    open(&mut app, ChallengeKind::WeakSecret);
    let header = json!({"alg": "HS256", "typ": "JWT"});
    paste_and_send(&mut app, &forge::signed(&header, &json!({"sub": "2", "exp": NOW + 3600}), b"secret"));
    apply(&mut app, Action::CloseOverlay);
    apply(&mut app, Action::ShowSolution);
    assert!(!app.is_task_done("challenge:weak-secret"));

    solve(&mut app, ChallengeKind::SessionFixation);
    assert!(app.is_task_done("challenge:session-fixation"));
    assert_eq!(app.screen_progress(lab), ScreenProgress::Seen, "four challenges are left");
    assert!(!app.done.contains(&lab));
    let summary = summary_text(&mut app);
    assert!(summary.contains("Challenges: 1 of 5 solved (Fix the session id before login)."), "{summary}");
    assert!(
        summary.contains("Worked solution shown with \"show me\": Crack the weak secret, sign as user 2."),
        "{summary}"
    );
    assert!(summary.contains("solve the challenge: alg: none against an unpinned verifier"), "{summary}");
    apply(&mut app, Action::ToggleOutline);
    assert!(flat(&screen_text(&app)).contains("Lab: attacks against the login (4 to do)"));
    apply(&mut app, Action::CloseOverlay);

    for kind in [ChallengeKind::AlgNone, ChallengeKind::WeakSecret, ChallengeKind::DecodeOnly] {
        solve(&mut app, kind);
    }
    assert_eq!(app.screen_progress(lab), ScreenProgress::Seen, "one challenge is left");
    let done_before = app.done.len();
    assert!(!app.done.contains(&lab) && flat(&screen_text(&app)).contains(&format!("· {done_before} done")));
    solve(&mut app, ChallengeKind::JwtAfterLogout);
    assert_eq!(app.screen_progress(lab), ScreenProgress::Done);
    assert!(app.done.contains(&lab), "the header and the outline count it done");
    let header = screen_text(&app).lines().next().unwrap().to_string();
    assert!(header.contains(&format!("10/12 · {} done", done_before + 1)), "{header}");
    let summary = summary_text(&mut app);
    assert!(summary.contains("Challenges: 5 of 5 solved"), "{summary}");
    assert!(summary.contains("Done, every task: Lab: attacks against the login."), "{summary}");

    let (_, saved) = app.progress_to_save().expect("changed");
    store.save(&saved).unwrap();
    let report = progress_json(state_home.path());
    let screen = report["screens"].as_array().unwrap().iter().find(|s| s["id"] == "attack-lab").unwrap();
    assert_eq!(screen["state"], "done", "{screen}");
    let tasks = screen["tasks"].as_array().unwrap();
    let ids: Vec<&str> = tasks.iter().map(|task| task["id"].as_str().unwrap()).collect();
    assert_eq!(ids, expected);
    assert!(tasks.iter().all(|task| task["done"] == true), "{screen}");
    let shown: Vec<&str> = tasks
        .iter()
        .filter(|task| task["solution_shown"] == true)
        .map(|task| task["id"].as_str().unwrap())
        .collect();
    assert_eq!(shown, ["challenge:weak-secret"]);
}
