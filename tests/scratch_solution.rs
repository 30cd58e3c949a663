use jwt_session_tutor::auth::http::Request;
use jwt_session_tutor::js::{JsServer, Project, ServerOptions};
#[test]
fn scratch() {
    let root = std::path::Path::new("/work/wt-exercises/src/exercises/files");
    let mut files = Vec::new();
    for dir in ["common", "solution"] {
        let p = Project::load(&root.join(dir)).unwrap();
        for (a, b) in p.files() {
            files.push((a.to_string(), b.to_string()));
        }
    }
    files.push((".env.local".into(), "JWT_SECRET=0123456789abcdef0123456789abcdef0123\n".into()));
    let server = JsServer::start(&Project::from_files(files), ServerOptions::default()).unwrap();
    let t = std::time::Instant::now();
    let login = server.handle(&Request::post_raw(
        "/api/auth",
        "application/json",
        r#"{"username":"user1","password":"pass123"}"#,
    ));
    println!("{:?}\n{:?}", t.elapsed(), login);
    let token = serde_json::from_str::<serde_json::Value>(&login.body).unwrap()["token"]
        .as_str()
        .unwrap_or("")
        .to_string();
    let me = server.handle(&Request::get("/api/auth").with_bearer(&token));
    println!("{me:?}");
    let cookie = login
        .set_cookies()
        .iter()
        .map(|c| c.split(';').next().unwrap().to_string())
        .collect::<Vec<_>>()
        .join("; ");
    println!("{:?}", server.handle(&Request::get("/api/auth").with_header("Cookie", &cookie)));
    println!(
        "{:?}",
        server.handle(
            &Request::post_raw("/api/auth/logout", "application/json", "{}").with_header("Cookie", &cookie)
        )
    );
    println!("{:?}", server.handle(&Request::post_raw("/api/auth", "text/plain", "{}")));
    let t = std::time::Instant::now();
    println!(
        "{:?}",
        server.handle(&Request::post_raw(
            "/api/auth",
            "application/json",
            r#"{"username":"nobody","password":"x"}"#
        ))
    );
    println!("{:?}", t.elapsed());
}
