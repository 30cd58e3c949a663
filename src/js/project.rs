//! The files of a Next.js project, read from disk or given in memory, and what the runtime needs from
//! them besides code: the `jsconfig.json` path aliases and the `.env*` variables.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::path::Path;

use serde_json::Value;

/// The biggest file the runtime reads: a route handler is a few KiB, so anything near this is a mistake.
const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// The most files read from one project, so a wrong folder (a home directory) fails fast.
const MAX_FILES: usize = 2000;
/// Folders a Next.js app keeps its server code in, read recursively; other folders are ignored.
const CODE_DIRS: [&str; 2] = ["app", "lib"];
/// Extensions of files the runtime can import (JSON for `import data from './x.json'`).
const CODE_EXTENSIONS: [&str; 3] = ["js", "mjs", "json"];
/// The JSON files read from the project's root (not `package-lock.json`, which can be megabytes).
const ROOT_JSON: [&str; 3] = ["package.json", "jsconfig.json", "tsconfig.json"];
/// The env files `next dev` reads, the first one that defines a variable winning.
const ENV_FILES: [&str; 4] = [".env.development.local", ".env.local", ".env.development", ".env"];

/// The files of a Next.js project: relative path (`app/api/auth/route.js`) -> source text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Project {
    files: BTreeMap<String, String>,
}

/// Why a project could not be read or started. Display gives one line naming the file and position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProjectError {
    /// A file or folder could not be read.
    Io { path: String, message: String },
    /// A file is larger than the runtime reads, or the folder has too many files.
    TooLarge { path: String, message: String },
    /// A file is not valid JSON (`jsconfig.json`, `package.json`, an imported `.json`).
    Json { path: String, line: usize, column: usize, message: String },
    /// A JavaScript syntax error.
    Syntax { path: String, line: usize, column: usize, message: String },
    /// An import the runtime does not offer.
    UnknownModule { module: String, importer: String, available: String },
    /// A relative or `@/` import whose file does not exist.
    MissingFile { module: String, importer: String, tried: Vec<String> },
    /// The engine could not be started (out of memory, thread spawn failure).
    Engine(String),
}

impl fmt::Display for ProjectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io { path, message } => write!(f, "{path}: {message}"),
            Self::TooLarge { path, message } => write!(f, "{path}: {message}"),
            Self::Json { path, line, column, message } | Self::Syntax { path, line, column, message } => {
                write!(f, "{path}:{line}:{column}: {message}")
            }
            Self::UnknownModule { module, importer, available } => {
                write!(f, "unknown module '{module}' imported by {importer} (available: {available})")
            }
            Self::MissingFile { module, importer, tried } => {
                write!(f, "cannot find module '{module}' imported by {importer} (tried {})", tried.join(", "))
            }
            Self::Engine(message) => write!(f, "JavaScript engine: {message}"),
        }
    }
}

impl std::error::Error for ProjectError {}

impl Project {
    /// Reads `.js`/`.mjs`/`.json` files under `app/` and `lib/`, and from the root its `.js`/`.mjs` files,
    /// `package.json`, `jsconfig.json`/`tsconfig.json` and the `.env*` files.
    /// `node_modules` and `.next` are never read.
    pub fn load(dir: &Path) -> Result<Project, ProjectError> {
        let mut files = BTreeMap::new();
        let entries = fs::read_dir(dir).map_err(|error| io_error(dir, &error))?;
        for entry in entries {
            let entry = entry.map_err(|error| io_error(dir, &error))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            let wanted = ENV_FILES.contains(&name.as_str())
                || ROOT_JSON.contains(&name.as_str())
                || (has_code_extension(&name) && !name.ends_with(".json"));
            if path.is_file() && wanted {
                read_into(&mut files, &path, name)?;
            }
        }
        for code_dir in CODE_DIRS {
            let path = dir.join(code_dir);
            if path.is_dir() {
                read_tree(&mut files, &path, code_dir)?;
            }
        }
        Ok(Project { files })
    }

    /// A project held in memory (tests, mistake variants). Paths use `/` and no leading `./`.
    pub fn from_files<I: IntoIterator<Item = (String, String)>>(files: I) -> Project {
        Project { files: files.into_iter().map(|(path, text)| (normalise_path(&path), text)).collect() }
    }

    /// Every file, sorted by path.
    pub fn files(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files.iter().map(|(path, text)| (path.as_str(), text.as_str()))
    }

    /// One file's text.
    pub fn file(&self, path: &str) -> Option<&str> {
        self.files.get(path).map(String::as_str)
    }

    /// The route files (`app/**/route.js`), as `(URL path, file path)`, e.g. `("/api/auth", "app/api/auth/route.js")`.
    pub fn routes(&self) -> Vec<(String, String)> {
        self.files
            .keys()
            .filter_map(|path| {
                let dir = path.strip_prefix("app/")?;
                let (folder, file) = match dir.rsplit_once('/') {
                    Some((folder, file)) => (folder, file),
                    None => ("", dir),
                };
                if file != "route.js" && file != "route.mjs" {
                    return None;
                }
                // Route groups `(name)` do not appear in the URL.
                let url: String = folder
                    .split('/')
                    .filter(|segment| {
                        !(segment.is_empty() || (segment.starts_with('(') && segment.ends_with(')')))
                    })
                    .map(|segment| format!("/{segment}"))
                    .collect();
                Some((if url.is_empty() { "/".to_string() } else { url }, path.clone()))
            })
            .collect()
    }

    /// The route file for a request path and its dynamic segments' values, as Next.js matches them:
    /// `[id]` takes one segment, `[...all]` one or more, `[[...all]]` zero or more; a static segment wins
    /// over a dynamic one, which wins over a catch-all. E.g. `/api/users/7` -> (`app/api/users/[id]/route.js`,
    /// `{"id":"7"}`).
    pub fn match_route(&self, path: &str) -> Option<(String, serde_json::Map<String, Value>)> {
        let route = path.split(['?', '#']).next().unwrap_or("");
        let segments: Vec<String> =
            route.split('/').filter(|segment| !segment.is_empty()).map(percent_decode).collect();
        self.routes()
            .into_iter()
            .filter_map(|(url, file)| {
                let pattern: Vec<&str> = url.split('/').filter(|segment| !segment.is_empty()).collect();
                let (rank, params) = match_segments(&pattern, &segments)?;
                Some((rank, file, params))
            })
            .min_by(|a, b| a.0.cmp(&b.0))
            .map(|(_, file, params)| (file, params))
    }

    /// The `jsconfig.json` (or `tsconfig.json`) path aliases as `(pattern, targets)` relative to the
    /// project root, e.g. `("@/*", ["*"])`.
    pub fn path_aliases(&self) -> Result<Vec<(String, Vec<String>)>, ProjectError> {
        let Some((config_path, text)) =
            ["jsconfig.json", "tsconfig.json"].iter().find_map(|name| Some((*name, self.file(name)?)))
        else {
            return Ok(Vec::new());
        };
        let config = parse_json(config_path, text)?;
        let options = config.get("compilerOptions");
        let base_url =
            options.and_then(|options| options.get("baseUrl")).and_then(Value::as_str).unwrap_or(".");
        let Some(paths) = options.and_then(|options| options.get("paths")).and_then(Value::as_object) else {
            return Ok(Vec::new());
        };
        Ok(paths
            .iter()
            .map(|(pattern, targets)| {
                let targets = targets
                    .as_array()
                    .map(|targets| {
                        targets
                            .iter()
                            .filter_map(Value::as_str)
                            .map(|target| join_path(base_url, target))
                            .collect()
                    })
                    .unwrap_or_default();
                (pattern.clone(), targets)
            })
            .collect())
    }

    /// `process.env` as `next dev` builds it from the project's env files (`.env.local` over `.env`).
    pub fn env(&self) -> Vec<(String, String)> {
        let mut env: Vec<(String, String)> = Vec::new();
        for name in ENV_FILES {
            let Some(text) = self.file(name) else { continue };
            for (key, value) in parse_env(text) {
                if !env.iter().any(|(existing, _)| *existing == key) {
                    env.push((key, value));
                }
            }
        }
        env
    }
}

/// How specific each pattern segment is (lower wins), and the captured values, or `None` if no match.
fn match_segments(pattern: &[&str], path: &[String]) -> Option<(Vec<u8>, serde_json::Map<String, Value>)> {
    let mut rank = Vec::new();
    let mut params = serde_json::Map::new();
    for (index, segment) in pattern.iter().enumerate() {
        if let Some(name) = segment.strip_prefix("[[...").and_then(|rest| rest.strip_suffix("]]")) {
            rank.push(3);
            let rest = path.get(index..).unwrap_or_default();
            if !rest.is_empty() {
                params.insert(name.to_string(), Value::from(rest.to_vec()));
            }
            return (index + 1 == pattern.len()).then_some((rank, params));
        }
        if let Some(name) = segment.strip_prefix("[...").and_then(|rest| rest.strip_suffix(']')) {
            rank.push(2);
            let rest = path.get(index..).unwrap_or_default();
            if rest.is_empty() || index + 1 != pattern.len() {
                return None;
            }
            params.insert(name.to_string(), Value::from(rest.to_vec()));
            return Some((rank, params));
        }
        let value = path.get(index)?;
        if let Some(name) = segment.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')) {
            rank.push(1);
            params.insert(name.to_string(), Value::from(value.clone()));
        } else if *segment == value {
            rank.push(0);
        } else {
            return None;
        }
    }
    (pattern.len() == path.len()).then_some((rank, params))
}

/// `%20` -> ` `; an invalid escape or non-UTF-8 result stays as written.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes.get(index + 1..index + 3).and_then(|pair| std::str::from_utf8(pair).ok());
        match (bytes[index], hex.and_then(|pair| u8::from_str_radix(pair, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                index += 3;
            }
            (byte, _) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

fn has_code_extension(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(_, extension)| CODE_EXTENSIONS.contains(&extension))
}

fn io_error(path: &Path, error: &std::io::Error) -> ProjectError {
    ProjectError::Io { path: path.display().to_string(), message: error.to_string() }
}

fn read_into(
    files: &mut BTreeMap<String, String>,
    path: &Path,
    relative: String,
) -> Result<(), ProjectError> {
    if files.len() >= MAX_FILES {
        return Err(ProjectError::TooLarge {
            path: relative,
            message: format!("more than {MAX_FILES} files: is this a Next.js project folder?"),
        });
    }
    let metadata = fs::metadata(path).map_err(|error| io_error(path, &error))?;
    if metadata.len() > MAX_FILE_BYTES {
        return Err(ProjectError::TooLarge {
            path: relative,
            message: format!("{} bytes, more than the {MAX_FILE_BYTES} the runtime reads", metadata.len()),
        });
    }
    let bytes = fs::read(path).map_err(|error| io_error(path, &error))?;
    let text = String::from_utf8(bytes).map_err(|error| ProjectError::Io {
        path: relative.clone(),
        message: format!("not UTF-8 text (byte {})", error.utf8_error().valid_up_to()),
    })?;
    files.insert(relative, text);
    Ok(())
}

fn read_tree(files: &mut BTreeMap<String, String>, dir: &Path, relative: &str) -> Result<(), ProjectError> {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .map_err(|error| io_error(dir, &error))?
        .collect::<Result<_, _>>()
        .map_err(|error| io_error(dir, &error))?;
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let child = format!("{relative}/{name}");
        let file_type = entry.file_type().map_err(|error| io_error(&path, &error))?;
        if file_type.is_dir() && name != "node_modules" && !name.starts_with('.') {
            read_tree(files, &path, &child)?;
        } else if file_type.is_file() && has_code_extension(&name) {
            read_into(files, &path, child)?;
        }
    }
    Ok(())
}

/// `./a//b/../c` -> `a/c`; never climbs above the root.
pub(crate) fn normalise_path(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// Joins `relative` onto the folder `base` (both relative to the project root) and normalises.
pub(crate) fn join_path(base: &str, relative: &str) -> String {
    normalise_path(&format!("{base}/{relative}"))
}

/// Parses JSON, reporting an error as `file:line:column: message`.
pub(crate) fn parse_json(path: &str, text: &str) -> Result<Value, ProjectError> {
    serde_json::from_str(text).map_err(|error| ProjectError::Json {
        path: path.to_string(),
        line: error.line(),
        column: error.column(),
        message: error.to_string().split(" at line ").next().unwrap_or_default().to_string(),
    })
}

/// The dotenv format Next.js reads: `KEY=value`, optional `export `, `#` comments, single or double
/// quotes (double quotes understand `\n`), and `$VAR` / `${VAR}` expansion outside single quotes.
pub(crate) fn parse_env(text: &str) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        let line = line.strip_prefix("export ").unwrap_or(line).trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, raw)) = line.split_once('=') else { continue };
        let key = key.trim();
        if key.is_empty()
            || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-')
        {
            continue;
        }
        let raw = raw.trim();
        let value = if let Some(inner) = quoted(raw, '\'') {
            inner.to_string()
        } else if let Some(inner) = quoted(raw, '"') {
            expand(&inner.replace("\\n", "\n").replace("\\r", "\r"), &env)
        } else {
            let unquoted = match raw.find(" #") {
                Some(index) => raw[..index].trim_end(),
                None => raw,
            };
            expand(unquoted, &env)
        };
        env.retain(|(existing, _)| existing != key);
        env.push((key.to_string(), value));
    }
    env
}

fn quoted(raw: &str, quote: char) -> Option<&str> {
    let rest = raw.strip_prefix(quote)?;
    let end = rest.rfind(quote)?;
    Some(&rest[..end])
}

fn expand(value: &str, env: &[(String, String)]) -> String {
    let mut out = String::new();
    let mut chars = value.char_indices().peekable();
    while let Some((index, c)) = chars.next() {
        if c == '\\' && value[index + 1..].starts_with('$') {
            out.push('$');
            chars.next();
            continue;
        }
        if c != '$' {
            out.push(c);
            continue;
        }
        let rest = &value[index + 1..];
        let (name, consumed) = if let Some(braced) = rest.strip_prefix('{') {
            match braced.find('}') {
                Some(end) => (&braced[..end], end + 2),
                None => {
                    out.push(c);
                    continue;
                }
            }
        } else {
            let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
            (&rest[..end], end)
        };
        if name.is_empty() {
            out.push(c);
            continue;
        }
        let name = name.split(":-").next().unwrap_or(name);
        out.push_str(env.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str()).unwrap_or(""));
        for _ in 0..rest[..consumed].chars().count() {
            chars.next();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_local_wins_over_env_and_quotes_comments_and_expansion_are_read_as_next_does() {
        let project = Project::from_files([
            (".env".to_string(), "JWT_SECRET=from-env\nOTHER=o\n".to_string()),
            (
                ".env.local".to_string(),
                "# secret\nexport JWT_SECRET=\"abc\"\nPLAIN=x # comment\nSINGLE='$OTHER'\nEXPANDED=${PLAIN}y\n"
                    .to_string(),
            ),
        ]);
        let env = project.env();
        let get = |key: &str| env.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
        assert_eq!(get("JWT_SECRET"), Some("abc"));
        assert_eq!(get("OTHER"), Some("o"));
        assert_eq!(get("PLAIN"), Some("x"));
        assert_eq!(get("SINGLE"), Some("$OTHER"));
        assert_eq!(get("EXPANDED"), Some("xy"));
    }

    #[test]
    fn routes_map_folders_to_url_paths_skipping_route_groups() {
        let project = Project::from_files([
            ("app/api/auth/route.js".to_string(), String::new()),
            ("./app/(shop)/api/cart/route.js".to_string(), String::new()),
            ("app/page.js".to_string(), String::new()),
        ]);
        assert_eq!(
            project.routes(),
            vec![
                ("/api/cart".to_string(), "app/(shop)/api/cart/route.js".to_string()),
                ("/api/auth".to_string(), "app/api/auth/route.js".to_string()),
            ]
        );
    }

    #[test]
    fn dynamic_segments_match_as_in_next_static_first() {
        let project = Project::from_files(
            [
                "app/api/users/[id]/route.js",
                "app/api/users/me/route.js",
                "app/api/files/[...path]/route.js",
                "app/api/docs/[[...slug]]/route.js",
            ]
            .map(|path| (path.to_string(), String::new())),
        );
        let matched =
            |path: &str| project.match_route(path).map(|(file, params)| (file, Value::Object(params)));
        assert_eq!(
            matched("/api/users/me"),
            Some(("app/api/users/me/route.js".into(), serde_json::json!({})))
        );
        assert_eq!(
            matched("/api/users/a%20b?x=1"),
            Some(("app/api/users/[id]/route.js".into(), serde_json::json!({"id": "a b"})))
        );
        assert_eq!(
            matched("/api/files/a/b"),
            Some(("app/api/files/[...path]/route.js".into(), serde_json::json!({"path": ["a", "b"]})))
        );
        assert_eq!(matched("/api/files"), None);
        assert_eq!(
            matched("/api/docs"),
            Some(("app/api/docs/[[...slug]]/route.js".into(), serde_json::json!({})))
        );
        assert_eq!(matched("/api/users/1/extra"), None);
    }

    #[test]
    fn jsconfig_paths_are_read_relative_to_base_url_and_bad_json_names_its_position() {
        let project = Project::from_files([(
            "jsconfig.json".to_string(),
            r#"{"compilerOptions":{"paths":{"@/*":["./*"]}}}"#.to_string(),
        )]);
        assert_eq!(project.path_aliases().unwrap(), vec![("@/*".to_string(), vec!["*".to_string()])]);
        let broken =
            Project::from_files([("jsconfig.json".to_string(), "{\n  \"compilerOptions\": }".to_string())]);
        let error = broken.path_aliases().unwrap_err().to_string();
        assert!(error.starts_with("jsconfig.json:2:22: "), "{error}");
    }

    #[test]
    fn load_reads_code_and_env_files_but_not_node_modules() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("app/api/auth")).unwrap();
        fs::create_dir_all(dir.path().join("node_modules/x")).unwrap();
        fs::write(dir.path().join("app/api/auth/route.js"), "export function GET() {}").unwrap();
        fs::write(dir.path().join("node_modules/x/index.js"), "").unwrap();
        fs::write(dir.path().join(".env.local"), "A=1").unwrap();
        fs::write(dir.path().join("README.md"), "# x").unwrap();
        fs::write(dir.path().join("package-lock.json"), "{}").unwrap();
        fs::write(dir.path().join("jsconfig.json"), "{}").unwrap();
        let project = Project::load(dir.path()).unwrap();
        let paths: Vec<&str> = project.files().map(|(path, _)| path).collect();
        assert_eq!(paths, vec![".env.local", "app/api/auth/route.js", "jsconfig.json"]);
    }
}
