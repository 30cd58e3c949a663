//! Benchmarks of the auth engine, the work behind every keypress that signs, checks or looks something
//! up: JWT sign/decode/verify (HS256), the session store at 1k/10k/100k sessions (look-up must not
//! grow with the store), cookie parsing, a whole request through the route handler, argon2id
//! password hashing at the parameters the app uses (slow on purpose), and loading the built-in
//! lessons (part of start-up).
//!
//! Run: `cargo bench --bench engine`. Allocation counts come from divan's `AllocProfiler`.

use std::hint::black_box;

use divan::{AllocProfiler, Bencher};
use jwt_session_tutor::auth::handler::AUTH_PATH;
use jwt_session_tutor::auth::jwt::{self, Alg, VerifyOptions};
use jwt_session_tutor::auth::users::{self, ARGON2_M_KIB, ARGON2_P, ARGON2_T};
use jwt_session_tutor::auth::{
    AuthConfig, AuthServer, RandomSource, Request, SessionOptions, SessionStore, SetCookie, UserStore,
    parse_cookie_header,
};
use jwt_session_tutor::lessons::{self, markup};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

/// 2026-11-23 19:21:22 UTC.
const NOW: i64 = 1_795_461_682;
const KEY: &[u8] = b"an-example-256-bit-key-for-bench";

fn main() {
    println!("argon2id parameters: m = {ARGON2_M_KIB} KiB, t = {ARGON2_T}, p = {ARGON2_P}");
    divan::main();
}

fn login_token() -> String {
    jwt::sign(&jwt::login_claims("1", NOW, 900, "bench-jti"), KEY, Alg::HS256).unwrap()
}

fn verify_options() -> VerifyOptions {
    VerifyOptions { alg: Alg::HS256, key: Some(KEY.to_vec()), now: NOW + 60, leeway: 0, audience: None }
}

mod jwt_hs256 {
    use super::*;

    #[divan::bench]
    fn sign(bencher: Bencher) {
        let claims = jwt::login_claims("1", NOW, 900, "bench-jti");
        bencher.bench(|| jwt::sign(black_box(&claims), black_box(KEY), Alg::HS256).unwrap());
    }

    #[divan::bench]
    fn decode(bencher: Bencher) {
        let token = login_token();
        bencher.bench(|| jwt::decode(black_box(&token)).unwrap());
    }

    #[divan::bench]
    fn verify_valid(bencher: Bencher) {
        let (token, options) = (login_token(), verify_options());
        bencher.bench(|| {
            let report = jwt::verify(black_box(&token), black_box(&options));
            assert!(report.is_valid());
            report
        });
    }

    #[divan::bench]
    fn verify_tampered(bencher: Bencher) {
        let token = login_token();
        let tampered = format!("{}A", &token[..token.len() - 1]);
        let options = verify_options();
        bencher.bench(|| {
            let report = jwt::verify(black_box(&tampered), black_box(&options));
            assert!(!report.is_valid());
            report
        });
    }
}

mod sessions {
    use super::*;

    const STORE_SIZES: [usize; 3] = [1_000, 10_000, 100_000];

    /// A store holding `size` live sessions and their ids in a shuffled order, so consecutive look-ups
    /// touch unrelated parts of the table, as requests from different users would.
    fn filled_store(size: usize) -> (SessionStore, Vec<String>) {
        let mut store = SessionStore::default();
        let mut rng = RandomSource::seeded(size as u64);
        let mut ids: Vec<String> =
            (0..size).map(|n| store.create(n as u64, NOW, &mut rng).as_str().to_string()).collect();
        ids.shuffle(&mut StdRng::seed_from_u64(1));
        (store, ids)
    }

    #[divan::bench(args = STORE_SIZES)]
    fn lookup_live(bencher: Bencher, size: usize) {
        let (mut store, ids) = filled_store(size);
        let mut next = 0;
        bencher.bench_local(|| {
            next = (next + 1) % ids.len();
            store.lookup(black_box(&ids[next]), NOW + 60).map(|session| session.user_id).unwrap()
        });
    }

    /// The same id over and over: the table stays in cache, so this isolates the algorithm (hash, one
    /// probe, compare) from memory latency. Flat across sizes means O(1).
    #[divan::bench(args = STORE_SIZES)]
    fn lookup_same_id(bencher: Bencher, size: usize) {
        let (mut store, ids) = filled_store(size);
        let id = &ids[size / 2];
        bencher.bench_local(|| store.lookup(black_box(id), NOW + 60).map(|session| session.user_id).unwrap());
    }

    #[divan::bench(args = STORE_SIZES)]
    fn lookup_unknown(bencher: Bencher, size: usize) {
        let (mut store, _) = filled_store(size);
        let unknown = "q2f8Jg0k3c9mUu7zXb4R1sVt6wYhLpNaEoDiKjGhCx0";
        bencher.bench_local(|| store.lookup(black_box(unknown), NOW + 60).is_err());
    }

    /// Login then logout: a fresh id from the OS CSPRNG, inserted and removed, so the store keeps
    /// its size across iterations.
    #[divan::bench(args = STORE_SIZES)]
    fn create_then_destroy(bencher: Bencher, size: usize) {
        let (mut store, _) = filled_store(size);
        let mut rng = RandomSource::os();
        bencher.bench_local(|| {
            let id = store.create(7, NOW, &mut rng);
            store.destroy(id.as_str())
        });
    }
}

mod cookies {
    use super::*;

    const BROWSER_HEADER: &str = "theme=dark; nextjs-session=q2f8Jg0k3c9mUu7zXb4R1sVt6wYhLpNaEoDiKjGhCx0; \
                                  _ga=GA1.2.1234567890.1795461682; consent=\"analytics=no\"";

    #[divan::bench]
    fn parse_cookie_request_header() -> usize {
        parse_cookie_header(black_box(BROWSER_HEADER)).len()
    }

    #[divan::bench]
    fn parse_set_cookie_header(bencher: Bencher) {
        let header =
            SetCookie::session(&SessionOptions::default(), "q2f8Jg0k3c9mUu7zXb4R1sVt6wYhLpNaEoDiKjGhCx0")
                .to_string();
        bencher.bench(|| SetCookie::parse(black_box(&header)).unwrap());
    }
}

/// A whole GET /api/auth through the handler, as the TUI's request panel sends it.
mod handler {
    use super::*;

    fn server_with_sessions(sessions: usize) -> (AuthServer, String, String) {
        // A user store without hashing: these requests never log in.
        let rng = RandomSource::seeded(3);
        let users = UserStore::from_users(vec![users::User {
            id: 1,
            username: "user1".into(),
            password_hash: String::new(),
        }]);
        let mut server = AuthServer::new(users, AuthConfig::seed(), rng);
        for _ in 1..sessions {
            server.sessions.create(1, NOW, &mut server.rng);
        }
        let session = server.sessions.create(1, NOW, &mut server.rng).as_str().to_string();
        let secret = server.config.jwt_secret.bytes().to_vec();
        let token = jwt::sign(&jwt::login_claims("1", NOW, 900, "j"), &secret, Alg::HS256).unwrap();
        (server, token, session)
    }

    #[divan::bench]
    fn verify_request_by_bearer(bencher: Bencher) {
        let (mut server, token, _) = server_with_sessions(100_000);
        let request = Request::get(AUTH_PATH).with_bearer(&token);
        bencher.bench_local(|| {
            let response = server.handle(black_box(&request), NOW + 60);
            assert_eq!(response.status, 200);
            response
        });
    }

    #[divan::bench]
    fn verify_request_by_cookie(bencher: Bencher) {
        let (mut server, _, session) = server_with_sessions(100_000);
        let request = Request::get(AUTH_PATH).with_cookies(Some(&format!("nextjs-session={session}")));
        bencher.bench_local(|| {
            let response = server.handle(black_box(&request), NOW + 60);
            assert_eq!(response.status, 200);
            response
        });
    }
}

/// argon2id at the app's parameters: tens of milliseconds by design, which is why the TUI hashes on a
/// worker thread behind a spinner.
mod argon2id {
    use super::*;

    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn hash_password(bencher: Bencher) {
        let salt = users::new_salt(&mut RandomSource::seeded(1));
        bencher.bench(|| users::hash_password(black_box("pass123"), &salt));
    }

    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn verify_password(bencher: Bencher) {
        let phc = users::hash_password("pass123", &users::new_salt(&mut RandomSource::seeded(1)));
        bencher.bench(|| assert!(users::verify_password(black_box(&phc), black_box("pass123"))));
    }
}

/// Start-up parses and validates every built-in lesson before the first frame; markup parsing must
/// stay linear in the text length.
mod lesson_content {
    use super::*;

    #[divan::bench]
    fn load_builtin_course() -> usize {
        lessons::builtin().expect("built-in lessons are valid").lessons.len()
    }

    /// A lesson body of about `bytes` bytes: paragraphs, bullets, bold and code, as lessons have.
    fn body_of(bytes: usize) -> String {
        let unit = "## Heading\n\nA paragraph with **bold** and `code` in it, long enough to wrap.\n\n\
                    - a bullet\n- another with `code`\n\n```js\nconst token = jwt.sign(claims, key);\n```\n\n";
        unit.repeat(bytes / unit.len() + 1)
    }

    #[divan::bench(args = [1_000, 10_000, 100_000])]
    fn parse_markup_body(bencher: Bencher, bytes: usize) {
        let body = body_of(bytes);
        bencher
            .counter(divan::counter::BytesCount::new(body.len()))
            .bench(|| markup::parse_blocks(black_box(&body)).expect("valid markup").len());
    }
}
