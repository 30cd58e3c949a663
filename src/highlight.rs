//! Syntax highlighting for the steps' Next.js code, by syntect's default JavaScript grammar
//! through tui-syntax-highlight.
//!
//! Loading syntect's syntaxes and themes takes tens of milliseconds, so it happens once, on a
//! background thread started with the event loop; until then code is drawn plain (same text, no
//! colour) and the first frame is not held up. Highlighted code is cached per source and theme,
//! so redrawing a frame does not re-run the grammar.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use syntect::highlighting::ThemeSet;
use syntect::parsing::SyntaxSet;
use tui_syntax_highlight::Highlighter;

use crate::theme::{Theme, ThemeName};

struct Assets {
    syntaxes: SyntaxSet,
    themes: ThemeSet,
}

static ASSETS: OnceLock<Assets> = OnceLock::new();

type Highlighted = Arc<Vec<Line<'static>>>;

static CACHE: OnceLock<Mutex<HashMap<(u64, ThemeName), Highlighted>>> = OnceLock::new();

/// Loads syntect's grammars and themes (once; later calls return at once). Blocking: call it from
/// a background thread, or from a test before drawing.
pub fn load() {
    ASSETS.get_or_init(|| Assets {
        syntaxes: SyntaxSet::load_defaults_newlines(),
        themes: ThemeSet::load_defaults(),
    });
}

pub fn is_loaded() -> bool {
    ASSETS.get().is_some()
}

/// `source` as styled lines, one per source line, tabs expanded. Highlighted when the assets are
/// loaded (see [`load`]), plain in `theme.text` before that. `language` is a syntect token such
/// as `javascript`, `js` or `tsx`; an unknown one is drawn plain.
pub fn code_lines(source: &str, language: &str, theme: &Theme) -> Highlighted {
    let source = source.replace('\t', "    ");
    let Some(assets) = ASSETS.get() else {
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
        Arc::new(highlight(assets, &source, language, theme).unwrap_or_else(|| plain(&source, theme)));
    if let Ok(mut map) = cache.lock() {
        map.insert(key, Arc::clone(&lines));
    }
    lines
}

fn plain(source: &str, theme: &Theme) -> Vec<Line<'static>> {
    source.lines().map(|line| Line::from(Span::styled(line.to_string(), theme.text))).collect()
}

fn highlight(assets: &Assets, source: &str, language: &str, theme: &Theme) -> Option<Vec<Line<'static>>> {
    let syntax = assets
        .syntaxes
        .find_syntax_by_token(language)
        .or_else(|| assets.syntaxes.find_syntax_by_name(language))?;
    // Mono still runs the grammar (for bold/italic from the theme) but keeps no colour.
    let syntect_theme = assets.themes.themes.get(theme.code_theme.unwrap_or("base16-ocean.dark"))?.clone();
    let mut highlighter = Highlighter::new(syntect_theme).line_numbers(false);
    if let Some(background) = theme.code_background {
        highlighter = highlighter.override_background(background);
    } else {
        highlighter = highlighter.override_background(ratatui::style::Color::Reset);
    }
    let text = highlighter.highlight_lines(source.lines(), syntax, &assets.syntaxes).ok()?;
    let lines = text
        .lines
        .into_iter()
        .map(|line| {
            let spans: Vec<Span<'static>> = line
                .spans
                .into_iter()
                .map(|span| {
                    let style = if theme.is_mono() {
                        without_colour(span.style)
                    } else {
                        readable(span.style, theme)
                    };
                    Span::styled(span.content, style)
                })
                .collect();
            Line::from(spans)
        })
        .collect();
    Some(lines)
}

/// The contrast the code's text must reach against the code background: WCAG AA for the light
/// theme, AAA for high contrast (a washed-out projector). `None` where the background is the
/// terminal's own and unknown.
fn minimum_contrast(theme: &Theme) -> Option<(Rgb, f64)> {
    let background = rgb(theme.code_background?)?;
    match theme.name {
        ThemeName::Light => Some((background, 4.5)),
        ThemeName::HighContrast => Some((background, 7.0)),
        ThemeName::Dark | ThemeName::Mono => None,
    }
}

type Rgb = (u8, u8, u8);

fn rgb(color: Color) -> Option<Rgb> {
    match color {
        Color::Rgb(r, g, b) => Some((r, g, b)),
        Color::Black => Some((0, 0, 0)),
        Color::White => Some((255, 255, 255)),
        _ => None,
    }
}

/// WCAG relative luminance.
fn luminance((r, g, b): Rgb) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

/// WCAG contrast ratio, 1 to 21.
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The syntax theme's colour, moved towards black or white (whichever the background is not)
/// just far enough to be readable; colours that already are stay as they are.
fn readable(style: Style, theme: &Theme) -> Style {
    let (Some((background, minimum)), Some(foreground)) = (minimum_contrast(theme), style.fg.and_then(rgb))
    else {
        return style;
    };
    let ink: Rgb = if luminance(background) > 0.5 { (0, 0, 0) } else { (255, 255, 255) };
    let mix = |from: u8, to: u8, step: u16| -> u8 {
        ((u16::from(from) * (10 - step) + u16::from(to) * step) / 10) as u8
    };
    let adjusted = (0..=10)
        .map(|step| {
            (mix(foreground.0, ink.0, step), mix(foreground.1, ink.1, step), mix(foreground.2, ink.2, step))
        })
        .find(|candidate| contrast(*candidate, background) >= minimum)
        .unwrap_or(ink);
    style.fg(Color::Rgb(adjusted.0, adjusted.1, adjusted.2))
}

fn without_colour(style: Style) -> Style {
    let mut bare = Style::new().add_modifier(style.add_modifier & (Modifier::BOLD | Modifier::UNDERLINED));
    bare.sub_modifier = Modifier::empty();
    bare
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn unknown_language_is_drawn_plain() {
        load();
        let lines = code_lines("a = 1\n", "no-such-language", &Theme::get(ThemeName::Dark));
        assert_eq!(lines[0].to_string(), "a = 1");
    }

    use std::collections::HashSet;
}
