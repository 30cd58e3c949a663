//! `jwt sign | decode | verify`: the auth engine's JWT functions as scriptable commands.
//!
//! stdout carries the result (the token, the decoded parts, the verification report); warnings and
//! errors go to stderr as single lines. Exit codes: 0 valid, 1 rejected, 2 usage error or malformed input.

use std::fmt::Write as _;
use std::io::Read;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use serde_json::{Map, Value, json};

use super::args::alg_parser;
use super::output::{Style, warn, write_stdout};
use super::walkthrough::DEMO_NOW;
use super::{CliError, CliResult, TuiArgs, exit};
use crate::auth::clock::{UnixSeconds, format_duration, format_unix_utc, system_now};
use crate::auth::config::{self, Secret};
use crate::auth::jwt::{
    self, Alg, AlgorithmStatus, ClaimsStatus, DecodedToken, HeaderStatus, MAX_TOKEN_BYTES, REGISTERED_CLAIMS,
    SignatureStatus, VerifyOptions, VerifyReport, json_kind,
};
use crate::printable::escape_json_text;

/// A token's lifetime when `--exp-in` is not given: 15 minutes, as the login route issues.
pub const DEFAULT_EXP_IN: u64 = 15 * 60;

/// How much of stdin is read for a token before giving up (tokens over 8 KiB are refused anyway).
const STDIN_LIMIT: u64 = 64 * 1024;

#[derive(Debug, Subcommand)]
pub enum JwtCommand {
    /// Sign a token with an HMAC secret and print it (and nothing else) on stdout
    Sign(SignArgs),
    /// Show a token's header, payload and signature WITHOUT verifying anything
    Decode(DecodeArgs),
    /// Check a token with a pinned algorithm, a secret, a time and a leeway
    Verify(VerifyArgs),
}

const SECRET_HELP: &str =
    "The HMAC key: TEXT, b64:VALUE (base64 or base64url, padded or not), @PATH (read a file) or text:VALUE";

#[derive(Debug, Args)]
pub struct SignArgs {
    /// The HMAC key as given: text, `b64:VALUE`, `@PATH` or `text:VALUE` (see [`Secret::parse_cli`]).
    #[arg(long, value_name = "SECRET", help = SECRET_HELP)]
    pub secret: String,
    /// Signing algorithm
    #[arg(long, value_name = "ALG", default_value = "HS256", value_parser = alg_parser())]
    pub alg: Alg,
    /// The subject claim: whom the token is about (a user id, stored as a string)
    #[arg(long, value_name = "ID")]
    pub sub: Option<String>,
    /// Extra claims as a JSON object, merged into the payload (e.g. '{"role":"admin"}')
    #[arg(long, value_name = "JSON")]
    pub claims: Option<String>,
    /// Lifetime in seconds: exp = iat + SECONDS [default: 900]. A token should always expire
    #[arg(long, value_name = "SECONDS")]
    pub exp_in: Option<u64>,
    /// Sign as if the clock read this Unix time (sets iat) [default: the system clock; with --demo 1767225600]
    #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true)]
    pub now: Option<UnixSeconds>,
}

#[derive(Debug, Args)]
pub struct DecodeArgs {
    /// The token, or - to read it from stdin
    #[arg(value_name = "TOKEN")]
    pub token: String,
    /// Print one JSON object {header, payload, signature} instead of the explained text
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The token, or - to read it from stdin
    #[arg(value_name = "TOKEN")]
    pub token: String,
    /// The HMAC key, as for [`SignArgs::secret`].
    #[arg(long, value_name = "SECRET", help = SECRET_HELP)]
    pub secret: String,
    /// The audience this verifier is: a token with an aud claim is accepted only if it names this
    /// [default: none, so any token with an aud is rejected]
    #[arg(long = "aud", value_name = "AUDIENCE")]
    pub audience: Option<String>,
    /// The only algorithm accepted, whatever the token's header says
    #[arg(long, value_name = "ALG", default_value = "HS256", value_parser = alg_parser())]
    pub alg: Alg,
    /// Check as if the clock read this Unix time [default: the system clock; with --demo 1767225600]
    #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true)]
    pub now: Option<UnixSeconds>,
    /// Clock skew allowed for exp and nbf, in seconds (keep it small: a few seconds, at most minutes)
    #[arg(long, value_name = "SECONDS", default_value_t = 0)]
    pub leeway: u64,
    /// Print the report as one JSON object: the decoded header and payload, the algorithm, header,
    /// signature and claims checks (each with its status), and the verdict
    #[arg(long)]
    pub json: bool,
}

/// `common.demo` fixes the default clock at [`DEMO_NOW`] (an explicit `--now` still wins).
pub fn run(cmd: JwtCommand, common: &TuiArgs) -> CliResult {
    let default_now = || if common.demo { DEMO_NOW } else { system_now() };
    let style = Style::for_stdout_unless(common.no_color, common.color);
    match cmd {
        JwtCommand::Sign(args) => {
            let now = args.now.unwrap_or_else(default_now);
            sign(args, now)
        }
        JwtCommand::Decode(args) => decode(args, style),
        JwtCommand::Verify(args) => {
            let now = args.now.unwrap_or_else(default_now);
            verify(args, now, style)
        }
    }
}

fn parse_secret(argument: &str) -> Result<Secret, CliError> {
    Secret::parse_cli(argument).map_err(|error| CliError::usage(error.to_string()))
}

fn weak_secret_warning(secret: &Secret, alg: Alg) -> Option<String> {
    let strength = config::strength(secret, alg);
    strength.too_weak.then(|| {
        format!(
            "secret is {} bits, too weak for {alg} (RFC 7518 §3.2 wants at least {} bits): a captured token \
             lets anyone guess it offline; generate one with `openssl rand -base64 {}` and pass b64:VALUE",
            strength.bits,
            strength.required_bits,
            strength.required_bits / 8
        )
    })
}

// ---------------------------------------------------------------------------------------------- sign

fn parse_extra_claims(text: Option<&str>) -> Result<Map<String, Value>, CliError> {
    let Some(text) = text else {
        return Ok(Map::new());
    };
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(claims)) => Ok(claims),
        Ok(other) => Err(CliError::usage(format!(
            "--claims must be a JSON object like '{{\"role\":\"admin\"}}', not {}",
            json_kind(&other)
        ))),
        Err(error) => Err(CliError::usage(format!("--claims is not valid JSON: {error}"))),
    }
}

/// `sub`, `iat`, `exp` first, then the extra claims (which may replace `iat`/`exp`, but not a value
/// also given by its own flag: that would be ambiguous).
fn sign_claims(args: &SignArgs, now: UnixSeconds) -> Result<Map<String, Value>, CliError> {
    let extra = parse_extra_claims(args.claims.as_deref())?;
    if args.sub.is_some() && extra.contains_key("sub") {
        return Err(CliError::usage("sub is given twice: by --sub and in --claims; keep one"));
    }
    if args.exp_in.is_some() && extra.contains_key("exp") {
        return Err(CliError::usage("exp is given twice: by --exp-in and in --claims; keep one"));
    }
    let mut claims = Map::new();
    if let Some(sub) = &args.sub {
        claims.insert("sub".into(), Value::from(sub.as_str()));
    }
    claims.insert("iat".into(), Value::from(now));
    let exp_in = args.exp_in.unwrap_or(DEFAULT_EXP_IN);
    claims.insert("exp".into(), Value::from(now.saturating_add_unsigned(exp_in)));
    // With preserve_order, inserting an existing key keeps its position and replaces the value.
    claims.extend(extra);
    Ok(claims)
}

/// What `jwt verify` with the same secret and algorithm, at the signing instant, would say against
/// the token just made (too large, a claim of the wrong type, no exp, already expired, an `aud`
/// that needs `--aud`, ...), so nobody ships a token their verifier refuses.
fn own_verify_warning(token: &str, secret: &Secret, alg: Alg, now: UnixSeconds) -> Option<String> {
    if token.len() > MAX_TOKEN_BYTES {
        return Some(format!(
            "the token is {} bytes: `jwt verify` (and the tutorial's server) refuse tokens over {MAX_TOKEN_BYTES} \
             bytes, and a cookie holds about 4 KB",
            token.len()
        ));
    }
    let options = VerifyOptions { alg, key: Some(secret.bytes().to_vec()), now, leeway: 0, audience: None };
    let report = jwt::verify(token, &options);
    let reason = report.verdict().err()?;
    let hint = match report.claims {
        ClaimsStatus::WrongAudience(_) => " (pass the audience with `jwt verify --aud`)",
        _ => "",
    };
    Some(format!("`jwt verify` would reject this token now: {reason}{hint}"))
}

fn sign(args: SignArgs, now: UnixSeconds) -> CliResult {
    let secret = parse_secret(&args.secret)?;
    let claims = sign_claims(&args, now)?;
    let token =
        jwt::sign(&claims, secret.bytes(), args.alg).map_err(|error| CliError::usage(error.to_string()))?;
    if let Some(warning) = weak_secret_warning(&secret, args.alg) {
        warn(&warning);
    }
    if let Some(warning) = own_verify_warning(&token, &secret, args.alg, now) {
        warn(&warning);
    }
    write_stdout(&format!("{token}\n"))?;
    Ok(ExitCode::from(exit::OK))
}

// -------------------------------------------------------------------------------------------- decode

/// The token from the argument, or from stdin for `-`; surrounding whitespace (a pasted newline) is dropped.
pub(super) fn read_token(argument: &str) -> Result<String, CliError> {
    if argument != "-" {
        return Ok(argument.trim().to_string());
    }
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(STDIN_LIMIT + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| CliError::usage(format!("cannot read the token from stdin: {error}")))?;
    if bytes.len() as u64 > STDIN_LIMIT {
        return Err(CliError::usage(format!(
            "stdin holds more than {STDIN_LIMIT} bytes; tokens over {MAX_TOKEN_BYTES} bytes are refused"
        )));
    }
    let text = String::from_utf8(bytes).map_err(|error| {
        CliError::usage(format!(
            "stdin is not UTF-8 text (invalid byte at offset {})",
            error.utf8_error().valid_up_to()
        ))
    })?;
    Ok(text.trim().to_string())
}

fn decode_or_usage_error(token: &str) -> Result<DecodedToken, CliError> {
    jwt::decode(token).map_err(|error| CliError::usage(format!("cannot decode the token: {error}")))
}

fn decode(args: DecodeArgs, style: Style) -> CliResult {
    let token = read_token(&args.token)?;
    let decoded = decode_or_usage_error(&token)?;
    let text = if args.json {
        for note in duplicate_key_notes(&decoded) {
            warn(&note);
        }
        let document = json!({
            "header": decoded.header.json,
            "payload": decoded.payload.json,
            "signature": decoded.signature.raw,
        });
        let json = serde_json::to_string_pretty(&document).unwrap_or_default();
        format!("{}\n", escape_json_text(&json))
    } else {
        decoded_text(&decoded, style)
    };
    write_stdout(&text)?;
    Ok(ExitCode::from(exit::OK))
}

/// `1767225600 (2026-01-01 00:00:00 UTC)` for a number, or the JSON value with a note for anything else.
fn describe_claim_value(decoded: &DecodedToken, name: &str, value: &Value) -> String {
    let shown = jwt::printable_json(value);
    if !matches!(name, "iat" | "exp" | "nbf") {
        return shown;
    }
    // time_claim saturates at the i64 range; a date printed for such a number would be false.
    let representable =
        value.as_i64().is_some() || value.as_f64().is_some_and(|seconds| seconds.abs() < 9.2e18);
    match decoded.time_claim(name) {
        Some(seconds) if representable => format!("{shown} ({})", format_unix_utc(seconds)),
        Some(_) => format!("{shown} (beyond any calendar date: over 292 billion years from 1970)"),
        None => format!("{shown} (not a number of seconds)"),
    }
}

/// One note per key written twice in the header or payload: both stay in the raw text, the last
/// value is the one every reader here (and `JSON.parse`) uses.
fn duplicate_key_notes(decoded: &DecodedToken) -> Vec<String> {
    [("header", &decoded.header), ("payload", &decoded.payload)]
        .into_iter()
        .flat_map(|(segment, json)| {
            json.duplicate_keys.iter().map(move |key| {
                format!(
                    "the {segment} has the key {} more than once: the raw text keeps every copy, and the \
                     last value (shown above) is the one that counts, here and in JSON.parse",
                    jwt::printable_json(&Value::from(key.as_str()))
                )
            })
        })
        .collect()
}

/// The explained text `jwt decode` prints (public for the property tests: it never holds a raw
/// control or bidi character, whatever the token).
pub fn decoded_text(decoded: &DecodedToken, style: Style) -> String {
    let mut text = String::new();
    let signature = if decoded.signature.bytes.is_empty() {
        "(empty: an unsigned token) (0 bytes)".to_string()
    } else {
        format!("{} ({} bytes)", decoded.signature.raw, decoded.signature.bytes.len())
    };
    let _ = write!(
        text,
        "{}\n{}\n\n{}\n{}\n\n{}\n{signature}\n",
        style.bold("Header (algorithm and token type)"),
        decoded.header.pretty(),
        style.bold("Payload (the claims)"),
        decoded.payload.pretty(),
        style.bold("Signature (base64url)"),
    );
    for note in duplicate_key_notes(decoded) {
        let _ = write!(text, "\n{}\n", style.caution(&format!("Note: {note}")));
    }
    let registered: Vec<(&str, &Value)> = decoded
        .claims()
        .iter()
        .filter(|(name, _)| REGISTERED_CLAIMS.contains(&name.as_str()))
        .map(|(name, value)| (name.as_str(), value))
        .collect();
    if !registered.is_empty() {
        let _ = write!(text, "\n{}\n", style.bold("Registered claims"));
        for (name, value) in registered {
            let description = jwt::claim_description(name).unwrap_or_default();
            let _ = writeln!(text, "  {name}: {}  {description}", describe_claim_value(decoded, name, value));
        }
    }
    let _ = write!(
        text,
        "\n{}\n",
        style.caution(
            "The signature was NOT verified: anyone can decode (and edit) a JWT. \
             Check it with `jwt verify TOKEN --secret ...` before trusting any claim."
        )
    );
    text
}

// -------------------------------------------------------------------------------------------- verify

fn algorithm_line(report: &VerifyReport, header_alg: &Value, style: Style) -> String {
    match &report.algorithm {
        AlgorithmStatus::Allowed(alg) => {
            let header_alg = jwt::printable_json(header_alg);
            style.pass(&format!("algorithm: allowed (header alg {header_alg}, pinned {alg})"))
        }
        AlgorithmStatus::Rejected(error) => style.fail(&format!("algorithm: rejected ({error})")),
        AlgorithmStatus::NotChecked => style.neutral("algorithm: not checked"),
    }
}

fn signature_line(report: &VerifyReport, style: Style) -> String {
    match &report.signature {
        SignatureStatus::Valid => {
            style.pass(&format!("signature: valid ({} with the given secret)", report.alg))
        }
        SignatureStatus::Invalid(why) => style.fail(&format!("signature: invalid ({why})")),
        SignatureStatus::NotChecked => style.neutral("signature: not checked (no key)"),
    }
}

fn claims_line(report: &VerifyReport, style: Style) -> String {
    let leeway = format!("leeway {}", format_duration(report.leeway));
    let exp = report.decoded.as_ref().ok().and_then(|decoded| decoded.time_claim("exp"));
    match &report.claims {
        ClaimsStatus::Valid => {
            let expiry = exp
                .zip(report.expiry_description())
                .map(|(exp, description)| format!("{description}, at {}; ", format_unix_utc(exp)))
                .unwrap_or_default();
            let verdict =
                if report.valid_only_by_leeway() { "valid only thanks to the leeway" } else { "valid" };
            style.pass(&format!("claims: {verdict} ({expiry}{leeway})"))
        }
        ClaimsStatus::Expired { exp, since } => style.fail(&format!(
            "claims: expired {} ago, at {} ({leeway})",
            format_duration(*since),
            format_unix_utc(*exp)
        )),
        ClaimsStatus::NotYetValid { nbf, starts_in } => style.fail(&format!(
            "claims: not yet valid, starts in {}, at {} ({leeway})",
            format_duration(*starts_in),
            format_unix_utc(*nbf)
        )),
        ClaimsStatus::MissingExp => {
            style.fail(&format!("claims: no exp, the token would never expire ({leeway})"))
        }
        ClaimsStatus::Malformed(error) | ClaimsStatus::WrongAudience(error) => {
            style.fail(&format!("claims: {error} ({leeway})"))
        }
        ClaimsStatus::NotChecked => style.neutral(&format!("claims: not checked ({leeway})")),
    }
}

fn verify(args: VerifyArgs, now: UnixSeconds, style: Style) -> CliResult {
    let secret = parse_secret(&args.secret)?;
    let token = read_token(&args.token)?;
    let options = VerifyOptions {
        alg: args.alg,
        key: Some(secret.bytes().to_vec()),
        now,
        leeway: args.leeway,
        audience: args.audience,
    };
    let report = jwt::verify(&token, &options);
    let decoded = match &report.decoded {
        Ok(decoded) => decoded,
        Err(error) => return Err(CliError::usage(format!("cannot decode the token: {error}"))),
    };
    if let Some(warning) = weak_secret_warning(&secret, args.alg) {
        warn(&warning);
    }
    if args.json {
        let code = if report.is_valid() { exit::OK } else { exit::REJECTED };
        let text = serde_json::to_string_pretty(&report_json(&report, decoded)).unwrap_or_default();
        write_stdout(&format!("{}\n", escape_json_text(&text)))?;
        return Ok(ExitCode::from(code));
    }
    let (text, code) = verify_text(&report, style);
    write_stdout(&text)?;
    Ok(ExitCode::from(code))
}

/// The report `jwt verify` prints for a token that decoded, and its exit code (public for the
/// property tests: it never holds a raw control or bidi character, whatever the token).
pub fn verify_text(report: &VerifyReport, style: Style) -> (String, u8) {
    let now = report.now;
    let header_alg = match &report.decoded {
        Ok(decoded) => decoded.header.json.get("alg").cloned().unwrap_or(Value::Null),
        Err(error) => return (format!("cannot decode the token: {error}\n"), exit::USAGE),
    };
    let mut text = String::new();
    let _ = writeln!(text, "{}", style.bold(&format!("Checked at {} (now = {now})", format_unix_utc(now))));
    let _ =
        writeln!(text, "{}", style.pass("decoded: yes (three base64url segments, JSON header and payload)"));
    let _ = writeln!(text, "{}", algorithm_line(report, &header_alg, style));
    if let HeaderStatus::Rejected(error) = &report.header {
        let _ = writeln!(text, "{}", style.fail(&format!("header: rejected ({error})")));
    }
    let _ = writeln!(text, "{}", signature_line(report, style));
    let _ = writeln!(text, "{}", claims_line(report, style));
    if let Some(warning) = report.leeway_warning() {
        let _ = writeln!(text, "{}", style.caution(&format!("warning: {warning}")));
    }
    let code = match report.verdict() {
        Ok(claims) => {
            let pretty = serde_json::to_string_pretty(claims).unwrap_or_default();
            let pretty = escape_json_text(&pretty);
            let _ = write!(text, "\n{}\n{pretty}\n", style.outcome(true, "valid"));
            exit::OK
        }
        Err(reason) => {
            let _ = writeln!(text, "\n{}", style.outcome(false, &format!("rejected: {reason}")));
            exit::REJECTED
        }
    };
    (text, code)
}

/// `jwt verify --json`: the report the text lists line by line, as one object. Each of `algorithm`,
/// `header_parameters`, `signature` and `claims` has a `status` (and what explains it); `valid` and
/// `reason` are the verdict.
fn report_json(report: &VerifyReport, decoded: &DecodedToken) -> Value {
    let header_alg = decoded.header.json.get("alg").cloned().unwrap_or(Value::Null);
    let mut algorithm = json!({ "status": "allowed", "header_alg": header_alg, "pinned": report.alg.name() });
    match &report.algorithm {
        AlgorithmStatus::Allowed(_) => {}
        AlgorithmStatus::Rejected(error) => {
            algorithm["status"] = json!("rejected");
            algorithm["reason"] = json!(error.to_string());
        }
        AlgorithmStatus::NotChecked => algorithm["status"] = json!("not_checked"),
    }
    let header_parameters = match &report.header {
        HeaderStatus::Understood => json!({ "status": "understood" }),
        HeaderStatus::Rejected(error) => json!({ "status": "rejected", "reason": error.to_string() }),
        HeaderStatus::NotChecked => json!({ "status": "not_checked" }),
    };
    let signature = match &report.signature {
        SignatureStatus::Valid => json!({ "status": "valid" }),
        SignatureStatus::Invalid(why) => json!({ "status": "invalid", "reason": why }),
        SignatureStatus::NotChecked => json!({ "status": "not_checked" }),
    };
    let exp = decoded.time_claim("exp");
    let claims = match &report.claims {
        ClaimsStatus::Valid => json!({
            "status": "valid",
            "exp": exp,
            "only_thanks_to_leeway": report.valid_only_by_leeway(),
        }),
        ClaimsStatus::Expired { exp, since } => {
            json!({ "status": "expired", "exp": exp, "expired_seconds_ago": since })
        }
        ClaimsStatus::NotYetValid { nbf, starts_in } => {
            json!({ "status": "not_yet_valid", "nbf": nbf, "starts_in_seconds": starts_in })
        }
        ClaimsStatus::MissingExp => json!({ "status": "missing_exp" }),
        ClaimsStatus::Malformed(error) => json!({ "status": "malformed", "reason": error.to_string() }),
        ClaimsStatus::WrongAudience(error) => {
            json!({ "status": "wrong_audience", "reason": error.to_string() })
        }
        ClaimsStatus::NotChecked => json!({ "status": "not_checked" }),
    };
    let verdict = report.verdict();
    json!({
        "now": report.now,
        "checked_at": format_unix_utc(report.now),
        "leeway_seconds": report.leeway,
        "leeway_warning": report.leeway_warning(),
        "header": decoded.header.json,
        "payload": decoded.payload.json,
        "algorithm": algorithm,
        "header_parameters": header_parameters,
        "signature": signature,
        "claims": claims,
        "valid": verdict.is_ok(),
        "reason": verdict.err().map(|reason| reason.to_string()),
    })
}
