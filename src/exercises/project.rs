//! The exercise project's files: the template a learner starts from, the reference solution up to a
//! step, and writing either into a new folder.
//!
//! The JavaScript lives as real files under `src/exercises/files/` (so they can be built with real
//! Next.js, see `scripts/compare-with-nextjs.sh`) and is embedded here. A file with steps has regions
//! `// === Step N ... ===` … `// === end of step N ===`; the solution up to step N is the template with
//! its regions 1..=N replaced by the solution's, so the two can never drift apart outside the regions.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::auth::random::RandomSource;

/// The number of steps in the project.
pub const STEP_COUNT: u8 = 4;

/// The route file that holds steps 1 to 4.
pub const AUTH_ROUTE: &str = "app/api/auth/route.js";
/// The logout route (step 4).
pub const LOGOUT_ROUTE: &str = "app/api/auth/logout/route.js";
/// The shared session store and cookie options (step 2).
pub const SESSION_STORE: &str = "lib/session-store.js";
/// The environment file holding `JWT_SECRET`.
pub const ENV_FILE: &str = ".env.local";

/// Files that are the same in the template and the solution.
const COMMON_FILES: [(&str, &str); 3] = [
    ("package.json", include_str!("files/common/package.json")),
    ("jsconfig.json", include_str!("files/common/jsconfig.json")),
    ("README.md", include_str!("files/common/README.md")),
];

/// (path, template text, solution text) of every file with step regions.
const STEP_FILES: [(&str, &str, &str); 3] = [
    (
        AUTH_ROUTE,
        include_str!("files/template/app/api/auth/route.js"),
        include_str!("files/solution/app/api/auth/route.js"),
    ),
    (
        LOGOUT_ROUTE,
        include_str!("files/template/app/api/auth/logout/route.js"),
        include_str!("files/solution/app/api/auth/logout/route.js"),
    ),
    (
        SESSION_STORE,
        include_str!("files/template/lib/session-store.js"),
        include_str!("files/solution/lib/session-store.js"),
    ),
];

/// What a step asks for, and where the learner writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepInfo {
    /// 1 to 4.
    pub number: u8,
    /// A short title.
    pub title: &'static str,
    /// The files with this step's TODO regions, the main one first (the one an editor should open).
    pub files: &'static [&'static str],
}

/// The four steps, in order.
pub const STEPS: [StepInfo; 4] = [
    StepInfo { number: 1, title: "Data: user1 with an argon2id hash", files: &[AUTH_ROUTE] },
    StepInfo {
        number: 2,
        title: "Configuration: the JWT secret and the cookie options",
        files: &[AUTH_ROUTE, SESSION_STORE],
    },
    StepInfo { number: 3, title: "POST /api/auth: log in", files: &[AUTH_ROUTE] },
    StepInfo { number: 4, title: "GET /api/auth and logout", files: &[AUTH_ROUTE, LOGOUT_ROUTE] },
];

/// The step with this number, if it exists.
pub fn step_info(step: u8) -> Option<&'static StepInfo> {
    STEPS.iter().find(|info| info.number == step)
}

/// A problem writing or recognising an exercise project. Display is one line naming the path.
#[derive(Debug)]
pub enum ExerciseError {
    /// The target folder already has files in it.
    NotEmpty(PathBuf),
    /// The folder is not an exercise project (no `app/api/auth/route.js`).
    NotAProject(PathBuf),
    /// A file system error.
    Io { path: PathBuf, error: io::Error },
}

impl fmt::Display for ExerciseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotEmpty(path) => {
                write!(f, "{}: folder is not empty (choose a new or empty folder)", path.display())
            }
            Self::NotAProject(path) => write!(
                f,
                "{}: not an exercise project (no {AUTH_ROUTE}; create one with `jwt-session-tutor exercises init DIR`)",
                path.display()
            ),
            Self::Io { path, error } => write!(f, "{}: {error}", path.display()),
        }
    }
}

impl std::error::Error for ExerciseError {}

/// A fresh `.env.local`: `JWT_SECRET` = 32 bytes (256 bits) from the OS CSPRNG, base64url.
pub fn new_env_local() -> String {
    let secret: [u8; 32] = RandomSource::os().bytes();
    env_local_with_secret(&URL_SAFE_NO_PAD.encode(secret))
}

/// The `.env.local` text for a given secret.
pub fn env_local_with_secret(secret: &str) -> String {
    format!(
        "# The key that signs and verifies JWTs: 32 random bytes, made for this folder by\n\
         # jwt-session-tutor (like `openssl rand -base64 32`). Never commit it.\n\
         JWT_SECRET={secret}\n"
    )
}

/// The files a learner starts from (`exercises init`), `.env.local` included.
pub fn template_files(env_local: &str) -> Vec<(String, String)> {
    files_up_to(0, env_local)
}

/// The reference solution for steps 1..=`step` (`exercises solution --step N`); `step` is clamped to 0..=4.
pub fn solution_files(step: u8, env_local: &str) -> Vec<(String, String)> {
    files_up_to(step.min(STEP_COUNT), env_local)
}

fn files_up_to(step: u8, env_local: &str) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> =
        COMMON_FILES.iter().map(|(path, text)| (path.to_string(), text.to_string())).collect();
    files.extend(
        STEP_FILES
            .iter()
            .map(|(path, template, solution)| (path.to_string(), splice(template, solution, step))),
    );
    files.push((ENV_FILE.to_string(), env_local.to_string()));
    files
}

/// Where a region starts: `// === Step N ... ===` gives `Some(N)`.
fn region_start(line: &str) -> Option<u8> {
    let rest = line.trim().strip_prefix("// === Step ")?;
    let digit = rest.chars().next()?.to_digit(10)?;
    u8::try_from(digit).ok()
}

fn is_region_end(line: &str, step: u8) -> bool {
    line.trim() == format!("// === end of step {step} ===")
}

/// Splits a file into parts: (the step of the region, or None outside regions; the text).
fn regions(text: &str) -> Vec<(Option<u8>, String)> {
    let mut parts: Vec<(Option<u8>, String)> = Vec::new();
    let mut open: Option<u8> = None;
    for line in text.split_inclusive('\n') {
        let starts = if open.is_none() { region_start(line) } else { None };
        if starts.is_some() {
            open = starts;
            parts.push((open, String::new()));
        } else if parts.last().map(|(step, _)| *step) != Some(open) {
            parts.push((open, String::new()));
        }
        if let Some((_, part)) = parts.last_mut() {
            part.push_str(line);
        }
        if open.is_some_and(|step| is_region_end(line, step)) {
            open = None;
        }
    }
    parts
}

/// The template with its regions for steps 1..=`step` taken from the solution.
fn splice(template: &str, solution: &str, step: u8) -> String {
    let solved: Vec<(Option<u8>, String)> = regions(solution);
    regions(template)
        .into_iter()
        .map(|(region, text)| match region {
            Some(n) if n <= step => solved
                .iter()
                .find(|(other, _)| *other == Some(n))
                .map(|(_, solved_text)| solved_text.clone())
                .unwrap_or(text),
            _ => text,
        })
        .collect()
}

/// Writes `files` into `dir`, which must not exist yet or be empty. Creates sub-folders as needed.
pub fn write_new_project(dir: &Path, files: &[(String, String)]) -> Result<(), ExerciseError> {
    let io_error = |path: &Path| {
        let path = path.to_path_buf();
        move |error| ExerciseError::Io { path, error }
    };
    match fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(ExerciseError::NotEmpty(dir.to_path_buf()));
            }
        }
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            fs::create_dir_all(dir).map_err(io_error(dir))?;
        }
        Err(error) => return Err(ExerciseError::Io { path: dir.to_path_buf(), error }),
    }
    for (relative, text) in files {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        fs::write(&path, text).map_err(io_error(&path))?;
    }
    Ok(())
}

/// Checks that `dir` looks like an exercise project (it has the auth route file).
pub fn ensure_exercise_project(dir: &Path) -> Result<(), ExerciseError> {
    if dir.join(AUTH_ROUTE).is_file() { Ok(()) } else { Err(ExerciseError::NotAProject(dir.to_path_buf())) }
}

/// The reference solution's files exactly as stored (steps 1-4 complete), for tests and the Next.js comparison.
pub fn stored_solution_files() -> impl Iterator<Item = (&'static str, &'static str)> {
    STEP_FILES.iter().map(|(path, _, solution)| (*path, *solution))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file<'a>(files: &'a [(String, String)], path: &str) -> &'a str {
        &files.iter().find(|(p, _)| p == path).unwrap().1
    }

    #[test]
    fn the_full_solution_is_the_stored_solution_byte_for_byte() {
        let files = solution_files(4, "JWT_SECRET=x\n");
        for (path, stored) in stored_solution_files() {
            assert_eq!(
                file(&files, path),
                stored,
                "{path}: template and solution differ outside the step regions"
            );
        }
    }

    #[test]
    fn step_zero_is_the_template_and_each_step_fills_its_own_regions() {
        let template = template_files("JWT_SECRET=x\n");
        for (path, template_text, _) in STEP_FILES {
            assert_eq!(file(&template, path), template_text);
        }
        let step2 = solution_files(2, "");
        let route = file(&step2, AUTH_ROUTE);
        assert!(route.contains("passwordHash:") && route.contains("process.env.JWT_SECRET"));
        assert!(route.contains("Not implemented yet (step 3)"), "step 3 is still the stub");
        assert!(file(&step2, SESSION_STORE).contains("httpOnly: true"));
        assert!(file(&step2, LOGOUT_ROUTE).contains("Not implemented yet (step 4)"));
    }

    #[test]
    fn every_step_region_exists_in_both_versions() {
        for (path, template, solution) in STEP_FILES {
            let steps = |text: &str| regions(text).into_iter().filter_map(|(s, _)| s).collect::<Vec<_>>();
            assert_eq!(steps(template), steps(solution), "{path}");
        }
        let route_steps: Vec<u8> = regions(STEP_FILES[0].1).into_iter().filter_map(|(s, _)| s).collect();
        assert_eq!(route_steps, [1, 2, 3, 4]);
    }

    #[test]
    fn env_local_holds_a_fresh_256_bit_secret() {
        let (a, b) = (new_env_local(), new_env_local());
        let secret =
            |text: &str| text.lines().find_map(|l| l.strip_prefix("JWT_SECRET=")).unwrap().to_string();
        assert_ne!(secret(&a), secret(&b));
        assert_eq!(URL_SAFE_NO_PAD.decode(secret(&a)).unwrap().len(), 32);
    }

    #[test]
    fn writing_refuses_a_folder_with_files() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let error = write_new_project(dir.path(), &template_files("")).unwrap_err();
        assert!(matches!(error, ExerciseError::NotEmpty(_)), "{error}");
        assert_eq!(fs::read_to_string(dir.path().join("notes.txt")).unwrap(), "mine");

        let target = dir.path().join("new/project");
        write_new_project(&target, &template_files("JWT_SECRET=x\n")).unwrap();
        assert!(ensure_exercise_project(&target).is_ok());
        assert!(ensure_exercise_project(dir.path()).is_err());
    }
}
