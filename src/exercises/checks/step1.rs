//! Step 1: the `users` constant, with an argon2id hash instead of the seed's plaintext password.

use serde_json::Value;

use super::lab::Lab;
use super::{Check, Outcome, fail};
use crate::auth::users::{SEED_PASSWORD, parse_phc, verify_password};

pub(super) const CHECKS: &[Check] = &[
    Check {
        id: "users-list",
        title: "users holds user1 with id 1",
        expected: "app/api/auth/route.js defines `const users = [{ id: 1, username: 'user1', passwordHash: '…' }]`",
        hint: "Replace `const users = [];` with an array holding one object: id 1, username 'user1', passwordHash.",
        why: "Login (step 3) finds the user by name, and GET (step 4) by the id in the token's sub.",
        needs: &[],
        run: users_list,
    },
    Check {
        id: "no-plaintext-password",
        title: "No plaintext password in the source or the data",
        expected: "no user object has the password itself, and no .js file has the string 'pass123' outside comments",
        hint: "Keep only passwordHash. Make the hash once outside the code (see the TODO) and paste it in.",
        why: "Whoever sees the source, a backup or a log gets every password in plain text, and users reuse \
              passwords on other sites.",
        needs: &["users-list"],
        run: no_plaintext_password,
    },
    Check {
        id: "argon2id-hash",
        title: "The password hash is argon2id with at least the OWASP cost",
        expected: "passwordHash is a PHC string $argon2id$v=19$m=…,t=…,p=… with m=19456 KiB and t=2 or an \
                   OWASP equivalent (m=47104/t=1, m=12288/t=3, m=9216/t=4, m=7168/t=5)",
        hint: "Hash with { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 }.",
        why: "A stolen hash is attacked offline, billions of guesses at a time. Memory and passes make each \
              guess expensive; a fast hash (SHA-256, MD5) or a cheap argon2 setting makes it cheap.",
        needs: &["users-list"],
        run: argon2id_hash,
    },
    Check {
        id: "password-verifies",
        title: "user1's hash verifies the password pass123",
        expected: "argon2 verify(passwordHash, 'pass123') is true",
        hint: "Hash exactly the demo password from README.md, with no extra spaces or newline.",
        why: "If the stored hash is of another text, the real password never logs in.",
        needs: &["argon2id-hash"],
        run: password_verifies,
    },
];

/// OWASP Password Storage Cheat Sheet: argon2id settings of equal strength (m in KiB, t), all with p=1.
const OWASP_ARGON2ID: [(u32, u32); 5] = [(47_104, 1), (19_456, 2), (12_288, 3), (9_216, 4), (7_168, 5)];

fn users(lab: &mut Lab) -> Result<Vec<Value>, Outcome> {
    let probed = lab.probe("users", None)?;
    if probed["missing"] == true {
        return fail("app/api/auth/route.js has no `users` constant");
    }
    if let Some(error) = probed["threw"].as_str() {
        return fail(format!("reading `users` threw: {error}"));
    }
    match probed["value"].as_array() {
        Some(list) => Ok(list.clone()),
        None => fail(format!("`users` is not an array: {}", probed["value"])),
    }
}

fn user1(lab: &mut Lab) -> Result<Value, Outcome> {
    let list = users(lab)?;
    list.iter().find(|user| user["username"] == "user1").cloned().map_or_else(
        || fail(format!("`users` has no user with username 'user1' ({} entries)", list.len())),
        Ok,
    )
}

fn users_list(lab: &mut Lab) -> Result<String, Outcome> {
    let user = user1(lab)?;
    if user["id"] != 1 {
        return fail(format!("user1's id is {}, expected the number 1", user["id"]));
    }
    Ok("users = [{ id: 1, username: 'user1', … }]".into())
}

fn no_plaintext_password(lab: &mut Lab) -> Result<String, Outcome> {
    let mut found = Vec::new();
    for user in users(lab).unwrap_or_default() {
        if let Some(fields) = user.as_object() {
            for (key, value) in fields {
                if value == SEED_PASSWORD || key == "password" {
                    found.push(format!("users has a field `{key}: {value}`"));
                }
            }
        }
    }
    for (path, text) in lab.sources() {
        for (line, column) in quoted_occurrences(text, SEED_PASSWORD) {
            found.push(format!(
                "{path}:{line}:{column}: the password '{SEED_PASSWORD}' is written in the source"
            ));
        }
    }
    if found.is_empty() { Ok("no plaintext password found".into()) } else { fail(found.join("; ")) }
}

fn argon2id_hash(lab: &mut Lab) -> Result<String, Outcome> {
    let user = user1(lab)?;
    let Some(hash) = user["passwordHash"].as_str() else {
        return fail(format!("user1 has no passwordHash string (fields: {})", field_names(&user)));
    };
    let Some(parts) = parse_phc(hash) else {
        return fail(format!(
            "passwordHash '{}' is not an argon2 PHC string ($argon2id$v=19$m=…,t=…,p=…$salt$hash)",
            short(hash)
        ));
    };
    if parts.algorithm != "argon2id" {
        return fail(format!(
            "passwordHash uses {}; argon2id resists both GPU guessing and side channels",
            parts.algorithm
        ));
    }
    let (m, t) = (parts.memory_kib, parts.iterations);
    if !OWASP_ARGON2ID.iter().any(|&(min_m, min_t)| m >= min_m && t >= min_t) {
        return fail(format!(
            "passwordHash costs m={m} KiB, t={t}: below every OWASP setting (the baseline is m=19456, t=2)"
        ));
    }
    Ok(format!("argon2id, m={m} KiB, t={t}, p={}", parts.parallelism))
}

fn password_verifies(lab: &mut Lab) -> Result<String, Outcome> {
    let user = user1(lab)?;
    let hash = user["passwordHash"].as_str().unwrap_or_default();
    if verify_password(hash, SEED_PASSWORD) {
        Ok("argon2.verify(passwordHash, 'pass123') is true".into())
    } else {
        fail("passwordHash does not verify 'pass123': it is the hash of another text")
    }
}

fn field_names(user: &Value) -> String {
    user.as_object().map(|fields| fields.keys().cloned().collect::<Vec<_>>().join(", ")).unwrap_or_default()
}

fn short(text: &str) -> String {
    let cut: String = text.chars().take(40).collect();
    if cut.len() < text.len() { format!("{cut}…") } else { cut }
}

/// (line, column) of every string literal equal to `needle` outside comments. A small scanner: comments,
/// '…', "…" and `…` literals; a `/` after an operator starts a regular expression literal.
fn quoted_occurrences(source: &str, needle: &str) -> Vec<(usize, usize)> {
    let chars: Vec<char> = source.chars().collect();
    let mut found = Vec::new();
    let (mut i, mut line, mut line_start) = (0usize, 1usize, 0usize);
    let mut previous_significant = '\n';
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied().unwrap_or('\0');
        if c == '\n' {
            line += 1;
            line_start = i + 1;
            i += 1;
            continue;
        }
        if c == '/' && next == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if c == '/' && next == '*' {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                if chars[i] == '\n' {
                    line += 1;
                    line_start = i + 1;
                }
                i += 1;
            }
            i += 2;
            continue;
        }
        let starts_regex = c == '/' && "(,=:[!&|?{};+-*%<>~^\n".contains(previous_significant);
        if matches!(c, '\'' | '"' | '`') || starts_regex {
            let (start, start_line, start_column) = (i + 1, line, i - line_start + 1);
            i += 1;
            while i < chars.len() && chars[i] != c {
                if chars[i] == '\\' {
                    i += 1;
                }
                if chars.get(i) == Some(&'\n') {
                    line += 1;
                    line_start = i + 1;
                }
                i += 1;
            }
            let literal: String = chars[start..i.min(chars.len())].iter().collect();
            if c != '/' && literal == needle {
                found.push((start_line, start_column));
            }
            i += 1;
            previous_significant = 'a';
            continue;
        }
        if !c.is_whitespace() {
            previous_significant = c;
        }
        i += 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::quoted_occurrences;

    #[test]
    fn only_string_literals_outside_comments_count() {
        let source = "// hash of 'pass123'\n/* \"pass123\" */\nconst a = 'pass123';\nconst b = `x`; const c = \"pass123\";\nconst r = /'pass123'/;\n";
        assert_eq!(quoted_occurrences(source, "pass123"), [(3, 11), (4, 26)]);
        assert!(quoted_occurrences("const s = 'it\\'s pass123';", "pass123").is_empty());
    }
}
