//! Every style the terminal UI uses, for each of the four themes.
//!
//! Drawing code never names a colour: it asks the theme for a role (`theme.heading`, `theme.ok`).
//! The mono theme sets no colours at all, only bold / reverse / underline, because crossterm 0.29
//! drops those modifiers on cells that also carry a colour when `NO_COLOR` is set.

use std::fmt;

use ratatui::style::{Color, Modifier, Style};

/// The themes a learner can pick with `--theme`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ThemeName {
    Dark,
    Light,
    HighContrast,
    Mono,
}

impl ThemeName {
    pub const ALL: [ThemeName; 4] = [Self::Dark, Self::Light, Self::HighContrast, Self::Mono];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dark => "dark",
            Self::Light => "light",
            Self::HighContrast => "high-contrast",
            Self::Mono => "mono",
        }
    }

    /// Picks the theme from the command line and the environment: `--no-color` or a non-empty
    /// `NO_COLOR` (<https://no-color.org>) win over `--theme`.
    pub fn choose(theme_flag: ThemeName, no_color_flag: bool, no_color_env: Option<&str>) -> Self {
        if no_color_flag || no_color_env.is_some_and(|value| !value.is_empty()) {
            Self::Mono
        } else {
            theme_flag
        }
    }
}

impl std::str::FromStr for ThemeName {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|name| name.as_str().eq_ignore_ascii_case(text))
            .ok_or_else(|| format!("unknown theme '{text}': choose dark, light, high-contrast or mono"))
    }
}

impl fmt::Display for ThemeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Styles by role. `base` is patched under everything, so a theme with its own background
/// (light, high-contrast) paints the whole screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: ThemeName,
    pub base: Style,
    /// Header bar (where the learner is).
    pub header: Style,
    pub header_title: Style,
    /// The `DEMO` marker shown whenever `--demo` is on.
    pub demo: Style,
    pub progress_done: Style,
    pub progress_todo: Style,
    /// Footer key names and their descriptions.
    pub key: Style,
    pub key_description: Style,
    pub border: Style,
    pub border_focused: Style,
    pub panel_title: Style,
    pub panel_title_focused: Style,
    pub tab: Style,
    pub tab_selected: Style,
    pub text: Style,
    pub muted: Style,
    pub heading: Style,
    pub bold: Style,
    pub inline_code: Style,
    pub bullet: Style,
    /// "Important" notes.
    pub note: Style,
    pub note_label: Style,
    /// What the seed got wrong, and the correction.
    pub seed_wrong: Style,
    pub seed_fix: Style,
    pub ok: Style,
    pub bad: Style,
    pub warn: Style,
    /// `↓ 12 more lines` markers.
    pub scroll_hint: Style,
    /// The highlighted row of a list (outline, scenarios, quiz options).
    pub selected: Style,
    pub line_number: Style,
    /// The three JWT segments.
    pub jwt_header: Style,
    pub jwt_payload: Style,
    pub jwt_signature: Style,
    /// Styles for highlighted code, by token kind.
    pub code: CodeStyles,
    /// Background painted behind highlighted code, `None` to keep the terminal's own.
    pub code_background: Option<Color>,
}

/// What each kind of code token looks like. The grammars in `highlight` decide which text is
/// which kind; the theme only decides how a kind looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CodeStyles {
    /// Everything not named below: names, operators, punctuation.
    pub text: Style,
    pub comment: Style,
    pub string: Style,
    /// Escapes, regular expressions, `${` `}` around template interpolations.
    pub escape: Style,
    /// Numbers and `true`, `false`, `null`, `undefined`.
    pub constant: Style,
    /// Keywords (`if`, `return`, `await`), declarations (`const`, `function`), `=>`.
    pub keyword: Style,
    /// Functions where they are defined or called.
    pub function: Style,
    /// Capitalised names (`Response`, `Map`) and ALL_CAPS constants (`JWT_SECRET`).
    pub type_name: Style,
    /// Object and JSON keys, HTTP header names.
    pub property: Style,
}

impl CodeStyles {
    /// Every kind with its name, so tests can check each one.
    pub fn by_kind(&self) -> [(&'static str, Style); 9] {
        [
            ("text", self.text),
            ("comment", self.comment),
            ("string", self.string),
            ("escape", self.escape),
            ("constant", self.constant),
            ("keyword", self.keyword),
            ("function", self.function),
            ("type_name", self.type_name),
            ("property", self.property),
        ]
    }
}

impl Theme {
    pub fn get(name: ThemeName) -> Self {
        match name {
            ThemeName::Dark => Self::dark(),
            ThemeName::Light => Self::light(),
            ThemeName::HighContrast => Self::high_contrast(),
            ThemeName::Mono => Self::mono(),
        }
    }

    pub fn is_mono(&self) -> bool {
        self.name == ThemeName::Mono
    }

    fn dark() -> Self {
        let fg = |color: Color| Style::new().fg(color);
        Self {
            name: ThemeName::Dark,
            base: Style::new(),
            header: Style::new().bg(Color::Indexed(236)).fg(Color::Gray),
            header_title: Style::new().bg(Color::Indexed(236)).fg(Color::White).add_modifier(Modifier::BOLD),
            demo: Style::new().bg(Color::Yellow).fg(Color::Black).add_modifier(Modifier::BOLD),
            progress_done: Style::new().bg(Color::Indexed(236)).fg(Color::Green),
            progress_todo: Style::new().bg(Color::Indexed(236)).fg(Color::DarkGray),
            key: fg(Color::Cyan).add_modifier(Modifier::BOLD),
            key_description: fg(Color::Gray),
            border: fg(Color::DarkGray),
            border_focused: fg(Color::Cyan),
            panel_title: fg(Color::Gray),
            panel_title_focused: fg(Color::Cyan).add_modifier(Modifier::BOLD),
            tab: fg(Color::Gray),
            tab_selected: fg(Color::Cyan).add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            text: Style::new(),
            muted: fg(Color::DarkGray),
            heading: fg(Color::LightBlue).add_modifier(Modifier::BOLD),
            bold: Style::new().add_modifier(Modifier::BOLD),
            inline_code: fg(Color::LightYellow),
            bullet: fg(Color::Cyan),
            note: fg(Color::LightYellow),
            note_label: fg(Color::Yellow).add_modifier(Modifier::BOLD),
            seed_wrong: fg(Color::LightRed),
            seed_fix: fg(Color::LightGreen),
            ok: fg(Color::LightGreen).add_modifier(Modifier::BOLD),
            bad: fg(Color::LightRed).add_modifier(Modifier::BOLD),
            warn: fg(Color::Yellow).add_modifier(Modifier::BOLD),
            scroll_hint: fg(Color::Yellow),
            selected: Style::new().bg(Color::Indexed(24)).fg(Color::White).add_modifier(Modifier::BOLD),
            line_number: fg(Color::DarkGray),
            jwt_header: fg(Color::LightRed),
            jwt_payload: fg(Color::LightMagenta),
            jwt_signature: fg(Color::LightCyan),
            // base16 "ocean" colours, on the terminal's own background.
            code: CodeStyles {
                text: fg(Color::Rgb(0xc0, 0xc5, 0xce)),
                comment: fg(Color::Rgb(0x8a, 0x96, 0xa3)).add_modifier(Modifier::ITALIC),
                string: fg(Color::Rgb(0xa3, 0xbe, 0x8c)),
                escape: fg(Color::Rgb(0x96, 0xb5, 0xb4)),
                constant: fg(Color::Rgb(0xd0, 0x87, 0x70)),
                keyword: fg(Color::Rgb(0xb4, 0x8e, 0xad)),
                function: fg(Color::Rgb(0x8f, 0xa1, 0xb3)),
                type_name: fg(Color::Rgb(0xeb, 0xcb, 0x8b)),
                property: fg(Color::Rgb(0xbf, 0x61, 0x6a)),
            },
            code_background: None,
        }
    }

    fn light() -> Self {
        let paper = Color::Rgb(0xfa, 0xfa, 0xf7);
        let ink = Color::Rgb(0x1f, 0x23, 0x28);
        let fg = |color: Color| Style::new().fg(color);
        let bar = Color::Rgb(0xe4, 0xe6, 0xea);
        Self {
            name: ThemeName::Light,
            base: Style::new().bg(paper).fg(ink),
            header: Style::new().bg(bar).fg(ink),
            header_title: Style::new().bg(bar).fg(Color::Rgb(0, 0, 0)).add_modifier(Modifier::BOLD),
            demo: Style::new()
                .bg(Color::Rgb(0xb3, 0x5c, 0x00))
                .fg(Color::Rgb(0xff, 0xff, 0xff))
                .add_modifier(Modifier::BOLD),
            progress_done: Style::new().bg(bar).fg(Color::Rgb(0x1a, 0x7f, 0x37)),
            progress_todo: Style::new().bg(bar).fg(Color::Rgb(0x8c, 0x95, 0x9f)),
            key: fg(Color::Rgb(0x05, 0x50, 0xae)).add_modifier(Modifier::BOLD),
            key_description: fg(Color::Rgb(0x57, 0x60, 0x6a)),
            border: fg(Color::Rgb(0xaf, 0xb8, 0xc1)),
            border_focused: fg(Color::Rgb(0x05, 0x50, 0xae)),
            panel_title: fg(Color::Rgb(0x57, 0x60, 0x6a)),
            panel_title_focused: fg(Color::Rgb(0x05, 0x50, 0xae)).add_modifier(Modifier::BOLD),
            tab: fg(Color::Rgb(0x57, 0x60, 0x6a)),
            tab_selected: fg(Color::Rgb(0x05, 0x50, 0xae))
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            text: Style::new(),
            muted: fg(Color::Rgb(0x65, 0x6d, 0x76)),
            heading: fg(Color::Rgb(0x0a, 0x30, 0x69)).add_modifier(Modifier::BOLD),
            bold: Style::new().add_modifier(Modifier::BOLD),
            inline_code: fg(Color::Rgb(0x95, 0x38, 0x00)),
            bullet: fg(Color::Rgb(0x05, 0x50, 0xae)),
            note: fg(Color::Rgb(0x7d, 0x4e, 0x00)),
            note_label: fg(Color::Rgb(0x9a, 0x67, 0x00)).add_modifier(Modifier::BOLD),
            seed_wrong: fg(Color::Rgb(0xcf, 0x22, 0x2e)),
            seed_fix: fg(Color::Rgb(0x1a, 0x7f, 0x37)),
            ok: fg(Color::Rgb(0x1a, 0x7f, 0x37)).add_modifier(Modifier::BOLD),
            bad: fg(Color::Rgb(0xcf, 0x22, 0x2e)).add_modifier(Modifier::BOLD),
            warn: fg(Color::Rgb(0x9a, 0x67, 0x00)).add_modifier(Modifier::BOLD),
            scroll_hint: fg(Color::Rgb(0x9a, 0x67, 0x00)),
            selected: Style::new()
                .bg(Color::Rgb(0xdd, 0xf4, 0xff))
                .fg(Color::Rgb(0, 0, 0))
                .add_modifier(Modifier::BOLD),
            line_number: fg(Color::Rgb(0x65, 0x6d, 0x76)),
            jwt_header: fg(Color::Rgb(0xcf, 0x22, 0x2e)),
            jwt_payload: fg(Color::Rgb(0x82, 0x50, 0xdf)),
            jwt_signature: fg(Color::Rgb(0x05, 0x50, 0xae)),
            // GitHub's light code colours, each at least 4.5:1 on the paper.
            code: CodeStyles {
                text: fg(ink),
                comment: fg(Color::Rgb(0x5f, 0x67, 0x70)).add_modifier(Modifier::ITALIC),
                string: fg(Color::Rgb(0x0a, 0x30, 0x69)),
                escape: fg(Color::Rgb(0x11, 0x63, 0x29)),
                constant: fg(Color::Rgb(0x05, 0x50, 0xae)),
                keyword: fg(Color::Rgb(0xcf, 0x22, 0x2e)),
                function: fg(Color::Rgb(0x82, 0x50, 0xdf)),
                type_name: fg(Color::Rgb(0x95, 0x38, 0x00)),
                property: fg(Color::Rgb(0x05, 0x50, 0xae)),
            },
            code_background: Some(paper),
        }
    }

    /// For washed-out projectors: black background, only the brightest colours, bold everywhere
    /// that matters, nothing dim.
    fn high_contrast() -> Self {
        let bold = |color: Color| Style::new().fg(color).add_modifier(Modifier::BOLD);
        Self {
            name: ThemeName::HighContrast,
            base: Style::new().bg(Color::Black).fg(Color::White),
            header: Style::new().bg(Color::White).fg(Color::Black),
            header_title: Style::new().bg(Color::White).fg(Color::Black).add_modifier(Modifier::BOLD),
            demo: Style::new().bg(Color::LightYellow).fg(Color::Black).add_modifier(Modifier::BOLD),
            progress_done: Style::new().bg(Color::White).fg(Color::Black).add_modifier(Modifier::BOLD),
            progress_todo: Style::new().bg(Color::White).fg(Color::Black),
            key: bold(Color::LightYellow),
            key_description: Style::new().fg(Color::White),
            border: Style::new().fg(Color::White),
            border_focused: bold(Color::LightYellow),
            panel_title: bold(Color::White),
            panel_title_focused: Style::new()
                .bg(Color::LightYellow)
                .fg(Color::Black)
                .add_modifier(Modifier::BOLD),
            tab: Style::new().fg(Color::White),
            tab_selected: Style::new().bg(Color::LightYellow).fg(Color::Black).add_modifier(Modifier::BOLD),
            text: Style::new().fg(Color::White),
            muted: Style::new().fg(Color::White),
            heading: bold(Color::LightCyan).add_modifier(Modifier::UNDERLINED),
            bold: bold(Color::White),
            inline_code: bold(Color::LightYellow),
            bullet: bold(Color::LightCyan),
            note: Style::new().fg(Color::LightYellow),
            note_label: bold(Color::LightYellow),
            seed_wrong: bold(Color::LightRed),
            seed_fix: bold(Color::LightGreen),
            ok: bold(Color::LightGreen),
            bad: bold(Color::LightRed),
            warn: bold(Color::LightYellow),
            scroll_hint: bold(Color::LightYellow),
            selected: Style::new().bg(Color::White).fg(Color::Black).add_modifier(Modifier::BOLD),
            line_number: Style::new().fg(Color::White),
            jwt_header: bold(Color::LightRed),
            jwt_payload: bold(Color::LightMagenta),
            jwt_signature: bold(Color::LightCyan),
            // Bright colours only, each at least 7:1 on black.
            code: CodeStyles {
                text: Style::new().fg(Color::White),
                comment: Style::new().fg(Color::Rgb(0xc8, 0xc8, 0xc0)),
                string: Style::new().fg(Color::Rgb(0x99, 0xee, 0x99)),
                escape: Style::new().fg(Color::Rgb(0x88, 0xee, 0xee)),
                constant: Style::new().fg(Color::Rgb(0xff, 0xb0, 0x70)),
                keyword: bold(Color::Rgb(0xf0, 0xa0, 0xf0)),
                function: Style::new().fg(Color::Rgb(0x88, 0xcc, 0xff)),
                type_name: Style::new().fg(Color::Rgb(0xff, 0xdd, 0x66)),
                property: Style::new().fg(Color::Rgb(0xa0, 0xd0, 0xff)),
            },
            code_background: Some(Color::Black),
        }
    }

    /// No colours anywhere: emphasis by bold, reverse and underline; meaning by symbols and words.
    fn mono() -> Self {
        let plain = Style::new();
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let reverse = Style::new().add_modifier(Modifier::REVERSED);
        let underline = Style::new().add_modifier(Modifier::UNDERLINED);
        Self {
            name: ThemeName::Mono,
            base: plain,
            header: reverse,
            header_title: reverse.add_modifier(Modifier::BOLD),
            demo: bold,
            progress_done: reverse.add_modifier(Modifier::BOLD),
            progress_todo: reverse,
            key: bold,
            key_description: plain,
            border: plain,
            border_focused: bold,
            panel_title: plain,
            panel_title_focused: reverse.add_modifier(Modifier::BOLD),
            tab: plain,
            tab_selected: reverse.add_modifier(Modifier::BOLD),
            text: plain,
            muted: plain,
            heading: bold.add_modifier(Modifier::UNDERLINED),
            bold,
            inline_code: underline,
            bullet: bold,
            note: plain,
            note_label: bold,
            seed_wrong: plain,
            seed_fix: plain,
            ok: bold,
            bad: bold,
            warn: bold,
            scroll_hint: bold,
            selected: reverse,
            line_number: plain,
            jwt_header: bold,
            jwt_payload: underline,
            jwt_signature: reverse,
            code: CodeStyles {
                text: plain,
                comment: plain,
                string: plain,
                escape: plain,
                constant: plain,
                keyword: bold,
                function: plain,
                type_name: plain,
                property: plain,
            },
            code_background: None,
        }
    }
}

pub type Rgb = (u8, u8, u8);

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

#[cfg(test)]
mod tests {
    use super::*;

    fn styles(theme: &Theme) -> Vec<Style> {
        vec![
            theme.base,
            theme.header,
            theme.header_title,
            theme.demo,
            theme.progress_done,
            theme.progress_todo,
            theme.key,
            theme.key_description,
            theme.border,
            theme.border_focused,
            theme.panel_title,
            theme.panel_title_focused,
            theme.tab,
            theme.tab_selected,
            theme.text,
            theme.muted,
            theme.heading,
            theme.bold,
            theme.inline_code,
            theme.bullet,
            theme.note,
            theme.note_label,
            theme.seed_wrong,
            theme.seed_fix,
            theme.ok,
            theme.bad,
            theme.warn,
            theme.scroll_hint,
            theme.selected,
            theme.line_number,
            theme.jwt_header,
            theme.jwt_payload,
            theme.jwt_signature,
        ]
    }

    #[test]
    fn mono_sets_no_colour_at_all() {
        let mono = Theme::get(ThemeName::Mono);
        for style in styles(&mono) {
            assert_eq!((style.fg, style.bg), (None, None), "{style:?}");
        }
        for (kind, style) in mono.code.by_kind() {
            assert_eq!((style.fg, style.bg), (None, None), "code {kind}: {style:?}");
        }
        assert_eq!(mono.code_background, None);
    }

    #[test]
    fn no_color_flag_or_variable_selects_mono() {
        assert_eq!(ThemeName::choose(ThemeName::Dark, true, None), ThemeName::Mono);
        assert_eq!(ThemeName::choose(ThemeName::Light, false, Some("1")), ThemeName::Mono);
        // An empty NO_COLOR does not count, per no-color.org.
        assert_eq!(ThemeName::choose(ThemeName::Light, false, Some("")), ThemeName::Light);
        assert_eq!("High-Contrast".parse(), Ok(ThemeName::HighContrast));
        assert_eq!(
            "neon".parse::<ThemeName>(),
            Err("unknown theme 'neon': choose dark, light, high-contrast or mono".to_string())
        );
    }

    #[test]
    fn light_theme_text_is_readable_on_its_paper() {
        let light = Theme::get(ThemeName::Light);
        let Some(Color::Rgb(r, g, b)) = light.base.bg else { panic!("light has a paper colour") };
        let text_styles = [
            ("muted", light.muted),
            ("line_number", light.line_number),
            ("key", light.key),
            ("key_description", light.key_description),
            ("inline_code", light.inline_code),
            ("note", light.note),
            ("warn", light.warn),
            ("scroll_hint", light.scroll_hint),
            ("seed_wrong", light.seed_wrong),
            ("seed_fix", light.seed_fix),
            ("ok", light.ok),
            ("bad", light.bad),
            ("jwt_header", light.jwt_header),
            ("jwt_payload", light.jwt_payload),
            ("jwt_signature", light.jwt_signature),
        ];
        for (name, style) in text_styles {
            let Some(Color::Rgb(fr, fg, fb)) = style.fg else { panic!("{name} has an RGB colour") };
            let ratio = contrast((fr, fg, fb), (r, g, b));
            assert!(ratio >= 4.5, "{name} is {ratio:.2}:1 on the light paper (WCAG AA needs 4.5)");
        }
    }

    #[test]
    fn every_code_colour_is_readable_on_its_code_background() {
        for (name, minimum) in [(ThemeName::Light, 4.5), (ThemeName::HighContrast, 7.0)] {
            let theme = Theme::get(name);
            let rgb = |color: Color| match color {
                Color::Rgb(r, g, b) => (r, g, b),
                Color::Black => (0, 0, 0),
                Color::White => (255, 255, 255),
                other => panic!("{name}: {other:?} has no fixed RGB value to check"),
            };
            let background = rgb(theme.code_background.expect("a code background"));
            for (kind, style) in theme.code.by_kind() {
                let ratio = contrast(rgb(style.fg.expect("a colour")), background);
                assert!(ratio >= minimum, "{name} code {kind} is {ratio:.2}:1 (needs {minimum})");
            }
        }
    }

    #[test]
    fn coloured_themes_tell_focus_apart_from_the_rest() {
        for name in ThemeName::ALL {
            let theme = Theme::get(name);
            assert_ne!(theme.border, theme.border_focused, "{name}");
            assert_ne!(theme.tab, theme.tab_selected, "{name}");
            assert_ne!(theme.ok, theme.text, "{name}");
        }
    }
}
