//! The scaling lab through its public API: two instances of the real handler behind a balancer.

use jwt_session_tutor::auth::{AuthConfig, RandomSource};
use jwt_session_tutor::labs::scaling::{
    Credential, Instance, LabAction, Routing, SHARED_STORE_COST, STICKY_COST, ScalingLab, TOUR, Toggles,
};
use serde_json::json;

#[path = "support/seed_user.rs"]
mod seed_user;
use seed_user::users;

const T0: i64 = 1_795_461_682;

fn lab(toggles: Toggles) -> ScalingLab {
    let mut lab = ScalingLab::new(&users(), AuthConfig::seed(), RandomSource::seeded(42));
    lab.set_toggles(toggles);
    lab
}

#[test]
fn per_instance_memory_login_on_a_then_b_is_401_and_says_why() {
    let mut lab = lab(Toggles::default());
    let login = lab.login(T0);
    assert_eq!((login.instance, login.status()), (Instance::A, 200));
    assert!(login.explanation.contains("A created the session in A's own memory"), "{}", login.explanation);

    let on_b = lab.request_with_cookie(T0 + 1).clone();
    assert_eq!((on_b.instance, on_b.routing, on_b.status()), (Instance::B, Routing::RoundRobin, 401));
    assert_eq!(
        on_b.exchange.response.json()["reason"],
        "jwt: no Authorization header; session: unknown session id (never issued, logged out or expired)"
    );
    assert!(
        on_b.explanation
            .starts_with("B's own memory has no such session id: the session lives only in A's own memory"),
        "{}",
        on_b.explanation
    );
    assert!(on_b.exchange.request.render().contains("Cookie: nextjs-session="));
    assert!(on_b.line().starts_with("#2 GET with session cookie → B (round robin): 401 Unauthorized: jwt:"));

    let on_a = lab.request_with_cookie(T0 + 2);
    assert_eq!((on_a.instance, on_a.status()), (Instance::A, 200));
    assert_eq!(lab.instance_sessions(Instance::A).len(), 1);
    assert_eq!(lab.instance_sessions(Instance::B).len(), 0);
    assert_eq!((lab.requests_served(Instance::A), lab.requests_served(Instance::B)), (2, 1));
}

#[test]
fn sticky_sessions_pin_the_client_to_the_instance_that_set_the_cookie() {
    let mut lab = lab(Toggles::default());
    assert_eq!(lab.toggle_sticky(), STICKY_COST);
    assert!(STICKY_COST.contains("unevenly") && STICKY_COST.contains("redeployed"));
    lab.login(T0);
    for t in 1..=2 {
        let entry = lab.request_with_cookie(T0 + t);
        assert_eq!((entry.instance, entry.routing, entry.status()), (Instance::A, Routing::Sticky, 200));
    }
    // Requests without the cookie are not pinned: the JWT goes round robin.
    assert_eq!(lab.request_with_jwt(T0 + 3).routing, Routing::RoundRobin);

    // Redeploying A takes the pinned sessions with it.
    assert!(lab.restart_instance(Instance::A).starts_with("A restarted: 1 session(s)"));
    let after = lab.request_with_cookie(T0 + 4);
    assert_eq!((after.instance, after.status()), (Instance::A, 401));
}

#[test]
fn shared_store_lets_b_find_the_session_a_created() {
    let mut lab = lab(Toggles::default());
    assert_eq!(lab.toggle_shared_store(), SHARED_STORE_COST);
    assert!(SHARED_STORE_COST.contains("round-trip") && SHARED_STORE_COST.contains("infrastructure"));
    assert_eq!(lab.login(T0).instance, Instance::A);
    let on_b = lab.request_with_cookie(T0 + 1);
    assert_eq!((on_b.instance, on_b.status()), (Instance::B, 200));
    assert_eq!(on_b.exchange.response.json(), &json!({"authenticated": true, "userId": 1, "via": "session"}));
    assert!(on_b.explanation.contains("shared store"));
    assert_eq!(lab.shared_sessions().len(), 1);
    assert!(lab.instance_sessions(Instance::A).is_empty());
}

#[test]
fn jwt_is_accepted_by_both_instances_without_shared_state() {
    let mut lab = lab(Toggles::default());
    lab.login(T0);
    let mut served_by = Vec::new();
    for t in 1..=2 {
        let entry = lab.request_with_jwt(T0 + t);
        assert_eq!(
            entry.exchange.response.json(),
            &json!({"authenticated": true, "userId": 1, "via": "jwt"})
        );
        assert!(entry.explanation.contains("own copy of the secret"));
        served_by.push(entry.instance);
    }
    assert_eq!(served_by, [Instance::B, Instance::A]);
}

#[test]
fn logout_ends_the_session_everywhere_but_not_the_jwt_without_a_denylist() {
    let mut lab = lab(Toggles { shared_store: true, ..Toggles::default() });
    lab.login(T0);
    let logout = lab.logout(T0 + 1);
    assert_eq!((logout.instance, logout.status()), (Instance::B, 200));
    assert_eq!(logout.exchange.response.json()["sessionDestroyed"], true);
    assert!(
        logout.exchange.request.header("Authorization").is_some_and(|value| value.starts_with("Bearer "))
    );
    assert!(logout.explanation.contains("stays valid until exp"), "{}", logout.explanation);
    assert_eq!(lab.browser().cookie_header(T0 + 1), None);
    assert_eq!(lab.held_token(), None);

    let rows = lab.check_revocation(T0 + 2);
    assert_eq!(
        (rows[0].credential, rows[0].status_a, rows[0].status_b),
        (Credential::SessionCookie, 401, 401)
    );
    assert_eq!((rows[1].credential, rows[1].status_a, rows[1].status_b), (Credential::Jwt, 200, 200));
    assert!(rows[1].trade_off.starts_with("JWT without a deny-list"));
    let replays: Vec<_> = lab.log().iter().filter(|entry| entry.routing == Routing::Direct).collect();
    assert_eq!(replays.len(), 4);
    assert!(replays.iter().all(|entry| entry.explanation.starts_with("Replaying the copy taken at login")));

    // The JWT copy dies only at exp (token_ttl 900 s, leeway 0).
    let at_exp = lab.check_revocation(T0 + 900);
    assert_eq!((at_exp[1].status_a, at_exp[1].status_b), (401, 401));
    let reason = lab.log().last().unwrap().exchange.response.json()["reason"].as_str().unwrap().to_string();
    assert!(reason.starts_with("jwt: token expired 0s ago"), "{reason}");
}

#[test]
fn denylist_revokes_the_jwt_on_both_instances_at_logout() {
    let mut lab = lab(Toggles { shared_store: true, ..Toggles::default() });
    lab.toggle_denylist();
    lab.login(T0);
    let logout = lab.logout(T0 + 1);
    assert!(logout.explanation.contains("put jti"), "{}", logout.explanation);
    assert_eq!(lab.denylist().len(), 1);
    let rows = lab.check_revocation(T0 + 2);
    assert_eq!(
        rows.iter().map(|row| (row.status_a, row.status_b)).collect::<Vec<_>>(),
        [(401, 401), (401, 401)]
    );
    let jwt_replay = lab.log().last().unwrap();
    assert_eq!(jwt_replay.action, LabAction::RequestWithJwt);
    let reason = jwt_replay.exchange.response.json()["reason"].as_str().unwrap();
    assert!(reason.contains("is on the deny-list"), "{reason}");
    assert!(jwt_replay.explanation.contains("shared deny-list"));
    assert!(rows[1].trade_off.starts_with("JWT with a jti deny-list"));
}

#[test]
fn logout_on_the_wrong_instance_leaves_the_session_alive() {
    let mut lab = lab(Toggles::default());
    lab.login(T0);
    let logout = lab.logout(T0 + 1);
    assert_eq!(
        (logout.instance, logout.exchange.response.json()["sessionDestroyed"].as_bool()),
        (Instance::B, Some(false))
    );
    assert!(logout.explanation.contains("still alive in A's own memory"), "{}", logout.explanation);
    let rows = lab.check_revocation(T0 + 2);
    assert_eq!((rows[0].status_a, rows[0].status_b), (200, 401));
}

#[test]
fn seeded_runs_repeat_exactly_and_reset_keeps_toggles() {
    let run = || {
        let mut lab = lab(Toggles { sticky: true, ..Toggles::default() });
        lab.login(T0);
        lab.request_with_cookie(T0 + 1);
        lab
    };
    let (mut first, second) = (run(), run());
    assert_eq!(first.log(), second.log());
    assert_eq!(first.log()[1].routing, Routing::Sticky);
    assert_eq!(first.log()[1].at(), T0 + 1);
    first.reset();
    assert!(first.log().is_empty() && first.instance_sessions(Instance::A).is_empty());
    assert!(first.toggles().sticky);
    assert_eq!(first.next_instance(), Instance::A);
}

#[test]
fn tour_shows_every_outcome_from_the_issue() {
    let mut lab = lab(Toggles::default());
    let scenes: Vec<_> = TOUR.iter().map(|script| script.play(&mut lab, T0)).collect();
    let statuses: Vec<Vec<(&str, u16)>> = scenes
        .iter()
        .map(|scene| scene.entries.iter().map(|entry| (entry.instance.name(), entry.status())).collect())
        .collect();
    assert_eq!(statuses[0], [("A", 200), ("B", 401), ("A", 200)]);
    assert_eq!(statuses[1], [("A", 200), ("A", 200), ("A", 200)]);
    assert_eq!(statuses[2], [("A", 200), ("B", 200), ("A", 200)]);
    assert_eq!(statuses[3], [("A", 200), ("B", 200), ("A", 200)]);
    let revocation = |scene: usize| -> Vec<(u16, u16)> {
        scenes[scene].revocation.iter().map(|row| (row.status_a, row.status_b)).collect()
    };
    assert_eq!(revocation(4), [(401, 401), (200, 200)]);
    assert_eq!(revocation(5), [(401, 401), (401, 401)]);
    assert!(scenes[4].revocation[1].line().starts_with("JWT: A 200, B 200. JWT without a deny-list"));

    assert_eq!(scenes[5].script.toggles, Toggles { sticky: false, shared_store: true, denylist: true });
    assert_eq!(
        scenes[5].script.toggles.summary(),
        "sticky sessions off, shared session store on, jti deny-list on"
    );
    assert_eq!(scenes[1].script.toggles.costs(), [STICKY_COST]);
    assert_eq!(lab.toggles(), scenes[5].script.toggles, "playing a scene sets its toggles");
}

#[test]
fn lab_can_move_to_a_worker_thread() {
    // Login runs argon2, which the TUI must do off its UI thread.
    fn assert_send<T: Send + 'static>() {}
    assert_send::<ScalingLab>();
}
