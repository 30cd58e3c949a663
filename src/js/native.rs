//! The few primitives the JavaScript prelude cannot do itself, done in Rust so the crypto is real:
//! HMAC/SHA-2, argon2, the CSPRNG, UTF-8 and base64, and the clock. Exposed as `globalThis.__native`.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use rquickjs::function::Opt;
use rquickjs::{Ctx, Exception, Function, Object, Result, TypedArray};
use sha2::{Digest, Sha256, Sha384, Sha512};

use crate::auth::random::RandomSource;

/// `clock` holds this when the server follows the system clock.
pub const SYSTEM_CLOCK: i64 = i64::MIN;

/// The largest `randomBytes(n)` served: far above any token, small enough not to exhaust memory.
const MAX_RANDOM_BYTES: usize = 1 << 20;
/// argon2 memory cost ceiling (KiB): 256 MiB, four times the npm default, so a hash stays well
/// inside the request time limit (the hash runs in Rust, where the time limit cannot interrupt it).
const MAX_ARGON2_MEMORY_KIB: u32 = 256 * 1024;
/// argon2 passes ceiling, for the same reason.
const MAX_ARGON2_TIME_COST: u32 = 16;
/// argon2 work ceiling, memoryCost × timeCost in KiB-passes: 1 GiB of passes, about 0.6 s on one
/// core (the npm default, 64 MiB × 3, is a fifth of it), so one hash stays inside the 2 s time limit.
const MAX_ARGON2_WORK: u64 = 1 << 20;
/// argon2 lanes ceiling (the hash runs on one thread whatever the lane count).
const MAX_ARGON2_PARALLELISM: u32 = 64;

/// What the native functions share with the server thread.
pub struct NativeState {
    /// Milliseconds since the epoch pinned by the server, or [`SYSTEM_CLOCK`].
    pub clock: Arc<AtomicI64>,
    /// Where `randomBytes`, `randomUUID`, salts and `getRandomValues` get their bytes.
    pub random: RefCell<RandomSource>,
    /// `console.*` output of the current request.
    pub logs: RefCell<Vec<String>>,
}

impl NativeState {
    /// Milliseconds since the Unix epoch: the pinned clock or the system's.
    pub fn now_millis(&self) -> i64 {
        match self.clock.load(Ordering::Relaxed) {
            SYSTEM_CLOCK => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|elapsed| elapsed.as_millis() as i64)
                .unwrap_or(0),
            pinned => pinned,
        }
    }
}

/// A copy of a `Uint8Array`'s bytes (empty when its buffer was detached).
fn copy_bytes(array: &TypedArray<'_, u8>) -> Vec<u8> {
    // SAFETY: the slice is copied at once, and no JavaScript runs while it is borrowed.
    unsafe { array.as_bytes() }.map(<[u8]>::to_vec).unwrap_or_default()
}

fn bytes<'js>(ctx: &Ctx<'js>, data: Vec<u8>) -> Result<TypedArray<'js, u8>> {
    TypedArray::new(ctx.clone(), data)
}

/// Installs `globalThis.__native`.
pub fn install<'js>(ctx: &Ctx<'js>, state: Rc<NativeState>) -> Result<()> {
    let native = Object::new(ctx.clone())?;

    let clock_state = state.clone();
    native.set("now", Function::new(ctx.clone(), move || clock_state.now_millis() as f64)?)?;

    let started = std::time::Instant::now();
    native.set("monotonic", Function::new(ctx.clone(), move || started.elapsed().as_secs_f64() * 1000.0)?)?;

    let random_state = state.clone();
    native.set(
        "randomBytes",
        Function::new(ctx.clone(), move |ctx: Ctx<'js>, count: f64| {
            if !(0.0..=MAX_RANDOM_BYTES as f64).contains(&count) || count.fract() != 0.0 {
                return Err(Exception::throw_range(
                    &ctx,
                    &format!("The value of \"size\" is out of range. It must be >= 0 && <= {MAX_RANDOM_BYTES}. Received {count}"),
                ));
            }
            let mut buffer = vec![0u8; count as usize];
            random_state.random.borrow_mut().fill(&mut buffer);
            bytes(&ctx, buffer)
        })?,
    )?;

    native.set(
        "hmac",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, algorithm: String, key: TypedArray<'js, u8>, data: TypedArray<'js, u8>| {
                let (key, data) = (copy_bytes(&key), copy_bytes(&data));
                let (key, data) = (key.as_slice(), data.as_slice());
                let mac = match algorithm.to_ascii_lowercase().as_str() {
                    "sha256" => hmac_bytes::<Hmac<Sha256>>(key, data),
                    "sha384" => hmac_bytes::<Hmac<Sha384>>(key, data),
                    "sha512" => hmac_bytes::<Hmac<Sha512>>(key, data),
                    _ => return Err(Exception::throw_type(&ctx, &format!("Invalid digest: {algorithm}"))),
                };
                bytes(&ctx, mac)
            },
        )?,
    )?;

    native.set(
        "digest",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, algorithm: String, data: TypedArray<'js, u8>| {
            let data = copy_bytes(&data);
            let digest = match algorithm.to_ascii_lowercase().as_str() {
                "sha256" => Sha256::digest(&data).to_vec(),
                "sha384" => Sha384::digest(&data).to_vec(),
                "sha512" => Sha512::digest(&data).to_vec(),
                _ => {
                    return Err(Exception::throw_type(
                        &ctx,
                        &format!("Digest method not supported: {algorithm}"),
                    ));
                }
            };
            bytes(&ctx, digest)
        })?,
    )?;

    native.set(
        "utf8Encode",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, text: String| bytes(&ctx, text.into_bytes()))?,
    )?;
    native.set(
        "utf8Decode",
        Function::new(ctx.clone(), |data: TypedArray<'js, u8>| {
            String::from_utf8_lossy(&copy_bytes(&data)).into_owned()
        })?,
    )?;
    native.set(
        "base64Encode",
        Function::new(ctx.clone(), |data: TypedArray<'js, u8>, url: Opt<bool>| {
            let data = copy_bytes(&data);
            if url.0.unwrap_or(false) { URL_SAFE_NO_PAD.encode(&data) } else { STANDARD.encode(&data) }
        })?,
    )?;
    native.set(
        "base64Decode",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, text: String| bytes(&ctx, lenient_base64_decode(&text)))?,
    )?;

    let salt_state = state.clone();
    native.set(
        "argon2Hash",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, password: TypedArray<'js, u8>, options: Object<'js>| -> Result<String> {
                let number = |name: &str| -> Result<u32> {
                    let value: f64 = options.get(name)?;
                    if value.fract() != 0.0 || !(0.0..=u32::MAX as f64).contains(&value) {
                        return Err(Exception::throw_range(&ctx, &format!("Invalid {name}: {value}")));
                    }
                    Ok(value as u32)
                };
                let (kind, memory, time, lanes, length) = (
                    number("type")?,
                    number("memoryCost")?,
                    number("timeCost")?,
                    number("parallelism")?,
                    number("hashLength")?,
                );
                let salt: Option<TypedArray<'js, u8>> = options.get("salt")?;
                let salt = match salt {
                    Some(salt) => copy_bytes(&salt),
                    None => {
                        let mut salt = vec![0u8; 16];
                        salt_state.random.borrow_mut().fill(&mut salt);
                        salt
                    }
                };
                let algorithm = match kind {
                    0 => Algorithm::Argon2d,
                    1 => Algorithm::Argon2i,
                    2 => Algorithm::Argon2id,
                    _ => return Err(Exception::throw_type(&ctx, &format!("Invalid type: {kind}"))),
                };
                check_costs(&ctx, memory, time, lanes)?;
                let hash = argon2_raw(
                    &ctx,
                    algorithm,
                    Version::V0x13,
                    memory,
                    time,
                    lanes,
                    length as usize,
                    &copy_bytes(&password),
                    &salt,
                )?;
                Ok(format!(
                    "${}$v=19$m={memory},p={lanes},t={time}${}${}",
                    algorithm.as_str(),
                    STANDARD_NO_PAD.encode(&salt),
                    STANDARD_NO_PAD.encode(&hash)
                ))
            },
        )?,
    )?;

    native.set(
        "argon2Verify",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, phc: String, password: TypedArray<'js, u8>| -> Result<bool> {
                let parsed = parse_phc(&phc).map_err(|message| Exception::throw_type(&ctx, &message))?;
                let Some(algorithm) = parsed.algorithm else { return Ok(false) };
                check_costs(&ctx, parsed.memory, parsed.time, parsed.lanes)?;
                let computed = argon2_raw(
                    &ctx,
                    algorithm,
                    parsed.version,
                    parsed.memory,
                    parsed.time,
                    parsed.lanes,
                    parsed.hash.len(),
                    &copy_bytes(&password),
                    &parsed.salt,
                )?;
                Ok(constant_time_eq(&computed, &parsed.hash))
            },
        )?,
    )?;

    let log_state = state;
    native.set(
        "log",
        Function::new(ctx.clone(), move |line: String| log_state.logs.borrow_mut().push(line))?,
    )?;

    ctx.globals().set("__native", native)?;
    Ok(())
}

fn hmac_bytes<M: Mac + hmac::digest::KeyInit>(key: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC accepts keys of any length, so new_from_slice cannot fail.
    match <M as hmac::digest::KeyInit>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(data);
            mac.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

fn check_costs(ctx: &Ctx<'_>, memory: u32, time: u32, lanes: u32) -> Result<()> {
    if memory > MAX_ARGON2_MEMORY_KIB {
        return Err(Exception::throw_range(
            ctx,
            &format!(
                "memoryCost {memory} is above the tutorial runtime's limit of {MAX_ARGON2_MEMORY_KIB} KiB"
            ),
        ));
    }
    if time > MAX_ARGON2_TIME_COST {
        return Err(Exception::throw_range(
            ctx,
            &format!("timeCost {time} is above the tutorial runtime's limit of {MAX_ARGON2_TIME_COST}"),
        ));
    }
    if u64::from(memory) * u64::from(time) > MAX_ARGON2_WORK {
        return Err(Exception::throw_range(
            ctx,
            &format!(
                "memoryCost × timeCost = {} is above the tutorial runtime's limit of {MAX_ARGON2_WORK} (1 GiB of passes)",
                u64::from(memory) * u64::from(time)
            ),
        ));
    }
    if lanes > MAX_ARGON2_PARALLELISM {
        return Err(Exception::throw_range(
            ctx,
            &format!("parallelism {lanes} is above the tutorial runtime's limit of {MAX_ARGON2_PARALLELISM}"),
        ));
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn argon2_raw(
    ctx: &Ctx<'_>,
    algorithm: Algorithm,
    version: Version,
    memory: u32,
    time: u32,
    lanes: u32,
    length: usize,
    password: &[u8],
    salt: &[u8],
) -> Result<Vec<u8>> {
    let params = Params::new(memory, time, lanes, Some(length))
        .map_err(|error| Exception::throw_range(ctx, &format!("argon2: {error}")))?;
    let mut out = vec![0u8; length];
    Argon2::new(algorithm, version, params)
        .hash_password_into(password, salt, &mut out)
        .map_err(|error| Exception::throw_range(ctx, &format!("argon2: {error}")))?;
    Ok(out)
}

/// Equal length and equal bytes, looking at every byte whatever the first difference.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Node's `Buffer.from(text, 'base64')`: both alphabets, padding ends the data, anything else skipped.
pub fn lenient_base64_decode(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut accumulator: u32 = 0;
    let mut bits = 0;
    for byte in text.bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            _ => continue,
        };
        accumulator = (accumulator << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((accumulator >> bits) as u8);
            accumulator &= (1 << bits) - 1;
        }
    }
    out
}

struct Phc {
    /// None for an id that is not argon2 (npm's verify answers false).
    algorithm: Option<Algorithm>,
    version: Version,
    memory: u32,
    time: u32,
    lanes: u32,
    salt: Vec<u8>,
    hash: Vec<u8>,
}

/// `$argon2id$v=19$m=..,p=..,t=..$salt$hash`, the parameters in any order (as @phc/format reads them).
fn parse_phc(phc: &str) -> std::result::Result<Phc, String> {
    if phc.is_empty() {
        return Err("pchstr must be a non-empty string".to_string());
    }
    let Some(rest) = phc.strip_prefix('$') else {
        return Err("pchstr must contain a $ as first char".to_string());
    };
    let fields: Vec<&str> = rest.split('$').collect();
    let (id, fields) = fields.split_first().ok_or("pchstr must contain an id")?;
    let algorithm = match *id {
        "argon2id" => Some(Algorithm::Argon2id),
        "argon2i" => Some(Algorithm::Argon2i),
        "argon2d" => Some(Algorithm::Argon2d),
        _ => None,
    };
    let (version, fields) = match fields.split_first() {
        Some((first, rest)) if first.starts_with("v=") => match *first {
            "v=19" => (Version::V0x13, rest),
            "v=16" => (Version::V0x10, rest),
            other => return Err(format!("unsupported version {other}")),
        },
        _ => (Version::V0x10, fields),
    };
    let [params, salt, hash] = fields else {
        return Err("pchstr must have parameters, a salt and a hash".to_string());
    };
    let (mut memory, mut time, mut lanes) = (None, None, None);
    for pair in params.split(',') {
        let (name, value) =
            pair.split_once('=').ok_or_else(|| format!("params must be name=value: {pair}"))?;
        let value: u32 = value.parse().map_err(|_| format!("params values must be numbers: {pair}"))?;
        match name {
            "m" => memory = Some(value),
            "t" => time = Some(value),
            "p" => lanes = Some(value),
            _ => {}
        }
    }
    let missing = |name: &str| format!("pchstr has no {name} parameter");
    Ok(Phc {
        algorithm,
        version,
        memory: memory.ok_or_else(|| missing("m"))?,
        time: time.ok_or_else(|| missing("t"))?,
        lanes: lanes.ok_or_else(|| missing("p"))?,
        salt: lenient_base64_decode(salt),
        hash: lenient_base64_decode(hash),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_base64_reads_both_alphabets_and_stops_at_padding() {
        assert_eq!(lenient_base64_decode("aGVsbG8="), b"hello");
        assert_eq!(lenient_base64_decode("aGVsbG8"), b"hello");
        assert_eq!(lenient_base64_decode("-_8"), vec![0xfb, 0xff]);
        assert_eq!(lenient_base64_decode("+/8="), vec![0xfb, 0xff]);
    }

    #[test]
    fn phc_parameters_are_read_in_either_order() {
        let a = parse_phc("$argon2id$v=19$m=19456,p=1,t=2$c2FsdHNhbHQ$aGFzaA").unwrap();
        let b = parse_phc("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA").unwrap();
        assert_eq!((a.memory, a.time, a.lanes), (19456, 2, 1));
        assert_eq!((b.memory, b.time, b.lanes), (19456, 2, 1));
        assert_eq!(parse_phc("argon2id").err().unwrap(), "pchstr must contain a $ as first char");
    }
}
