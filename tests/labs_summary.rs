//! Both labs as `walkthrough` prints them: one JSON document and one transcript, reproducible when seeded.

use jwt_session_tutor::auth::users::{
    SEED_PASSWORD, SEED_USER_ID, SEED_USERNAME, User, hash_password, new_salt,
};
use jwt_session_tutor::auth::{AuthConfig, RandomSource, UserStore};
use jwt_session_tutor::labs::LabsSummary;

const T0: i64 = 1_795_461_682;

#[test]
fn summary_json_and_transcript_cover_both_labs() {
    let user = User {
        id: SEED_USER_ID,
        username: SEED_USERNAME.to_string(),
        password_hash: hash_password(SEED_PASSWORD, &new_salt(&mut RandomSource::seeded(1))),
    };
    let users = UserStore::from_users(vec![user], &mut RandomSource::seeded(2));
    let summary = LabsSummary::run(&users, &AuthConfig::seed(), RandomSource::seeded(11), T0);
    let json = summary.to_json(false);

    let scenes = json["scalingLab"].as_array().unwrap();
    assert_eq!(scenes.len(), 6);
    assert_eq!(scenes[0]["title"], "Sessions in per-instance memory");
    assert_eq!(scenes[0]["log"][1]["instance"], "B");
    assert_eq!(scenes[0]["log"][1]["status"], 401);
    assert_eq!(scenes[2]["log"][1]["status"], 200);
    assert_eq!(scenes[4]["revocation"][1]["statusA"], 200);
    assert_eq!(scenes[5]["revocation"][1]["statusA"], 401);
    let attacks = json["attackLab"].as_array().unwrap();
    assert_eq!(attacks.len(), 9);
    assert_eq!(attacks[0]["verdict"]["reason"], "header alg is \"none\": unsigned tokens are never accepted");
    assert!(attacks[2]["crack"].get("elapsedMicros").is_none(), "timing must be opt-in");

    let again = LabsSummary::run(&users, &AuthConfig::seed(), RandomSource::seeded(11), T0);
    assert_eq!(again.to_json(false), json);

    let lines = summary.transcript(false);
    assert_eq!(lines[0], "# Scaling lab: two instances behind a round-robin load balancer");
    assert!(lines.contains(&"# Attack lab: each attack thrown at the real handler".to_string()));
    assert!(lines.contains(&"== Session cookie without HttpOnly [THE WRONG WAY] ==".to_string()));
    assert!(lines.iter().all(|line| !line.contains(" ms")), "timing must be opt-in");
}
