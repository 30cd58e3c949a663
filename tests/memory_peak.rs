//! Peak resident memory of the commands that used to grow without bound (issue 13): `walkthrough`
//! kept every freed argon2id block (290 MiB), `--secret @/dev/zero` and a 100 MB answer line were
//! read whole, a lesson folder of 20 000 problems was held at once.
//!
//! One test in its own binary, because the measure is the largest child this process has waited
//! for (`RUSAGE_CHILDREN`): each command runs in turn and the maximum so far is checked after each.
//! The limit is for this debug build (larger code pages than release); README lists release figures.

#![cfg(target_os = "linux")]

use std::io::Write;
use std::process::{Command, Stdio};

/// A debug build of `walkthrough` peaks near 31 MiB; the bug it guards against was 290 MiB.
const DEBUG_LIMIT_KIB: i64 = 48 * 1024;

fn largest_child_kib() -> i64 {
    // SAFETY: getrusage writes into the zeroed struct we own.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    assert_eq!(unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) }, 0);
    usage.ru_maxrss // KiB on Linux
}

/// `repeat` copies of `byte` on stdin, written in small chunks: a child's peak counts the pages it
/// shared with this process when it was spawned, so this process never holds the whole input.
fn run(args: &[&str], byte: u8, repeat: usize) {
    let state = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_jwt-session-tutor"))
        .args(args)
        .env("XDG_STATE_HOME", state.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let chunk = [byte; 64 * 1024];
        for _ in 0..repeat.div_ceil(chunk.len()) {
            if pipe.write_all(&chunk).is_err() {
                break;
            }
        }
    });
    child.wait().unwrap();
    writer.join().unwrap();
    let peak = largest_child_kib();
    assert!(peak < DEBUG_LIMIT_KIB, "{args:?}: peak so far {peak} KiB");
}

#[test]
fn every_command_stays_within_its_memory_on_hostile_input() {
    run(&["--demo", "walkthrough"], 0, 0);
    run(&["--demo", "walkthrough", "--json"], 0, 0);
    run(&["jwt", "sign", "--secret", "@/dev/zero"], 0, 0);
    run(&["jwt", "decode", "-"], b'e', 10 * 1024 * 1024);
    run(&["quiz", "--plain"], b'a', 100 * 1024 * 1024);
    let lessons = tempfile::tempdir().unwrap();
    let quiz = concat!(env!("CARGO_MANIFEST_DIR"), "/lessons/quiz.toml");
    std::fs::copy(quiz, lessons.path().join("quiz.toml")).unwrap();
    let keys: String = (0..20_000).map(|i| format!("k{i} = 1\n")).collect();
    std::fs::write(lessons.path().join("00-keys.toml"), keys).unwrap();
    std::fs::write(lessons.path().join("01-syntax.toml"), "=\n".repeat(32_000)).unwrap();
    let huge = std::fs::File::create(lessons.path().join("02-huge.toml")).unwrap();
    huge.set_len(50 * 1024 * 1024).unwrap();
    run(&["lessons", "check", lessons.path().to_str().unwrap()], 0, 0);
}
