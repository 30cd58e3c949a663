//! Both labs in `walkthrough` through the built binary: every scene of the scaling tour and every
//! attack is a section of real exchanges, with its settings, costs and verdict as notes.

use std::process::{Command, Output};

use jwt_session_tutor::auth::jwt;
use jwt_session_tutor::labs::scaling::{DENYLIST_COST, SHARED_STORE_COST, STICKY_COST};
use serde_json::Value;

#[path = "support/exchange_json.rs"]
mod exchange_json;
use exchange_json::header;

fn run(args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_jwt-session-tutor")).args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    output
}

fn demo_json() -> Value {
    serde_json::from_slice(&run(&["--demo", "walkthrough", "--json"]).stdout).unwrap()
}

/// The section whose title starts with `prefix`.
fn section<'a>(document: &'a Value, prefix: &str) -> &'a Value {
    let sections = document["steps"].as_array().unwrap();
    sections
        .iter()
        .find(|section| section["title"].as_str().unwrap().starts_with(prefix))
        .unwrap_or_else(|| panic!("no section titled {prefix}…"))
}

fn notes(section: &Value) -> Vec<&str> {
    section["notes"].as_array().unwrap().iter().map(|note| note.as_str().unwrap()).collect()
}

fn note_starting<'a>(section: &'a Value, prefix: &str) -> &'a str {
    notes(section)
        .into_iter()
        .find(|note| note.starts_with(prefix))
        .unwrap_or_else(|| panic!("no note starting {prefix} in {}", section["title"]))
}

/// `(label, status, via or reason)` for each exchange.
fn outcomes(section: &Value) -> Vec<(String, u64, String)> {
    section["exchanges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|exchange| {
            let body = &exchange["response"]["body"];
            let detail = body["via"].as_str().or(body["reason"].as_str()).unwrap_or_default();
            (
                exchange["label"].as_str().unwrap().to_string(),
                exchange["response"]["status"].as_u64().unwrap(),
                detail.to_string(),
            )
        })
        .collect()
}

#[test]
fn the_labs_follow_the_four_steps_in_order() {
    let document = demo_json();
    let titles: Vec<&str> =
        document["steps"].as_array().unwrap().iter().map(|s| s["title"].as_str().unwrap()).collect();
    assert_eq!(titles.len(), 4 + 6 + 9, "{titles:?}");
    assert!(
        titles[4..10].iter().enumerate().all(|(i, t)| t.starts_with(&format!("Scaling lab {}/6: ", i + 1)))
    );
    assert!(
        titles[10..].iter().enumerate().all(|(i, t)| t.starts_with(&format!("Attack lab {}/9: ", i + 1)))
    );
    let times: Vec<i64> = document["steps"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["exchanges"].as_array().unwrap().iter().map(|e| e["at"].as_i64().unwrap()))
        .collect();
    assert!(times.windows(2).all(|pair| pair[0] <= pair[1]), "the clock never runs backwards: {times:?}");
}

#[test]
fn a_session_in_a_memory_is_refused_by_b_until_sticky_or_shared() {
    let document = demo_json();
    let memory = section(&document, "Scaling lab 1/6: Sessions in per-instance memory");
    assert!(note_starting(memory, "Toggles: ").contains("sticky sessions off, shared session store off"));
    let outcomes_memory = outcomes(memory);
    assert_eq!(outcomes_memory[0].0, "login → A (round robin)");
    assert_eq!(outcomes_memory[0].1, 200);
    let (label, status, reason) = &outcomes_memory[1];
    assert_eq!((label.as_str(), *status), ("GET with session cookie → B (round robin)", 401));
    assert!(
        reason.ends_with("session: unknown session id (never issued, logged out or expired)"),
        "{reason}"
    );
    let why = memory["exchanges"][1]["explanation"].as_str().unwrap();
    assert!(
        why.starts_with("B's own memory has no such session id: the session lives only in A's own memory")
    );
    assert_eq!((outcomes_memory[2].1, outcomes_memory[2].2.as_str()), (200, "session"));
    assert!(!notes(memory).iter().any(|note| note.starts_with("Cost: ")), "nothing on, nothing to pay");

    let sticky = section(&document, "Scaling lab 2/6: Sticky sessions");
    assert_eq!(note_starting(sticky, "Cost: "), format!("Cost: {STICKY_COST}"));
    let labels: Vec<String> =
        outcomes(sticky).into_iter().map(|(label, status, _)| format!("{label} {status}")).collect();
    assert_eq!(
        labels,
        [
            "login → A (round robin) 200",
            "GET with session cookie → A (sticky) 200",
            "GET with session cookie → A (sticky) 200"
        ]
    );

    let shared = section(&document, "Scaling lab 3/6: Shared session store");
    assert_eq!(note_starting(shared, "Cost: "), format!("Cost: {SHARED_STORE_COST}"));
    let on_b = &outcomes(shared)[1];
    assert_eq!(
        (on_b.0.as_str(), on_b.1, on_b.2.as_str()),
        ("GET with session cookie → B (round robin)", 200, "session")
    );
    // The cookie B accepted is the one A set at login.
    let set = header(&shared["exchanges"][0]["response"], "Set-Cookie").unwrap();
    let sent = header(&shared["exchanges"][1]["request"], "Cookie").unwrap();
    assert!(set.starts_with(&format!("{sent};")), "{set} / {sent}");
}

#[test]
fn the_jwt_is_accepted_on_both_instances_and_revoked_only_with_a_denylist() {
    let document = demo_json();
    let both = section(&document, "Scaling lab 4/6: JWT on both instances");
    let outcomes_both: Vec<(String, u64, String)> = outcomes(both);
    assert_eq!(outcomes_both[1], ("GET with Bearer JWT → B (round robin)".into(), 200, "jwt".into()));
    assert_eq!(outcomes_both[2], ("GET with Bearer JWT → A (round robin)".into(), 200, "jwt".into()));
    assert!(header(&both["exchanges"][1]["request"], "Cookie").is_none(), "the token alone");

    let direct = |section: &Value, what: &str| -> Vec<u64> {
        outcomes(section)
            .into_iter()
            .filter(|(label, _, _)| label.starts_with(what) && label.ends_with("(direct)"))
            .map(|(_, status, _)| status)
            .collect()
    };
    let without = section(&document, "Scaling lab 5/6: Logout without a deny-list");
    assert_eq!(direct(without, "GET with session cookie"), [401, 401]);
    assert_eq!(direct(without, "GET with Bearer JWT"), [200, 200], "the JWT copy outlives logout");
    assert!(notes(without).iter().any(|n| n.contains("JWT: A 200, B 200. JWT without a deny-list")));

    let with = section(&document, "Scaling lab 6/6: Logout with a jti deny-list");
    assert!(notes(with).contains(&format!("Cost: {DENYLIST_COST}").as_str()));
    assert_eq!(direct(with, "GET with session cookie"), [401, 401]);
    assert_eq!(direct(with, "GET with Bearer JWT"), [401, 401]);
    let (_, _, reason) = outcomes(with).into_iter().last().unwrap();
    assert!(reason.starts_with("jwt: ") && reason.contains("is on the deny-list"), "{reason}");
    let logout_why = with["exchanges"][1]["explanation"].as_str().unwrap();
    assert!(logout_why.contains("on the shared deny-list"), "{logout_why}");
    assert!(notes(with).iter().any(|n| n.contains("JWT: A 401, B 401. JWT with a jti deny-list")));
}

#[test]
fn every_attack_states_its_verdict_reason_and_defence() {
    let document = demo_json();
    let expected = [
        ("alg: none", "✓ REJECTED: header alg is \"none\": unsigned tokens are never accepted"),
        ("Edited payload", "✓ REJECTED: signature does not match (wrong secret or altered token)"),
        ("Weak secret", "✗ ACCEPTED: the secret \"mysecretkey\" was guessed offline"),
        ("Strong secret", "✓ REJECTED: signature does not match (wrong secret or altered token)"),
        ("Stolen credentials", "✗ ACCEPTED: bearer tokens are bearer"),
        ("Session fixation: fresh id", "✓ REJECTED: unknown session id"),
        ("Session fixation: planted id kept", "✗ ACCEPTED: the attacker's planted id is now the victim's"),
        (
            "Session cookie without HttpOnly",
            "✗ ACCEPTED: the script read the session id from document.cookie",
        ),
        ("Session cookie with HttpOnly", "✓ REJECTED: document.cookie is empty"),
    ];
    for (index, (title, verdict)) in expected.into_iter().enumerate() {
        let attack = section(&document, &format!("Attack lab {}/9: {title}", index + 1));
        let stated = note_starting(attack, "Verdict: ");
        assert!(stated.starts_with(&format!("Verdict: {verdict}")), "{stated}");
        assert!(note_starting(attack, "Stopped by: ").len() > "Stopped by: ".len());
        assert!(note_starting(attack, "Goal: ").len() > "Goal: ".len());
        for exchange in attack["exchanges"].as_array().unwrap() {
            assert!(!exchange["explanation"].as_str().unwrap().is_empty());
        }
    }
    let alg_none = section(&document, "Attack lab 1/9");
    let forged = header(&alg_none["exchanges"][1]["request"], "Authorization").unwrap();
    let forged = forged.strip_prefix("Bearer ").unwrap();
    assert!(forged.ends_with('.'), "signature stripped: {forged}");
    assert_eq!(jwt::decode(forged).unwrap().alg(), Some("none"));
    assert!(note_starting(alg_none, "Stopped by: ").contains("algorithms: ['HS256']"));
}

#[test]
fn the_wrong_way_variants_are_marked_and_visibly_accepted() {
    let document = demo_json();
    let wrong: Vec<&Value> = document["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["title"].as_str().unwrap().ends_with(" [THE WRONG WAY]"))
        .collect();
    let titles: Vec<&str> = wrong.iter().map(|s| s["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "Attack lab 3/9: Weak secret cracked, token forged [THE WRONG WAY]",
            "Attack lab 7/9: Session fixation: planted id kept [THE WRONG WAY]",
            "Attack lab 8/9: Session cookie without HttpOnly [THE WRONG WAY]",
        ]
    );
    for section in &wrong {
        assert!(notes(section)[0].starts_with("THE WRONG WAY: this server is deliberately misconfigured"));
        assert!(note_starting(section, "Verdict: ").starts_with("Verdict: ✗ ACCEPTED: "));
        // The attacker's own request got in.
        let attacker_in = outcomes(section).into_iter().any(|(label, status, _)| {
            label.starts_with("[attacker]") && status == 200 && !label.contains("logs in")
        });
        assert!(attacker_in, "{}", section["title"]);
    }

    let weak = wrong[0];
    assert_eq!(note_starting(weak, "Guessing: "), "Guessing: found \"mysecretkey\" after 30 of 40 guesses");
    let forged =
        header(&weak["exchanges"][1]["request"], "Authorization").unwrap().strip_prefix("Bearer ").unwrap();
    assert_eq!(jwt::decode(forged).unwrap().claims()["jti"], "forged-by-attacker");
    assert_eq!(weak["exchanges"][1]["response"]["body"]["via"], "jwt");

    let fixation = wrong[1];
    let planted =
        note_starting(fixation, "Attacker's credential: ").strip_prefix("Attacker's credential: ").unwrap();
    assert_eq!(planted.len(), 43, "a real-looking 256-bit id: {planted}");
    let set = header(&fixation["exchanges"][0]["response"], "Set-Cookie").unwrap();
    assert!(set.starts_with(&format!("nextjs-session={planted};")), "the server kept the planted id: {set}");
    let safe = section(&document, "Attack lab 6/9");
    let set = header(&safe["exchanges"][0]["response"], "Set-Cookie").unwrap();
    assert!(!set.contains(
        note_starting(safe, "Attacker's credential: ").trim_start_matches("Attacker's credential: ")
    ));

    let script_readable = wrong[2];
    let set = header(&script_readable["exchanges"][0]["response"], "Set-Cookie").unwrap();
    assert!(!set.contains("HttpOnly"), "{set}");
    assert!(
        note_starting(script_readable, "Step without a request: [injected script] reads document.cookie")
            .contains("nextjs-session=")
    );
}

#[test]
fn cracking_time_is_shown_only_outside_demo_mode() {
    let demo = String::from_utf8(run(&["--demo", "walkthrough"]).stdout).unwrap();
    assert!(demo.contains("  Guessing: found \"mysecretkey\" after 30 of 40 guesses\n"), "no time in --demo");
    assert!(demo.contains("  Guessing: no match in 40 guesses\n"));
    assert!(!demo.contains(" ms\n"));
    assert_eq!(demo, String::from_utf8(run(&["--demo", "walkthrough"]).stdout).unwrap());

    let live = String::from_utf8(run(&["walkthrough"]).stdout).unwrap();
    let timed = live.lines().find(|line| line.starts_with("  Guessing: found \"mysecretkey\"")).unwrap();
    let millis = timed.strip_prefix("  Guessing: found \"mysecretkey\" after 30 of 40 guesses in ").unwrap();
    let millis: f64 = millis.strip_suffix(" ms").unwrap().parse().unwrap();
    assert!(millis > 0.0 && millis < 60_000.0, "{timed}");
}

#[test]
fn text_shows_each_lab_section_with_its_notes() {
    let text = String::from_utf8(run(&["--demo", "walkthrough"]).stdout).unwrap();
    let document = demo_json();
    for section in &document["steps"].as_array().unwrap()[4..] {
        let title = section["title"].as_str().unwrap();
        let mut block = format!("\n\n{title}\n");
        for note in notes(section) {
            block.push_str(&format!("  {note}\n"));
        }
        assert!(text.contains(&block), "{block}");
    }
}
