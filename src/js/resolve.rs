//! How an `import` finds its module: relative paths, `@/…` through `jsconfig.json` paths, and the
//! built-in modules (`next/server`, `jsonwebtoken`, …) that the prelude defines.

use std::cell::RefCell;
use std::rc::Rc;

use rquickjs::loader::{ImportAttributes, Loader, Resolver};
use rquickjs::module::Declared;
use rquickjs::{Ctx, Error, Exception, Module, Result};

use super::project::{Project, ProjectError, join_path, normalise_path, parse_json};

/// The modules the runtime offers besides the project's own files, as an import names them.
pub const BUILTIN_MODULES: [&str; 7] =
    ["next/server", "next/headers", "jsonwebtoken", "argon2", "crypto", "node:crypto", "server-only"];

/// The name the prelude script runs under; an `import()` from it names a project file from the root.
pub const PRELUDE_NAME: &str = "<tutor runtime>";

/// Prefix of a resolved built-in module name, so it can never clash with a project file.
pub const BUILTIN_PREFIX: &str = "builtin:";

/// The first resolution error of the current load, kept as a `ProjectError` so the caller can report it
/// exactly (the engine only sees a generic "could not resolve").
pub type LastError = Rc<RefCell<Option<ProjectError>>>;

/// Resolves and loads modules for one project.
pub struct ProjectModules {
    project: Rc<Project>,
    aliases: Vec<(String, Vec<String>)>,
    last_error: LastError,
}

impl ProjectModules {
    pub fn new(project: Rc<Project>, aliases: Vec<(String, Vec<String>)>, last_error: LastError) -> Self {
        Self { project, aliases, last_error }
    }

    /// Records `error` for the start-up report and throws it as the import's exception (with just
    /// this message, not the engine's "Error resolving module" wrapper).
    fn fail(&self, ctx: &Ctx<'_>, error: ProjectError) -> Error {
        let message = error.to_string();
        self.last_error.borrow_mut().get_or_insert(error);
        Exception::throw_message(ctx, &message)
    }

    /// The candidates a specifier may name, relative to the root: `x`, `x.js`, `x.mjs`, `x.json`, `x/index.js`.
    fn candidates(path: &str) -> Vec<String> {
        let mut candidates = vec![path.to_string()];
        for extension in [".js", ".mjs", ".json"] {
            candidates.push(format!("{path}{extension}"));
        }
        candidates.push(format!("{path}/index.js"));
        candidates
    }

    fn alias_targets(&self, name: &str) -> Option<Vec<String>> {
        self.aliases.iter().find_map(|(pattern, targets)| {
            let (prefix, suffix) = pattern.split_once('*').unwrap_or((pattern.as_str(), ""));
            let wildcard = name.strip_prefix(prefix)?.strip_suffix(suffix)?;
            if !pattern.contains('*') && !wildcard.is_empty() {
                return None;
            }
            Some(targets.iter().map(|target| normalise_path(&target.replacen('*', wildcard, 1))).collect())
        })
    }
}

impl Resolver for ProjectModules {
    fn resolve<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        base: &str,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> Result<String> {
        if BUILTIN_MODULES.contains(&name) {
            return Ok(format!("{BUILTIN_PREFIX}{}", name.trim_start_matches("node:")));
        }
        let targets = if base.starts_with(PRELUDE_NAME) {
            vec![normalise_path(name)]
        } else if name.starts_with("./") || name.starts_with("../") {
            let folder = base.rsplit_once('/').map(|(folder, _)| folder).unwrap_or("");
            vec![join_path(folder, name)]
        } else if let Some(targets) = self.alias_targets(name) {
            targets
        } else {
            let available = format!(
                "{}, relative files, and {} paths from jsconfig.json",
                BUILTIN_MODULES.join(", "),
                if self.aliases.is_empty() {
                    "no".to_string()
                } else {
                    self.aliases.iter().map(|(pattern, _)| pattern.as_str()).collect::<Vec<_>>().join(", ")
                }
            );
            return Err(self.fail(
                ctx,
                ProjectError::UnknownModule {
                    module: name.to_string(),
                    importer: base.to_string(),
                    available,
                },
            ));
        };
        let tried: Vec<String> = targets.iter().flat_map(|target| Self::candidates(target)).collect();
        match tried.iter().find(|candidate| self.project.file(candidate).is_some()) {
            Some(found) => Ok(found.clone()),
            None => Err(self.fail(
                ctx,
                ProjectError::MissingFile { module: name.to_string(), importer: base.to_string(), tried },
            )),
        }
    }
}

impl Loader for ProjectModules {
    fn load<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> Result<Module<'js, Declared>> {
        if let Some(builtin) = name.strip_prefix(BUILTIN_PREFIX) {
            return Module::declare(ctx.clone(), name, builtin_source(builtin)?);
        }
        let Some(text) = self.project.file(name) else {
            return Err(Error::new_loading(name));
        };
        if name.ends_with(".json") {
            let value = parse_json(name, text).map_err(|error| {
                let message = error.to_string();
                self.last_error.borrow_mut().get_or_insert(error);
                Error::new_loading_message(name, message)
            })?;
            return Module::declare(ctx.clone(), name, format!("export default {value};"));
        }
        Module::declare(ctx.clone(), name, text.to_string())
    }
}

/// The named exports of each built-in module (the prelude defines them on `__tutorModules[name]`).
/// Listed here rather than read from the prelude so a file can be compiled before the prelude runs.
pub const BUILTIN_EXPORTS: [(&str, &[&str]); 6] = [
    // Next.js resolves `import 'server-only'` to an empty module on the server.
    ("server-only", &[]),
    ("next/server", &["NextRequest", "NextResponse"]),
    ("next/headers", &["cookies", "headers", "draftMode"]),
    (
        "jsonwebtoken",
        &["sign", "verify", "decode", "JsonWebTokenError", "NotBeforeError", "TokenExpiredError"],
    ),
    ("argon2", &["argon2d", "argon2i", "argon2id", "hash", "verify", "needsRehash"]),
    (
        "crypto",
        &[
            "randomBytes",
            "randomUUID",
            "randomInt",
            "getRandomValues",
            "timingSafeEqual",
            "createHmac",
            "createHash",
            "createSecretKey",
            "createPrivateKey",
            "createPublicKey",
            "KeyObject",
            "webcrypto",
            "getHashes",
        ],
    ),
];

/// An ES module re-exporting the prelude's object for `name` (`globalThis.__tutorModules[name]`).
fn builtin_source(name: &str) -> Result<String> {
    let Some((_, exports)) = BUILTIN_EXPORTS.iter().find(|(builtin, _)| *builtin == name) else {
        return Err(Error::new_loading(name));
    };
    let quoted = serde_json::to_string(name).unwrap_or_default();
    let mut source = format!("const m = globalThis.__tutorModules[{quoted}];\nexport default m.default;\n");
    for key in exports.iter() {
        source.push_str(&format!("export const {key} = m.{key};\n"));
    }
    Ok(source)
}
