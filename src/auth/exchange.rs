//! One request and the response the real handler gave it: what the live panels, both labs and the
//! walkthrough record and display.

use serde_json::Value;

use crate::auth::clock::UnixSeconds;
use crate::auth::http::reason_phrase;
use crate::auth::{Request, Response};

/// A request sent to the route handler at a simulated time and the response it returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// When the request was sent (Unix seconds, the lab's clock).
    pub at: UnixSeconds,
    /// What was sent (render with [`Request::render`]).
    pub request: Request,
    /// What came back (render with [`Response::render`]).
    pub response: Response,
    /// How long the server took, when it was timed (logins, which run argon2).
    pub millis: Option<u64>,
}

impl Exchange {
    /// Pairs a request sent at `at` with its response.
    pub fn new(at: UnixSeconds, request: Request, response: Response) -> Self {
        Self { at, request, response, millis: None }
    }

    /// The same exchange, with how long the server took.
    pub fn timed(self, millis: u64) -> Self {
        Self { millis: Some(millis), ..self }
    }

    /// The server's stated reason for a refusal (`reason` or `error` in the JSON body).
    pub fn reason(&self) -> Option<&str> {
        let body = self.response.json();
        body.get("reason").or_else(|| body.get("error")).and_then(Value::as_str)
    }

    /// The response status.
    pub fn status(&self) -> u16 {
        self.response.status
    }

    /// `200 OK: authenticated as user 1 via session` or `401 Unauthorized: jwt: …; session: …`.
    pub fn outcome(&self) -> String {
        let status = self.response.status;
        format!("{status} {}: {}", reason_phrase(status), response_detail(&self.response))
    }
}

/// What a response says, in one line: who was authenticated, or the handler's stated reason.
pub fn response_detail(response: &Response) -> String {
    let body = response.json();
    let text = |key: &str| body.get(key).and_then(Value::as_str).map(str::to_string);
    if body.get("authenticated") == Some(&Value::Bool(true)) {
        let user = body.get("userId").map(Value::to_string).unwrap_or_default();
        let via = text("via").unwrap_or_default();
        return format!("authenticated as user {user} via {via}");
    }
    if body.get("token").is_some() {
        return "logged in: JWT in the body, session cookie in Set-Cookie".to_string();
    }
    if let Some(destroyed) = body.get("sessionDestroyed").and_then(Value::as_bool) {
        let what = if destroyed { "session destroyed" } else { "no session to destroy here" };
        return format!("logged out ({what}), cookie cleared");
    }
    text("reason").or_else(|| text("error")).unwrap_or_else(|| body.to_string())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn outcome_names_the_user_or_the_reason() {
        let ok = Response::json_response(200, json!({"authenticated": true, "userId": 1, "via": "jwt"}));
        let refused = Response::json_response(401, json!({"authenticated": false, "reason": "jwt: x"}));
        let logout = Response::json_response(200, json!({"message": "bye", "sessionDestroyed": false}));
        let request = Request::get("/api/auth");
        assert_eq!(
            Exchange::new(0, request.clone(), ok).outcome(),
            "200 OK: authenticated as user 1 via jwt"
        );
        assert_eq!(Exchange::new(0, request.clone(), refused).outcome(), "401 Unauthorized: jwt: x");
        assert_eq!(
            Exchange::new(0, request, logout).outcome(),
            "200 OK: logged out (no session to destroy here), cookie cleared"
        );
    }
}
