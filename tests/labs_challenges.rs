//! The challenges through their public API: each solved with a credential forged by hand (see
//! support/forge.rs), refused when wrong, and refused by the correct server with its reason.

use jwt_session_tutor::labs::challenges::{
    Attempt, AttemptError, ChallengeKind, ChallengeLab, Credential, CredentialKind,
};
use serde_json::{Value, json};

#[path = "support/forge.rs"]
mod forge;
#[path = "support/seed_user.rs"]
mod seed_user;

const T0: i64 = 1_795_461_682;

fn lab() -> ChallengeLab {
    ChallengeLab::new(&seed_user::users())
}

fn captured(kind: ChallengeKind) -> String {
    lab().briefing(kind, T0).captured_token.expect("a captured token")
}

fn try_token(kind: ChallengeKind, token: &str) -> Attempt {
    lab().attempt(kind, &Credential::Token(token.to_string()), T0 + 60).expect("an attempt")
}

/// The captured token's payload with `sub` changed to "2".
fn payload_as_user_2(token: &str) -> Value {
    let mut payload = forge::read_segment(token, 1);
    payload["sub"] = json!("2");
    payload
}

#[test]
fn alg_none_is_solved_by_an_unsigned_token_and_refused_by_the_pinned_server() {
    let token = captured(ChallengeKind::AlgNone);
    let header = json!({"alg": "none", "typ": "JWT"});
    let forged = format!("{}.{}.", forge::segment(&header), forge::segment(&payload_as_user_2(&token)));
    let attempt = try_token(ChallengeKind::AlgNone, &forged);
    assert!(attempt.solved, "{}", attempt.why);
    assert_eq!(attempt.vulnerable.response.json()["userId"], 2);
    assert_eq!(attempt.correct.status(), 401);
    assert_eq!(
        attempt.correct_verdict,
        "refused: header alg is \"none\": unsigned tokens are never accepted"
    );

    // The captured token as it is: accepted, but as user 1, so not solved.
    let unchanged = try_token(ChallengeKind::AlgNone, &token);
    assert!(!unchanged.solved);
    assert_eq!(unchanged.why, "accepted, but as user 1: the goal is user 2");

    // sub 2 with a signature made up by guessing a key: the header says HS256, so it is checked.
    let guessed = forge::signed(&json!({"alg": "HS256", "typ": "JWT"}), &payload_as_user_2(&token), b"guess");
    let refused = try_token(ChallengeKind::AlgNone, &guessed);
    assert!(!refused.solved);
    assert_eq!(
        refused.why,
        "the server refused it: signature does not match (wrong secret or altered token)"
    );
}

#[test]
fn weak_secret_is_cracked_by_hand_and_a_token_for_user_2_accepted() {
    let briefing = lab().briefing(ChallengeKind::WeakSecret, T0);
    let token = briefing.captured_token.expect("token");
    let words = briefing.wordlist.expect("the shipped word list");
    let secret = forge::crack(&token, words.iter().copied()).expect("the list holds the secret");
    assert_eq!(secret, "mysecretkey");
    let header = json!({"alg": "HS256", "typ": "JWT"});
    let payload = json!({"sub": "2", "exp": T0 + 3600});
    let attempt = try_token(ChallengeKind::WeakSecret, &forge::signed(&header, &payload, secret.as_bytes()));
    assert!(attempt.solved, "{}", attempt.why);
    assert_eq!(attempt.correct_verdict, "refused: signature does not match (wrong secret or altered token)");

    let wrong_guess = try_token(ChallengeKind::WeakSecret, &forge::signed(&header, &payload, b"secret"));
    assert!(!wrong_guess.solved);
    assert_eq!(
        wrong_guess.why,
        "the server refused it: signature does not match (wrong secret or altered token)"
    );
    let no_exp =
        try_token(ChallengeKind::WeakSecret, &forge::signed(&header, &json!({"sub": "2"}), b"mysecretkey"));
    assert_eq!(no_exp.why, "the server refused it: token has no exp claim: it would never expire");
}

#[test]
fn decode_only_is_solved_by_editing_sub_and_refused_by_a_verifying_server() {
    let token = captured(ChallengeKind::DecodeOnly);
    let parts: Vec<&str> = token.split('.').collect();
    let edited = format!("{}.{}.{}", parts[0], forge::segment(&payload_as_user_2(&token)), parts[2]);
    let attempt = try_token(ChallengeKind::DecodeOnly, &edited);
    assert!(attempt.solved, "{}", attempt.why);
    assert_eq!(attempt.correct_verdict, "refused: signature does not match (wrong secret or altered token)");
    let not_a_token = try_token(ChallengeKind::DecodeOnly, "not-a-token");
    assert!(!not_a_token.solved);
    assert!(not_a_token.why.starts_with("the server refused it: token has 1 segment"), "{}", not_a_token.why);
}

#[test]
fn a_stolen_jwt_outlives_logout_while_the_stolen_cookie_dies() {
    let briefing = lab().briefing(ChallengeKind::JwtAfterLogout, T0);
    let token = briefing.captured_token.expect("token");
    let cookie = briefing.stolen_cookie.expect("cookie");
    let attempt = try_token(ChallengeKind::JwtAfterLogout, &token);
    assert!(attempt.solved, "{}", attempt.why);
    let statuses: Vec<u16> = attempt.setup.iter().map(|exchange| exchange.status()).collect();
    assert_eq!(statuses, [200, 200], "the victim logged in, then out, before the replay");
    assert!(
        attempt.correct_verdict.starts_with("refused: token revoked (jti "),
        "{}",
        attempt.correct_verdict
    );

    let with_cookie =
        lab().attempt(ChallengeKind::JwtAfterLogout, &Credential::Cookie(cookie), T0 + 60).unwrap();
    assert!(!with_cookie.solved);
    assert_eq!(with_cookie.vulnerable.status(), 401);
    assert_eq!(
        with_cookie.why,
        "the server refused it: unknown session id (never issued, logged out or expired). The stolen session \
         cookie died when logout deleted the session: try the stolen JWT"
    );

    // A token of the victim's, but forged with a guessed key: refused for its signature.
    let forged =
        forge::signed(&forge::read_segment(&token, 0), &forge::read_segment(&token, 1), b"mysecretkey");
    assert!(!try_token(ChallengeKind::JwtAfterLogout, &forged).solved);
}

#[test]
fn session_fixation_is_solved_by_a_planted_id_and_refused_where_ids_are_renewed() {
    let planted = Credential::Cookie("nextjs-session=attacker-chosen-id".into());
    let attempt = lab().attempt(ChallengeKind::SessionFixation, &planted, T0).unwrap();
    assert!(attempt.solved, "{}", attempt.why);
    assert_eq!(attempt.vulnerable.response.json()["via"], "session");
    assert_eq!(attempt.correct.status(), 401);
    assert!(attempt.correct_verdict.starts_with("refused: "), "{}", attempt.correct_verdict);
    // A bare id is planted as nextjs-session too.
    assert!(
        lab().attempt(ChallengeKind::SessionFixation, &Credential::Cookie("abc".into()), T0).unwrap().solved
    );
    let other_cookie =
        lab().attempt(ChallengeKind::SessionFixation, &Credential::Cookie("theme=dark".into()), T0);
    assert_eq!(other_cookie.unwrap_err(), AttemptError::NoSessionCookie { given: "theme=dark".into() });
}

#[test]
fn each_challenge_takes_its_credential_and_says_which() {
    let error =
        lab().attempt(ChallengeKind::SessionFixation, &Credential::Token("x.y.z".into()), T0).unwrap_err();
    assert_eq!(error.to_string(), "challenge session-fixation takes --cookie (see `challenge list`)");
    let error = lab().attempt(ChallengeKind::AlgNone, &Credential::Cookie("a=b".into()), T0).unwrap_err();
    assert_eq!(error, AttemptError::WrongCredential { challenge: "alg-none", takes: CredentialKind::Token });
    assert_eq!(
        lab().attempt(ChallengeKind::AlgNone, &Credential::Token("  ".into()), T0),
        Err(AttemptError::Empty)
    );
    for kind in ChallengeKind::ALL {
        assert_eq!(ChallengeKind::from_id(kind.id()), Some(kind));
    }
}
