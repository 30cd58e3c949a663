//! Small grammars for every language a lesson may name: JavaScript (and TypeScript), JSON, shell
//! and HTTP messages.
//!
//! syntect's bundled grammars cover some 75 languages, and their JavaScript grammar alone keeps
//! about 14 MiB of compiled regular expressions resident. The course needs a few token kinds in a
//! few languages, so these grammars are written here, as syntect `SyntaxDefinition`s, with a
//! handful of rules each. Token kinds are named by the usual TextMate scopes (`comment`,
//! `string.quoted.single`, `keyword.control`, …); `super::scope_kinds` maps scopes to the theme's
//! [`CodeStyles`](crate::theme::CodeStyles).

use std::collections::HashMap;

use syntect::parsing::syntax_definition::{Context, ContextReference, MatchOperation, MatchPattern, Pattern};
use syntect::parsing::{Regex, Scope, SyntaxDefinition, SyntaxSet, SyntaxSetBuilder};

/// All grammars, linked into one set. Regular expressions compile on first use.
pub fn syntax_set() -> SyntaxSet {
    let mut builder = SyntaxSetBuilder::new();
    for definition in definitions() {
        builder.add(definition);
    }
    builder.build()
}

/// The grammars before linking (tests check every regular expression in them).
pub fn definitions() -> Vec<SyntaxDefinition> {
    vec![javascript(), json(), shell(), http()]
}

// ASCII classes on purpose: a Unicode `\w` compiles to about ten times the automaton.
const IDENT: &str = r"[A-Za-z_$][A-Za-z0-9_$]*";

fn javascript() -> SyntaxDefinition {
    let main = vec![
        push("//", "comment.line.double-slash.js", "line_comment"),
        push(r"/\*", "comment.block.js", "block_comment"),
        push("'", "string.quoted.single.js", "single_quoted"),
        push("\"", "string.quoted.double.js", "double_quoted"),
        push("`", "string.quoted.template.js", "template"),
        // A regular expression literal can only start where a value is expected.
        push(r"(?:^|(?<=[(,=:\[!&|?{};]))[ \t]*/(?![/*])", "string.regexp.js", "regexp"),
        token(
            r"(?<![A-Za-z0-9_$.])(?:0[xXbBoO][0-9a-fA-F_]+|[0-9][0-9_]*(?:\.[0-9_]+)?(?:[eE][+-]?[0-9]+)?n?)",
            "constant.numeric.js",
        ),
        token(r"\b(?:true|false|null|undefined|NaN|Infinity)\b", "constant.language.js"),
        token(r"\b(?:this|super)\b", "variable.language.js"),
        // Before the keywords, so that `{ type: 'x' }` is a key, not TypeScript's `type`.
        token(&format!(r"(?<![A-Za-z0-9_$.]){IDENT}(?=[ \t]*\??:(?!:))"), "meta.object-literal.key.js"),
        groups(
            &format!(r"\b(function)\b([ \t]*\*?[ \t]*)({IDENT})"),
            &[(1, "storage.type.function.js"), (3, "entity.name.function.js")],
        ),
        token(
            r"(?<![.$])\b(?:const|let|var|function|class|extends|async|static|get|set|type|interface|enum|implements|namespace|declare|readonly|abstract|public|private|protected)\b(?![ \t]*\()",
            "storage.type.js",
        ),
        token(
            r"(?<![.$])\b(?:if|else|for|while|do|switch|case|default|break|continue|return|throw|try|catch|finally|await|yield|import|export|from|as|new|delete|typeof|instanceof|in|of|void|satisfies|keyof)\b",
            "keyword.control.js",
        ),
        token("=>", "storage.type.function.arrow.js"),
        token(r"(?<![A-Za-z0-9_$])[A-Z][A-Z0-9_]*[A-Z0-9](?![A-Za-z0-9_$])", "variable.other.constant.js"),
        token(r"(?<![A-Za-z0-9_$])[A-Z][A-Za-z0-9_$]*", "support.class.js"),
        token(&format!(r"(?<![A-Za-z0-9_$]){IDENT}(?=[ \t]*(?:\?\.)?\()"), "variable.function.js"),
        // Plain names, consumed whole so no rule above can match inside one.
        token(IDENT, "variable.other.js"),
    ];
    let interpolation = vec![
        pop(r"\}", "punctuation.section.interpolation.end.js"),
        push(r"\{", "punctuation.section.block.begin.js", "braces"),
        include("main"),
    ];
    let braces =
        vec![pop(r"\}", "punctuation.section.block.end.js"), push(r"\{", "", "braces"), include("main")];
    definition(
        "JavaScript",
        "source.js",
        &["javascript", "js", "mjs", "cjs", "jsx", "typescript", "ts", "tsx"],
        main,
        vec![
            ("line_comment", context("comment.line.double-slash.js", vec![pop(r"\n", "")])),
            ("block_comment", context("comment.block.js", vec![pop(r"\*/", "")])),
            (
                "regexp",
                context(
                    "string.regexp.js",
                    vec![
                        token(r"\\.", ""),
                        push(r"\[", "", "regexp_class"),
                        pop("/[dgimsuyv]*", ""),
                        pop(r"\n", ""),
                    ],
                ),
            ),
            ("regexp_class", context("", vec![token(r"\\.", ""), pop(r"\]", ""), pop(r"\n", "")])),
            ("single_quoted", context("string.quoted.single.js", quoted_string("'", ".js"))),
            ("double_quoted", context("string.quoted.double.js", quoted_string("\"", ".js"))),
            (
                "template",
                // No meta scope: the code inside `${ }` must not be coloured as a string.
                context(
                    "",
                    vec![
                        pop("`", "string.quoted.template.js"),
                        token(r"\\.", "constant.character.escape.js"),
                        push(r"\$\{", "punctuation.section.interpolation.begin.js", "interpolation"),
                        token(r"[^`\\$]+|\$", "string.quoted.template.js"),
                    ],
                ),
            ),
            ("interpolation", context("meta.interpolation.js", interpolation)),
            ("braces", context("", braces)),
        ],
    )
}

/// The rules inside a one-line string closed by `quote` (`'` or `"`, which match themselves in a
/// regex): escapes, and an unclosed string ends with its line.
fn quoted_string(quote: &str, suffix: &str) -> Vec<Pattern> {
    vec![token(r"\\.", &format!("constant.character.escape{suffix}")), pop(quote, ""), pop(r"\n", "")]
}

fn json_values() -> Vec<Pattern> {
    vec![
        token(r#""(?:[^"\\\n]|\\.)*"(?=[ \t]*:)"#, "support.type.property-name.json"),
        push("\"", "string.quoted.double.json", "json_string"),
        token(r"-?\b(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?\b", "constant.numeric.json"),
        token(r"\b(?:true|false|null)\b", "constant.language.json"),
    ]
}

fn json_string_context() -> (&'static str, Context) {
    ("json_string", context("string.quoted.double.json", quoted_string("\"", ".json")))
}

fn json() -> SyntaxDefinition {
    definition("JSON", "source.json", &["json"], json_values(), vec![json_string_context()])
}

fn shell() -> SyntaxDefinition {
    const KEYWORDS: &str =
        "if|then|else|elif|fi|for|in|do|done|case|esac|while|until|function|return|export|local|readonly";
    let variable = r"\$\{[^}\n]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\$[0-9@#?$!*-]";
    let main = vec![
        push(r"(?:^|(?<=[ \t]))#", "comment.line.number-sign.shell", "line_comment"),
        push("'", "string.quoted.single.shell", "single_quoted"),
        push("\"", "string.quoted.double.shell", "double_quoted"),
        token(variable, "variable.other.readwrite.shell"),
        token(&format!(r"\b(?:{KEYWORDS})\b"), "keyword.control.shell"),
        // The command: the first word of a line or after `|`, `;`, `&` or `$(`.
        groups(
            &format!(r"(?:^|(?<=[|;&])|(?<=\$\())[ \t]*(?!(?:{KEYWORDS})\b)([A-Za-z_./][A-Za-z0-9_./-]*)"),
            &[(1, "variable.function.shell")],
        ),
        token(r"(?<=[ \t])--?[A-Za-z0-9][A-Za-z0-9_-]*", "variable.parameter.option.shell"),
        token(r"(?<![A-Za-z0-9_.-])[0-9]+(?![A-Za-z0-9_.-])", "constant.numeric.shell"),
    ];
    let double_quoted = vec![
        token(r"\\.", "constant.character.escape.shell"),
        token(variable, "variable.other.readwrite.shell"),
        pop("\"", ""),
    ];
    definition(
        "Shell",
        "source.shell",
        &["bash", "sh", "shell", "zsh", "console"],
        main,
        vec![
            ("line_comment", context("comment.line.number-sign.shell", vec![pop(r"\n", "")])),
            ("single_quoted", context("string.quoted.single.shell", vec![pop("'", "")])),
            ("double_quoted", context("string.quoted.double.shell", double_quoted)),
        ],
    )
}

fn http() -> SyntaxDefinition {
    let main = vec![
        groups(
            r"^([A-Z]+)[ \t]+([^ \t\n]+)[ \t]+(HTTP/[0-9.]+)",
            &[
                (1, "keyword.other.method.http"),
                (2, "string.unquoted.uri.http"),
                (3, "constant.other.protocol.http"),
            ],
        ),
        groups(
            r"^(HTTP/[0-9.]+)[ \t]+([0-9]{3})",
            &[(1, "constant.other.protocol.http"), (2, "constant.numeric.status.http")],
        ),
        groups(r"^([!#$%&'*+.^_`|~0-9A-Za-z-]+):", &[(1, "support.type.property-name.http")]),
        // The blank line ends the headers; the rest is the body (JSON in this course).
        push(r"^[ \t]*\n", "", "body"),
    ];
    definition(
        "HTTP",
        "source.http",
        &["http"],
        main,
        vec![("body", context("", json_values())), json_string_context()],
    )
}

fn definition(
    name: &str,
    scope: &str,
    extensions: &[&str],
    main: Vec<Pattern>,
    others: Vec<(&str, Context)>,
) -> SyntaxDefinition {
    // The parser starts in `__start`; it carries the file's scope and enters `main`.
    let mut start = context("", vec![include("main")]);
    start.meta_content_scope = scopes(scope);
    let mut contexts: HashMap<String, Context> =
        others.into_iter().map(|(name, context)| (name.to_string(), context)).collect();
    contexts.insert("__start".into(), start);
    contexts.insert("main".into(), context("", main));
    SyntaxDefinition {
        name: name.into(),
        file_extensions: extensions.iter().map(|extension| extension.to_string()).collect(),
        scope: Scope::new(scope).expect("a grammar's scope is a valid scope name"),
        first_line_match: None,
        hidden: false,
        variables: HashMap::new(),
        contexts,
    }
}

fn context(meta_scope: &str, patterns: Vec<Pattern>) -> Context {
    let mut context = Context::new(false);
    context.meta_scope = scopes(meta_scope);
    context.patterns = patterns;
    context
}

fn token(regex: &str, scope: &str) -> Pattern {
    matching(regex, scope, None, MatchOperation::None)
}

fn push(regex: &str, scope: &str, target: &str) -> Pattern {
    matching(regex, scope, None, MatchOperation::Push(vec![named(target)]))
}

fn pop(regex: &str, scope: &str) -> Pattern {
    matching(regex, scope, None, MatchOperation::Pop)
}

/// A match whose numbered groups get scopes.
fn groups(regex: &str, captures: &[(usize, &str)]) -> Pattern {
    let captures = captures.iter().map(|(group, scope)| (*group, scopes(scope))).collect();
    matching(regex, "", Some(captures), MatchOperation::None)
}

fn include(target: &str) -> Pattern {
    Pattern::Include(named(target))
}

fn matching(
    regex: &str,
    scope: &str,
    captures: Option<Vec<(usize, Vec<Scope>)>>,
    operation: MatchOperation,
) -> Pattern {
    Pattern::Match(MatchPattern {
        has_captures: captures.is_some(),
        regex: Regex::new(regex.to_string()),
        scope: scopes(scope),
        captures,
        operation,
        with_prototype: None,
    })
}

/// A reference to a context of the same grammar, resolved when the set is linked. The enum's
/// variants are `#[non_exhaustive]`, so serde is the public way to make one.
fn named(context: &str) -> ContextReference {
    serde_json::from_value(serde_json::json!({ "Named": context }))
        .expect("ContextReference::Named from serde")
}

fn scopes(text: &str) -> Vec<Scope> {
    text.split_whitespace().map(|scope| Scope::new(scope).expect("a valid scope name")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_a_valid_regular_expression() {
        for definition in definitions() {
            for (context_name, context) in &definition.contexts {
                for pattern in &context.patterns {
                    if let Pattern::Match(rule) = pattern {
                        let source = rule.regex.regex_str();
                        if let Some(error) = Regex::try_compile(source) {
                            panic!(
                                "{} / {context_name}: /{source}/ does not compile: {error}",
                                definition.name
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn every_language_a_lesson_may_name_has_a_grammar_except_text() {
        let set = syntax_set();
        for language in crate::lessons::markup::CODE_LANGUAGES {
            let found = set.find_syntax_by_token(language).is_some();
            assert_eq!(found, *language != "text", "{language}");
        }
    }
}
