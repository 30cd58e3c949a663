//! The real binary in a pseudo-terminal, as a learner runs it: reach Step 3 with the keys, log in,
//! see a token, quit with q; and a bad lesson folder refused before the terminal is touched.

use std::process::Command;
use std::thread::sleep;
use std::time::Duration;

use expectrl::process::unix::WaitStatus;
use expectrl::{Expect, Regex, Session};

/// `text` as the terminal receives it: ratatui may put style changes (and, where a cell did not
/// change, cursor moves) between characters.
fn on_screen(text: &str) -> Regex<String> {
    let between = r"(?:\x1b\[[0-9;?]*[A-Za-z])*";
    let pattern: Vec<String> = text.chars().map(regex_escape).collect();
    Regex(pattern.join(between))
}

fn regex_escape(c: char) -> String {
    if c.is_ascii_alphanumeric() || c == ' ' { c.to_string() } else { format!("\\x{{{:x}}}", c as u32) }
}

fn tutor() -> Command {
    Command::new(env!("CARGO_BIN_EXE_jwt-session-tutor"))
}

#[test]
fn keys_reach_step_3_log_in_show_a_token_and_q_quits_cleanly() {
    let state = tempfile::tempdir().unwrap();
    let mut command = tutor();
    command.arg("--demo").env("XDG_STATE_HOME", state.path()).env("TERM", "xterm-256color");
    let mut session = Session::spawn(command).unwrap();
    session.get_process_mut().set_window_size(100, 30).unwrap();
    session.set_expect_timeout(Some(Duration::from_secs(20)));
    session.expect(on_screen("DEMO")).unwrap();
    session.expect(on_screen("Welcome")).unwrap();
    // Welcome, the two concept screens, Step 1 and Step 2 lie before Step 3.
    for _ in 0..5 {
        session.send("n").unwrap();
        sleep(Duration::from_millis(50));
    }
    // The tab strip of Step 3 (its last tab is new on screen, so it is drawn whole).
    session.expect(on_screen("Cookies")).unwrap();
    session.send("\t\t").unwrap();
    session.expect(on_screen("username")).unwrap();
    // The seed user's password is hashed in the background at start; until it is done, Enter
    // only says the server is busy, so try again (a loaded CI machine may take a while).
    session.set_expect_timeout(Some(Duration::from_secs(2)));
    let logged_in = (0..15).any(|_| {
        session.send("\r").unwrap();
        session.expect(on_screen("200 OK")).is_ok()
    });
    assert!(logged_in, "no 200 OK after pressing Enter on the login form");
    session.set_expect_timeout(Some(Duration::from_secs(20)));
    session.expect(on_screen("eyJ")).unwrap();
    // A login would be lost: q asks first, and y confirms.
    session.send("q").unwrap();
    session.expect(on_screen("Quit?")).unwrap();
    session.send("y").unwrap();
    let status = session.get_process().wait().unwrap();
    assert_eq!(status, WaitStatus::Exited(session.get_process().pid(), 0));
    let progress = std::fs::read_to_string(state.path().join("jwt-session-tutor/progress.json")).unwrap();
    assert!(progress.contains("\"step2-config\""), "{progress}");
    assert!(progress.contains("\"last_screen\": \"step3-login\""), "{progress}");
}

#[test]
fn a_bad_lesson_folder_is_reported_before_the_terminal_is_touched() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("00-welcome.toml"), "format_version = 1\nid = \"w\"\ntitle = 3\n")
        .unwrap();
    let out = tutor().arg("--lessons").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let first = stderr.lines().next().unwrap();
    assert!(first.starts_with(&format!("{}/00-welcome.toml:", dir.path().display())), "{stderr}");
    assert!(first.split(':').nth(1).unwrap().parse::<u32>().is_ok(), "line number: {first}");
    // No escape sequences: the terminal was never switched to the alternate screen.
    assert!(out.stdout.is_empty() && !stderr.contains('\x1b'), "{stderr}");

    let missing = tutor().args(["--lessons", "/no/such/folder"]).output().unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8(missing.stderr).unwrap().contains("/no/such/folder does not exist"));
}

#[test]
fn without_a_terminal_the_tutorial_says_what_to_use_instead() {
    let out = tutor().output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("needs a terminal"), "{stderr}");
    assert!(stderr.contains("quiz --plain"), "{stderr}");
}

#[test]
fn an_unknown_theme_is_a_usage_error() {
    let out = tutor().args(["--theme", "neon"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("unknown theme 'neon'"));
}

/// How a run of the tutorial is ended in the terminal-safety tests.
enum Ending {
    Q,
    CtrlC,
    Sigterm,
    Panic,
}

/// Starts the tutorial under a shell in a pseudo-terminal, waits for the first frame, ends it,
/// and checks that the terminal is handed back: mouse and paste reporting off, main screen,
/// cursor shown, and the same terminal settings (`stty -g`) as before it started. Returns the
/// exit code and what the tutorial printed after the restore.
fn run_and_end(ending: Ending) -> (i32, String) {
    let state = tempfile::tempdir().unwrap();
    let panic = if matches!(ending, Ending::Panic) { "JWT_SESSION_TUTOR_DEBUG_PANIC=1" } else { "" };
    let script = format!(
        "stty -g > before; XDG_STATE_HOME={state} TERM=xterm-256color {panic} {tutor} --demo; \
         echo \"EXIT=$?\"; stty -g > after; cmp -s before after && echo SAME-TTY || echo CHANGED-TTY",
        state = state.path().display(),
        tutor = env!("CARGO_BIN_EXE_jwt-session-tutor"),
    );
    let mut command = Command::new("sh");
    command.arg("-c").arg(script).current_dir(state.path());
    let mut session = Session::spawn(command).unwrap();
    session.get_process_mut().set_window_size(100, 30).unwrap();
    session.set_expect_timeout(Some(Duration::from_secs(20)));
    session.expect("\x1b[?1049h").unwrap();
    session.expect(on_screen("Welcome")).unwrap();
    match ending {
        Ending::Q => session.send("q").unwrap(),
        Ending::CtrlC => session.send("\x03").unwrap(),
        Ending::Sigterm => {
            let shell = session.get_process().pid().as_raw();
            let children = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children")).unwrap();
            let tutor: i32 = children.split_whitespace().next().unwrap().parse().unwrap();
            assert!(Command::new("kill").args(["-TERM", &tutor.to_string()]).status().unwrap().success());
        }
        Ending::Panic => {}
    }
    for restore in ["\x1b[?1000l", "\x1b[?2004l", "\x1b[?1049l", "\x1b[?25h"] {
        session.expect(restore).unwrap();
    }
    let found = session.expect(Regex(r"EXIT=(\d+)")).unwrap();
    let printed = String::from_utf8_lossy(found.before()).into_owned();
    let code: i32 = String::from_utf8_lossy(&found[1]).parse().unwrap();
    session.expect("SAME-TTY").expect("stty settings after the run differ from before it");
    (code, printed)
}

#[test]
fn q_hands_the_terminal_back() {
    assert_eq!(run_and_end(Ending::Q).0, 0);
}

#[test]
fn ctrl_c_hands_the_terminal_back() {
    assert_eq!(run_and_end(Ending::CtrlC).0, 0);
}

#[test]
fn sigterm_hands_the_terminal_back() {
    assert_eq!(run_and_end(Ending::Sigterm).0, 128 + 15);
}

#[test]
fn a_panic_hands_the_terminal_back_then_prints_the_message() {
    let (code, after) = run_and_end(Ending::Panic);
    assert_eq!(code, 101);
    assert!(after.contains("panicking after the first frame, as asked"), "{after}");
}

#[test]
fn quiz_without_plain_opens_the_tutorial_on_its_quiz_screen() {
    let state = tempfile::tempdir().unwrap();
    let mut command = tutor();
    command.args(["quiz", "--demo"]).env("XDG_STATE_HOME", state.path()).env("TERM", "xterm-256color");
    let mut session = Session::spawn(command).unwrap();
    session.get_process_mut().set_window_size(100, 30).unwrap();
    session.set_expect_timeout(Some(Duration::from_secs(20)));
    session.expect(on_screen("Practice quiz")).unwrap();
    session.expect(on_screen("Question 1 of")).unwrap();
    session.send("a").unwrap();
    session.expect(on_screen("Right")).unwrap();
    // The answer is saved as it goes: q quits at once, and the next start resumes at question 2.
    session.send("q").unwrap();
    let status = session.get_process().wait().unwrap();
    assert_eq!(status, WaitStatus::Exited(session.get_process().pid(), 0));
    let mut command = tutor();
    command.args(["quiz", "--demo"]).env("XDG_STATE_HOME", state.path()).env("TERM", "xterm-256color");
    let mut session = Session::spawn(command).unwrap();
    session.get_process_mut().set_window_size(100, 30).unwrap();
    session.set_expect_timeout(Some(Duration::from_secs(20)));
    session.expect(on_screen("Question 2 of 10")).unwrap();
    session.send("q").unwrap();
    let status = session.get_process().wait().unwrap();
    assert_eq!(status, WaitStatus::Exited(session.get_process().pid(), 0));

    // A classroom's quiz is not saved: an unfinished one would be lost, so q asks first, and q
    // again confirms.
    let mut command = tutor();
    command
        .args(["quiz", "--demo", "--classroom"])
        .env("XDG_STATE_HOME", state.path())
        .env("TERM", "xterm-256color");
    let mut session = Session::spawn(command).unwrap();
    session.get_process_mut().set_window_size(100, 30).unwrap();
    session.set_expect_timeout(Some(Duration::from_secs(20)));
    session.expect(on_screen("Question 1 of")).unwrap();
    session.send("a").unwrap();
    session.send("\r").unwrap();
    session.expect(on_screen("Right")).unwrap();
    session.send("q").unwrap();
    session.expect(on_screen("the quiz answers so far")).unwrap();
    session.send("q").unwrap();
    let status = session.get_process().wait().unwrap();
    assert_eq!(status, WaitStatus::Exited(session.get_process().pid(), 0));

    // Without a terminal it says how to take the quiz instead.
    let piped = tutor().arg("quiz").stdin(std::process::Stdio::null()).output().unwrap();
    assert_eq!(piped.status.code(), Some(2));
    assert!(String::from_utf8(piped.stderr).unwrap().contains("quiz --plain"));
}
