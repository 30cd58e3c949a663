//! Syntax highlighting for lesson code, by syntect (through tui-syntax-highlight) with the small
//! grammars in [`grammars`] and the theme's [`CodeStyles`].
//!
//! The grammars are linked on a background thread started with the event loop, which then
//! highlights the course's own code samples once, so the rules they use are compiled and their
//! lines cached before a frame needs them; until then code is drawn plain (same text, no colour)
//! and the first frame is not held up. Highlighted code is cached per source and theme, so
//! redrawing does not re-run the grammar.

pub mod grammars;

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use syntect::highlighting::{
    Color as SyntectColor, FontStyle, ScopeSelectors, StyleModifier, Theme as SyntectTheme, ThemeItem,
    ThemeSettings,
};
use syntect::parsing::SyntaxSet;
use tui_syntax_highlight::Highlighter;

use crate::theme::{CodeStyles, Theme, ThemeName};

static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();

type Highlighted = Arc<Vec<Line<'static>>>;

static CACHE: OnceLock<Mutex<HashMap<(u64, ThemeName), Highlighted>>> = OnceLock::new();

/// Links the grammars (once; later calls return at once). Their rules compile on first use, so the
/// loader then runs [`code_lines`] on the course's code to compile them off the UI thread. Blocking:
/// call it from a background thread, or from a test before drawing.
pub fn load() {
    SYNTAXES.get_or_init(grammars::syntax_set);
}

pub fn is_loaded() -> bool {
    SYNTAXES.get().is_some()
}

/// `source` as styled lines, one per source line, tabs expanded. Highlighted when the grammars
/// are loaded (see [`load`]), plain in `theme.code.text` before that. `language` is a lesson's
/// language tag (`javascript`, `json`, `bash`, `http`, …); any other is drawn plain.
pub fn code_lines(source: &str, language: &str, theme: &Theme) -> Highlighted {
    let source = source.replace('\t', "    ");
    let Some(syntaxes) = SYNTAXES.get() else {
        return Arc::new(plain(&source, theme));
    };
    let key = {
        let mut hasher = DefaultHasher::new();
        (&source, language).hash(&mut hasher);
        (hasher.finish(), theme.name)
    };
    let cache = CACHE.get_or_init(Default::default);
    if let Some(hit) = cache.lock().ok().and_then(|map| map.get(&key).cloned()) {
        return hit;
    }
    let lines =
        Arc::new(highlight(syntaxes, &source, language, theme).unwrap_or_else(|| plain(&source, theme)));
    if let Ok(mut map) = cache.lock() {
        map.insert(key, Arc::clone(&lines));
    }
    lines
}

fn plain(source: &str, theme: &Theme) -> Vec<Line<'static>> {
    source.lines().map(|line| Line::from(Span::styled(line.to_string(), theme.code.text))).collect()
}

fn highlight(
    syntaxes: &SyntaxSet,
    source: &str,
    language: &str,
    theme: &Theme,
) -> Option<Vec<Line<'static>>> {
    let syntax = syntaxes.find_syntax_by_token(language)?;
    let highlighter = Highlighter::new(syntect_theme(theme)).line_numbers(false);
    let text = highlighter.highlight_lines(source.lines(), syntax, syntaxes).ok()?;
    Some(text.lines.into_iter().map(|line| Line::from(line.spans)).collect())
}

/// Which scopes the grammars give each kind of token. The most specific selector wins, so
/// `string.regexp` is an escape-coloured regular expression, not a string.
fn scope_kinds(code: &CodeStyles) -> [(&'static str, Style); 8] {
    [
        ("comment", code.comment),
        ("string", code.string),
        ("constant.character.escape, string.regexp, punctuation.section.interpolation", code.escape),
        ("constant.numeric, constant.language, constant.other, variable.parameter.option", code.constant),
        ("keyword, storage, variable.language", code.keyword),
        ("entity.name.function, variable.function", code.function),
        ("support.class, variable.other.constant", code.type_name),
        (
            "meta.object-literal.key, support.type.property-name, variable.other.readwrite.shell",
            code.property,
        ),
    ]
}

fn syntect_theme(theme: &Theme) -> SyntectTheme {
    let code = &theme.code;
    let scopes = scope_kinds(code)
        .into_iter()
        .map(|(selectors, style)| ThemeItem {
            scope: selectors.parse::<ScopeSelectors>().expect("the scope selectors above parse"),
            style: StyleModifier {
                foreground: Some(syntect_colour(style.fg)),
                background: None,
                font_style: Some(font_style(style.add_modifier)),
            },
        })
        .collect();
    SyntectTheme {
        settings: ThemeSettings {
            foreground: Some(syntect_colour(code.text.fg)),
            background: Some(syntect_colour(theme.code_background)),
            ..ThemeSettings::default()
        },
        scopes,
        ..SyntectTheme::default()
    }
}

/// tui-syntax-highlight's encoding: alpha 0 carries an ANSI index in `r`, alpha 1 means "no
/// colour" (the terminal's own, which mono needs), anything else is RGB.
fn syntect_colour(colour: Option<Color>) -> SyntectColor {
    let ansi = |index: u8| SyntectColor { r: index, g: 0, b: 0, a: 0 };
    match colour {
        None | Some(Color::Reset) => SyntectColor { r: 0, g: 0, b: 0, a: 1 },
        Some(Color::Rgb(r, g, b)) => SyntectColor { r, g, b, a: 255 },
        Some(Color::Indexed(index)) => ansi(index),
        Some(Color::Black) => ansi(0),
        Some(Color::Red) => ansi(1),
        Some(Color::Green) => ansi(2),
        Some(Color::Yellow) => ansi(3),
        Some(Color::Blue) => ansi(4),
        Some(Color::Magenta) => ansi(5),
        Some(Color::Cyan) => ansi(6),
        Some(Color::Gray) => ansi(7),
        Some(Color::DarkGray) => ansi(8),
        Some(Color::LightRed) => ansi(9),
        Some(Color::LightGreen) => ansi(10),
        Some(Color::LightYellow) => ansi(11),
        Some(Color::LightBlue) => ansi(12),
        Some(Color::LightMagenta) => ansi(13),
        Some(Color::LightCyan) => ansi(14),
        Some(Color::White) => ansi(15),
    }
}

fn font_style(modifiers: Modifier) -> FontStyle {
    let mut style = FontStyle::empty();
    if modifiers.contains(Modifier::BOLD) {
        style |= FontStyle::BOLD;
    }
    if modifiers.contains(Modifier::ITALIC) {
        style |= FontStyle::ITALIC;
    }
    if modifiers.contains(Modifier::UNDERLINED) {
        style |= FontStyle::UNDERLINE;
    }
    style
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::theme::{Rgb, contrast};

    fn rgb(color: Color) -> Option<Rgb> {
        match color {
            Color::Rgb(r, g, b) => Some((r, g, b)),
            Color::Black => Some((0, 0, 0)),
            Color::White => Some((255, 255, 255)),
            _ => None,
        }
    }

    const ROUTE: &str = "export async function POST(request) {\n\tconst body = await request.json();\n}\n";

    #[test]
    fn javascript_is_highlighted_in_colour_and_keeps_its_text() {
        load();
        let theme = Theme::get(ThemeName::Dark);
        let lines = code_lines(ROUTE, "javascript", &theme);
        assert_eq!(lines.len(), 3);
        let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        assert_eq!(text[0], "export async function POST(request) {");
        assert_eq!(text[1], "    const body = await request.json();");
        let colours: HashSet<_> = lines[0].spans.iter().filter_map(|s| s.style.fg).collect();
        assert!(colours.len() >= 2, "keywords and names should differ: {:?}", lines[0]);
    }

    #[test]
    fn mono_highlighting_sets_no_colour() {
        load();
        let lines = code_lines(ROUTE, "javascript", &Theme::get(ThemeName::Mono));
        for span in lines.iter().flat_map(|l| l.spans.iter()) {
            assert_eq!((span.style.fg, span.style.bg), (None, None), "{span:?}");
        }
    }

    #[test]
    fn code_is_readable_on_the_light_and_high_contrast_backgrounds() {
        load();
        let route = "// a comment\nexport async function POST(request) { return 'text' + 42; }\n";
        for (name, minimum) in [(ThemeName::Light, 4.5), (ThemeName::HighContrast, 7.0)] {
            let theme = Theme::get(name);
            let background = rgb(theme.code_background.unwrap()).unwrap();
            let lines = code_lines(route, "javascript", &theme);
            for span in lines.iter().flat_map(|l| l.spans.iter()).filter(|s| !s.content.trim().is_empty()) {
                let foreground = span.style.fg.and_then(rgb).expect("an RGB colour");
                let ratio = contrast(foreground, background);
                assert!(ratio >= minimum, "{name}: {:?} is {ratio:.1}:1 on its background", span.content);
            }
        }
    }

    /// Each non-blank span of the highlighted `source` with the name of the code kind its style
    /// is, in the dark theme (where every kind has its own colour).
    fn kinds(source: &str, language: &str) -> Vec<(String, &'static str)> {
        load();
        let theme = Theme::get(ThemeName::Dark);
        let by_style = theme.code.by_kind();
        let lines = highlight(SYNTAXES.get().unwrap(), source, language, &theme).expect("a grammar");
        let mut spans: Vec<(String, &'static str)> = Vec::new();
        for line in lines.iter() {
            let mut previous_kind = None;
            for span in &line.spans {
                let kind = by_style
                    .iter()
                    .find(|(_, style)| style.fg == span.style.fg)
                    .map_or("?", |(kind, _)| *kind);
                match spans.last_mut() {
                    Some((text, _)) if previous_kind == Some(kind) => text.push_str(&span.content),
                    _ => spans.push((span.content.to_string(), kind)),
                }
                previous_kind = Some(kind);
            }
        }
        spans
            .into_iter()
            .map(|(text, kind)| (text.trim().to_string(), kind))
            .filter(|(text, _)| !text.is_empty())
            .collect()
    }

    fn kind_of<'a>(spans: &'a [(String, &'static str)], text: &str) -> &'a str {
        spans.iter().find(|(span, _)| span == text).map_or("(no span)", |(_, kind)| kind)
    }

    #[test]
    fn javascript_tokens_get_their_kinds() {
        let spans = kinds(
            "const token = jwt.sign({ sub: String(user.id) }, JWT_SECRET, { algorithm: 'HS256', maxAge: 60 * 8 }); // sign\n\
             if (!user) return new Response(null, { status: 401 });\n",
            "javascript",
        );
        for (text, kind) in [
            ("const", "keyword"),
            ("sign", "function"),
            ("sub", "property"),
            ("String", "type_name"),
            ("JWT_SECRET", "type_name"),
            ("algorithm", "property"),
            ("'HS256'", "string"),
            ("60", "constant"),
            ("// sign", "comment"),
            ("if", "keyword"),
            ("return", "keyword"),
            ("Response", "type_name"),
            ("null", "constant"),
        ] {
            assert_eq!(kind_of(&spans, text), kind, "{text:?} in {spans:?}");
        }
        assert_eq!(kind_of(&spans, "(!user)"), "text", "{spans:?}");
    }

    #[test]
    fn template_interpolations_regexes_and_block_comments() {
        let spans = kinds(
            "/* a\nb */ const [scheme, t] = header.split(/\\s+/);\nreturn unauthorized(`jwt: ${error.message}`);\n",
            "javascript",
        );
        assert_eq!(kind_of(&spans, "/* a"), "comment", "{spans:?}");
        assert_eq!(kind_of(&spans, "b */"), "comment", "{spans:?}");
        assert_eq!(kind_of(&spans, "/\\s+/"), "escape", "{spans:?}");
        assert_eq!(kind_of(&spans, "`jwt:"), "string", "{spans:?}");
        assert_eq!(kind_of(&spans, "${"), "escape", "{spans:?}");
        assert_eq!(kind_of(&spans, "error.message"), "text", "code inside ${{}} is code: {spans:?}");
        assert_eq!(kind_of(&spans, "`"), "string", "{spans:?}");
    }

    #[test]
    fn json_shell_and_http_are_highlighted() {
        let json = kinds("{ \"authenticated\": true, \"userId\": 1, \"via\": \"jwt\" }\n", "json");
        assert_eq!(kind_of(&json, "\"authenticated\""), "property", "{json:?}");
        assert_eq!(kind_of(&json, "true"), "constant", "{json:?}");
        assert_eq!(kind_of(&json, "\"jwt\""), "string", "{json:?}");

        let shell = kinds("# make a secret\nopenssl rand -base64 32 > \"$HOME/.env\"\n", "bash");
        assert_eq!(kind_of(&shell, "# make a secret"), "comment", "{shell:?}");
        assert_eq!(kind_of(&shell, "openssl"), "function", "{shell:?}");
        assert_eq!(kind_of(&shell, "-base64"), "constant", "{shell:?}");
        assert_eq!(kind_of(&shell, "$HOME"), "property", "{shell:?}");

        let http = kinds("GET /api/auth HTTP/1.1\nAuthorization: Bearer x\n\n{\"ok\": false}\n", "http");
        assert_eq!(kind_of(&http, "GET"), "keyword", "{http:?}");
        assert_eq!(kind_of(&http, "/api/auth"), "string", "{http:?}");
        assert_eq!(kind_of(&http, "Authorization"), "property", "{http:?}");
        assert_eq!(kind_of(&http, "false"), "constant", "the body is JSON: {http:?}");
    }

    #[test]
    fn mono_marks_keywords_in_bold() {
        load();
        let lines = code_lines(ROUTE, "javascript", &Theme::get(ThemeName::Mono));
        let bold: Vec<String> = lines[0]
            .spans
            .iter()
            .filter(|span| span.style.add_modifier.contains(Modifier::BOLD))
            .map(|span| span.content.trim().to_string())
            .collect();
        assert_eq!(bold, ["export", "async", "function"]);
    }

    #[test]
    fn every_code_sample_of_the_course_is_highlighted_without_unknown_styles() {
        load();
        let course = crate::lessons::builtin().expect("the built-in course loads");
        let mut samples = 0;
        for (language, source) in course.code_samples() {
            for name in ThemeName::ALL {
                let theme = Theme::get(name);
                let lines = code_lines(source, language, &theme);
                assert_eq!(lines.len(), source.lines().count());
                let known: Vec<Style> = theme.code.by_kind().iter().map(|(_, style)| *style).collect();
                for span in lines.iter().flat_map(|line| line.spans.iter()) {
                    let bare = Style::new()
                        .fg(span.style.fg.unwrap_or(Color::Reset))
                        .add_modifier(span.style.add_modifier);
                    assert!(
                        known.iter().any(|style| Style::new()
                            .fg(style.fg.unwrap_or(Color::Reset))
                            .add_modifier(style.add_modifier)
                            == bare),
                        "{name}: {:?} has a style no code kind has: {:?}",
                        span.content,
                        span.style
                    );
                }
            }
            samples += 1;
        }
        assert!(samples >= 6, "found {samples} code samples");
    }

    #[test]
    fn unknown_language_is_drawn_plain() {
        load();
        let lines = code_lines("a = 1\n", "no-such-language", &Theme::get(ThemeName::Dark));
        assert_eq!(lines[0].to_string(), "a = 1");
    }

    use std::collections::HashSet;
}
