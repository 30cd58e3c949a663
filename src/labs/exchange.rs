//! One request and the response the real handler gave it, as both labs record and display them.

use serde_json::{Value, json};

use crate::auth::http::reason_phrase;
use crate::auth::{Request, Response};

/// A request sent to the route handler and the response it returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// What was sent (render with [`Request::render`]).
    pub request: Request,
    /// What came back (render with [`Response::render`]).
    pub response: Response,
}

impl Exchange {
    /// Pairs a request with its response.
    pub fn new(request: Request, response: Response) -> Self {
        Self { request, response }
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

    /// `{"request": {...}, "response": {...}}` for `--json` output.
    pub fn to_json(&self) -> Value {
        json!({ "request": request_json(&self.request), "response": response_json(&self.response) })
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

/// A request as JSON: method, path, headers as `[name, value]` pairs, body text.
pub fn request_json(request: &Request) -> Value {
    json!({
        "method": request.method.as_str(),
        "path": request.path,
        "headers": request.headers,
        "body": request.body,
    })
}

/// A response as JSON: status, headers as `[name, value]` pairs, JSON body.
pub fn response_json(response: &Response) -> Value {
    json!({ "status": response.status, "headers": response.headers, "body": response.body })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcome_names_the_user_or_the_reason() {
        let ok = Response::json_response(200, json!({"authenticated": true, "userId": 1, "via": "jwt"}));
        let refused = Response::json_response(401, json!({"authenticated": false, "reason": "jwt: x"}));
        let request = Request::get("/api/auth");
        assert_eq!(Exchange::new(request.clone(), ok).outcome(), "200 OK: authenticated as user 1 via jwt");
        let refused = Exchange::new(request, refused);
        assert_eq!(refused.outcome(), "401 Unauthorized: jwt: x");
        assert_eq!(refused.to_json()["request"]["headers"][0], json!(["Host", "localhost:3000"]));
        assert_eq!(refused.to_json()["response"]["status"], 401);
    }
}
