//! The attack lab through its public API: every attack thrown at the real handler.

use jwt_session_tutor::auth::RandomSource;
use jwt_session_tutor::auth::jwt;
use jwt_session_tutor::labs::attacks::{AttackKind, AttackLab, AttackReport, Verdict};
use serde_json::json;

#[path = "support/seed_user.rs"]
mod seed_user;
use seed_user::users;

const T0: i64 = 1_795_461_682;

fn run(kind: AttackKind) -> AttackReport {
    AttackLab::new(&users(), RandomSource::seeded(9)).run(kind, T0)
}

fn statuses(report: &AttackReport) -> Vec<Option<u16>> {
    report.steps.iter().map(|step| step.exchange.as_ref().map(|exchange| exchange.status())).collect()
}

fn rejected_because(report: &AttackReport) -> &str {
    match &report.verdict {
        Verdict::Rejected(reason) => reason,
        Verdict::Accepted(reason) => panic!("{} was accepted: {reason}", report.title()),
    }
}

#[test]
fn alg_none_is_rejected_for_its_algorithm() {
    let report = run(AttackKind::AlgNone);
    assert_eq!(rejected_because(&report), "header alg is \"none\": unsigned tokens are never accepted");
    let forged = report.crafted.as_deref().unwrap();
    assert!(forged.ends_with('.'), "signature must be stripped: {forged}");
    assert_eq!(jwt::decode(forged).unwrap().alg(), Some("none"));
    let attempt = report.steps[1].exchange.as_ref().unwrap();
    assert_eq!(attempt.request.header("Authorization"), Some(format!("Bearer {forged}").as_str()));
    assert_eq!(attempt.status(), 401);
    assert!(!report.is_wrong_way());
    assert!(report.defence.contains("algorithms: ['HS256']"));
}

#[test]
fn edited_payload_is_rejected_for_its_signature() {
    let report = run(AttackKind::EditedPayload);
    assert_eq!(rejected_because(&report), "signature does not match (wrong secret or altered token)");
    let forged = jwt::decode(report.crafted.as_deref().unwrap()).unwrap();
    assert_eq!(forged.claims()["sub"], "2");
    assert_eq!(statuses(&report), [Some(200), Some(401)]);
}

#[test]
fn weak_secret_is_cracked_and_the_forgery_visibly_accepted() {
    let report = run(AttackKind::WeakSecret);
    assert!(report.is_wrong_way());
    let crack = report.crack.as_ref().unwrap();
    assert_eq!((crack.found.as_deref(), crack.attempts), (Some("mysecretkey"), 30));
    assert!(report.verdict.is_accepted(), "{:?}", report.verdict);
    assert!(report.verdict.reason().contains("\"mysecretkey\" was guessed offline"));
    let forged = report.crafted.as_deref().unwrap();
    assert_eq!(jwt::decode(forged).unwrap().claims()["jti"], "forged-by-attacker");
    let attempt = report.steps[2].exchange.as_ref().unwrap();
    assert_eq!(attempt.response.json(), &json!({"authenticated": true, "userId": 1, "via": "jwt"}));
    assert!(report.steps[0].note.contains("88 bits: too weak"));
}

#[test]
fn strong_secret_survives_the_same_list() {
    let report = run(AttackKind::StrongSecret);
    let crack = report.crack.as_ref().unwrap();
    assert_eq!((crack.found.as_deref(), crack.attempts, crack.list_len), (None, 40, 40));
    assert_eq!(rejected_because(&report), "signature does not match (wrong secret or altered token)");
    assert!(!report.is_wrong_way());
}

#[test]
fn stolen_credentials_replay_and_what_logout_stops() {
    let report = run(AttackKind::StolenTokenReplay);
    // login, JWT, cookie, logout, cookie after logout, JWT after logout, JWT with deny-list, JWT at exp.
    let expected = [200, 200, 200, 200, 401, 200, 401, 401].map(Some);
    assert_eq!(statuses(&report), expected);
    let reason =
        |step: usize| report.steps[step].exchange.as_ref().unwrap().response.json()["reason"].clone();
    assert!(reason(6).as_str().unwrap().contains("is on the deny-list"));
    assert!(reason(7).as_str().unwrap().starts_with("jwt: token expired 0s ago"));
    assert!(report.verdict.is_accepted());
    assert!(report.verdict.reason().starts_with("bearer tokens are bearer"));
    assert!(report.verdict.reason().contains("session copy got 401 but the JWT copy still got 200"));
}

#[test]
fn session_fixation_planted_id_is_useless_after_a_fresh_login() {
    let report = run(AttackKind::SessionFixation);
    let planted = report.crafted.clone().unwrap();
    assert_eq!(rejected_because(&report), "unknown session id (never issued, logged out or expired)");
    let login = report.steps[1].exchange.as_ref().unwrap();
    assert!(login.request.header("Cookie").unwrap().contains(&planted));
    assert_ne!(login.response.set_cookies()[0].value, planted);
    assert_eq!(statuses(&report), [None, Some(200), Some(401), Some(200)]);
}

#[test]
fn session_fixation_wrong_way_hands_the_attacker_the_session() {
    let report = run(AttackKind::SessionFixationWrongWay);
    assert!(report.is_wrong_way());
    let planted = report.crafted.clone().unwrap();
    let login = report.steps[1].exchange.as_ref().unwrap();
    assert_eq!(login.response.set_cookies()[0].value, planted);
    let attacker = report.steps[2].exchange.as_ref().unwrap();
    assert_eq!(attacker.response.json(), &json!({"authenticated": true, "userId": 1, "via": "session"}));
    assert!(report.verdict.is_accepted());
    assert!(report.defence_note.contains("keeps the id the browser brought"));
}

#[test]
fn cookie_without_http_only_is_read_by_script_and_replayed() {
    let report = run(AttackKind::ScriptReadableCookie);
    assert!(report.is_wrong_way());
    let stolen = report.crafted.clone().unwrap();
    assert!(stolen.starts_with("nextjs-session=") && stolen.len() > 40);
    assert!(report.steps[1].label.ends_with(&stolen));
    let set_cookie = report.steps[0].exchange.as_ref().unwrap().response.header("Set-Cookie").unwrap();
    assert!(!set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert_eq!(statuses(&report), [Some(200), None, Some(200)]);
    assert!(report.verdict.is_accepted());
}

#[test]
fn http_only_cookie_hides_the_id_but_not_requests_that_ride_it() {
    let report = run(AttackKind::HttpOnlyCookie);
    assert_eq!(report.crafted, None);
    assert!(report.steps[1].label.ends_with("\"\" (empty)"));
    assert_eq!(
        rejected_because(&report),
        "document.cookie is empty: the session cookie is HttpOnly, so the script had nothing to steal"
    );
    assert_eq!(statuses(&report), [Some(200), None, Some(401), Some(200)]);
    assert!(report.steps[3].note.starts_with("HttpOnly does not stop XSS-driven requests"));
}

#[test]
fn all_attacks_run_reproducibly_and_only_the_wrong_ways_and_bearer_replay_get_in() {
    // The guessing time is the one thing that differs between runs.
    let untimed = |mut reports: Vec<AttackReport>| {
        for report in &mut reports {
            if let Some(result) = &mut report.crack {
                result.elapsed = Default::default();
            }
        }
        reports
    };
    let first = untimed(AttackLab::new(&users(), RandomSource::seeded(3)).run_all(T0));
    let second = untimed(AttackLab::new(&users(), RandomSource::seeded(3)).run_all(T0));
    assert_eq!(first, second);

    assert_eq!(first.iter().map(|report| report.kind).collect::<Vec<_>>(), AttackKind::ALL);
    let accepted: Vec<bool> = first.iter().map(|report| report.verdict.is_accepted()).collect();
    let wrong_way: Vec<bool> = first.iter().map(AttackReport::is_wrong_way).collect();
    assert_eq!(accepted, [false, false, true, false, true, false, true, true, false]);
    assert_eq!(wrong_way, [false, false, true, false, false, false, true, true, false]);
    let headlines: Vec<String> = first.iter().map(|report| report.verdict.headline()).collect();
    assert_eq!(headlines[0], "✓ REJECTED");
    assert_eq!(headlines[2], "✗ ACCEPTED");
    let crack = first[2].crack.as_ref().unwrap();
    assert_eq!((crack.found.as_deref(), crack.attempts, crack.list_len), (Some("mysecretkey"), 30, 40));
}

#[test]
fn lab_can_move_to_a_worker_thread() {
    fn assert_send<T: Send + 'static>() {}
    assert_send::<AttackLab>();
    assert_send::<AttackReport>();
}

#[test]
fn the_decisive_attempt_is_the_one_the_verdict_is_about() {
    for report in AttackLab::new(&users(), RandomSource::seeded(4)).run_all(T0) {
        let attempt = report.decisive_exchange().unwrap_or_else(|| panic!("{}", report.title()));
        assert_eq!(attempt.status() == 200, report.verdict.is_accepted(), "{}", report.title());
        assert_ne!(report.steps[report.decisive].actor, "victim", "{}", report.title());
    }
}

#[test]
fn the_victims_browser_is_kept_for_the_cookie_attacks() {
    let readable = run(AttackKind::ScriptReadableCookie);
    let browser = readable.browser.as_ref().unwrap();
    let id = browser.jar.value("nextjs-session", browser.at).unwrap().to_string();
    let token = browser.jar.value("nextjs-jwt", browser.at).unwrap().to_string();
    // Both cookies share the cookie options, so without HttpOnly a script reads the JWT too.
    assert_eq!(browser.jar.document_cookie(browser.at), format!("nextjs-session={id}; nextjs-jwt={token}"));
    let hidden = run(AttackKind::HttpOnlyCookie);
    let browser = hidden.browser.as_ref().unwrap();
    assert!(browser.jar.value("nextjs-session", browser.at).is_some());
    assert_eq!(browser.jar.document_cookie(browser.at), "");
    assert!(run(AttackKind::AlgNone).browser.is_none());
}

#[test]
fn defences_are_told_in_next_js_terms_not_the_engine_s_rust() {
    for kind in AttackKind::ALL {
        let report = run(kind);
        for text in [&report.defence, &report.defence_note] {
            for internal in ["src/", ".rs ", ".rs)", "::", "config.", "AuthConfig", "SessionOptions"] {
                assert!(!text.contains(internal), "{}: `{internal}` in {text}", report.title());
            }
        }
    }
}
