//! `jwt sign | decode | verify`: the auth engine's JWT functions as scriptable commands.
//!
//! stdout carries the result (the token, the decoded parts, the verification report); warnings and
//! errors go to stderr as single lines. Exit codes: 0 valid, 1 rejected, 2 usage error or malformed input.

use std::fmt::Write as _;
use std::io::Read;
use std::process::ExitCode;

use serde_json::{Map, Value, json};

use super::output::{Style, warn, write_stdout};
use super::walkthrough::DEMO_NOW;
use super::{CliError, CliResult, TuiArgs, exit};
use crate::auth::clock::{UnixSeconds, describe_expiry, format_duration, format_unix_utc, system_now};
use crate::auth::config::{self, Secret};
use crate::auth::jwt::{
    self, Alg, AlgorithmStatus, ClaimsStatus, DecodedToken, MAX_TOKEN_BYTES, REGISTERED_CLAIMS,
    SignatureStatus, VerifyOptions, VerifyReport, json_kind,
};

/// A token's lifetime when `--exp-in` is not given: 15 minutes, as the login route issues.
pub const DEFAULT_EXP_IN: u64 = 15 * 60;

/// How much of stdin is read for a token before giving up (tokens over 8 KiB are refused anyway).
const STDIN_LIMIT: u64 = 64 * 1024;

#[derive(Debug)]
pub enum JwtCommand {
    Sign(SignArgs),
    Decode(DecodeArgs),
    Verify(VerifyArgs),
}

#[derive(Debug)]
pub struct SignArgs {
    /// The HMAC key as given: text, `b64:VALUE`, `@PATH` or `text:VALUE` (see [`Secret::parse_cli`]).
    pub secret: String,
    pub alg: Alg,
    /// The subject claim (a user id, stored as a string).
    pub sub: Option<String>,
    /// Extra claims: a JSON object merged into the payload.
    pub claims: Option<String>,
    /// Lifetime in seconds (default [`DEFAULT_EXP_IN`]).
    pub exp_in: Option<u64>,
    /// Sign as if the clock read this (sets `iat`); `None` means the system clock, or [`DEMO_NOW`] with `--demo`.
    pub now: Option<UnixSeconds>,
}

#[derive(Debug)]
pub struct DecodeArgs {
    /// The token, or `-` to read it from stdin.
    pub token: String,
    /// One JSON object `{header, payload, signature}` instead of the explained text.
    pub json: bool,
}

#[derive(Debug)]
pub struct VerifyArgs {
    /// The token, or `-` to read it from stdin.
    pub token: String,
    /// The HMAC key, as for [`SignArgs::secret`].
    pub secret: String,
    /// The only algorithm accepted, whatever the token's header says.
    pub alg: Alg,
    /// Check as if the clock read this; `None` as for [`SignArgs::now`].
    pub now: Option<UnixSeconds>,
    /// Clock skew allowed for `exp` and `nbf`, in seconds.
    pub leeway: u64,
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

fn sign(args: SignArgs, now: UnixSeconds) -> CliResult {
    let secret = parse_secret(&args.secret)?;
    let claims = sign_claims(&args, now)?;
    let token =
        jwt::sign(&claims, secret.bytes(), args.alg).map_err(|error| CliError::usage(error.to_string()))?;
    if let Some(warning) = weak_secret_warning(&secret, args.alg) {
        warn(&warning);
    }
    if !claims.get("exp").is_some_and(Value::is_number) {
        warn("exp is not a number of seconds: verifiers will reject this token");
    }
    write_stdout(&format!("{token}\n"))?;
    Ok(ExitCode::from(exit::OK))
}

// -------------------------------------------------------------------------------------------- decode

/// The token from the argument, or from stdin for `-`; surrounding whitespace (a pasted newline) is dropped.
fn read_token(argument: &str) -> Result<String, CliError> {
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
        let document = json!({
            "header": decoded.header.json,
            "payload": decoded.payload.json,
            "signature": decoded.signature.raw,
        });
        format!("{}\n", serde_json::to_string_pretty(&document).unwrap_or_default())
    } else {
        decoded_text(&decoded, style)
    };
    write_stdout(&text)?;
    Ok(ExitCode::from(exit::OK))
}

/// `1767225600 (2026-01-01 00:00:00 UTC)` for a number, or the JSON value with a note for anything else.
fn describe_claim_value(decoded: &DecodedToken, name: &str, value: &Value) -> String {
    if !matches!(name, "iat" | "exp" | "nbf") {
        return value.to_string();
    }
    // time_claim saturates at the i64 range; a date printed for such a number would be false.
    let representable =
        value.as_i64().is_some() || value.as_f64().is_some_and(|seconds| seconds.abs() < 9.2e18);
    match decoded.time_claim(name) {
        Some(seconds) if representable => format!("{value} ({})", format_unix_utc(seconds)),
        Some(_) => format!("{value} (beyond any calendar date: over 292 billion years from 1970)"),
        None => format!("{value} (not a number of seconds)"),
    }
}

fn decoded_text(decoded: &DecodedToken, style: Style) -> String {
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
                .map(|exp| format!("{}, at {}; ", describe_expiry(exp, report.now), format_unix_utc(exp)))
                .unwrap_or_default();
            let only_by_leeway = exp.is_some_and(|exp| report.now >= exp);
            let verdict = if only_by_leeway { "valid only thanks to the leeway" } else { "valid" };
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
        ClaimsStatus::Malformed(error) => style.fail(&format!("claims: {error} ({leeway})")),
        ClaimsStatus::NotChecked => style.neutral(&format!("claims: not checked ({leeway})")),
    }
}

fn verify(args: VerifyArgs, now: UnixSeconds, style: Style) -> CliResult {
    let secret = parse_secret(&args.secret)?;
    let token = read_token(&args.token)?;
    let options =
        VerifyOptions { alg: args.alg, key: Some(secret.bytes().to_vec()), now, leeway: args.leeway };
    let report = jwt::verify(&token, &options);
    let decoded = match &report.decoded {
        Ok(decoded) => decoded,
        Err(error) => return Err(CliError::usage(format!("cannot decode the token: {error}"))),
    };
    if let Some(warning) = weak_secret_warning(&secret, args.alg) {
        warn(&warning);
    }
    let header_alg = decoded.header.json.get("alg").cloned().unwrap_or(Value::Null);
    let mut text = String::new();
    let _ = writeln!(text, "{}", style.bold(&format!("Checked at {} (now = {now})", format_unix_utc(now))));
    let _ =
        writeln!(text, "{}", style.pass("decoded: yes (three base64url segments, JSON header and payload)"));
    let _ = writeln!(text, "{}", algorithm_line(&report, &header_alg, style));
    let _ = writeln!(text, "{}", signature_line(&report, style));
    let _ = writeln!(text, "{}", claims_line(&report, style));
    let code = match report.verdict() {
        Ok(claims) => {
            let pretty = serde_json::to_string_pretty(claims).unwrap_or_default();
            let _ = write!(text, "\n{}\n{pretty}\n", style.outcome(true, "valid"));
            exit::OK
        }
        Err(reason) => {
            let _ = writeln!(text, "\n{}", style.outcome(false, &format!("rejected: {reason}")));
            exit::REJECTED
        }
    };
    write_stdout(&text)?;
    Ok(ExitCode::from(code))
}
