//! Every style the terminal UI uses, for each of the four themes.
//!
//! Drawing code never names a colour: it asks the theme for a role (`theme.heading`, `theme.ok`).
//! The mono theme sets no colours at all, only bold / reverse / underline, because crossterm 0.29
//! drops those modifiers on cells that also carry a colour when `NO_COLOR` is set.

pub mod terminal;

use std::fmt;

use ratatui::style::{Color, Modifier, Style};

pub use self::terminal::{Background, ColorDepth, THEME_ENV, ThemeInputs};

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

    /// On the terminal's own dark background. Every colour is RGB (a palette's named greys and
    /// blues are redefined by schemes such as Solarized, where bright black is the background
    /// itself), each at least 4.5:1 on black and on the usual dark backgrounds (see the tests).
    fn dark() -> Self {
        let fg = |(r, g, b): Rgb| Style::new().fg(Color::Rgb(r, g, b));
        let bar = Color::Rgb(0x30, 0x34, 0x3b);
        let (grey, light_grey, white) = ((0x9d, 0xa5, 0xb0), (0xc8, 0xcd, 0xd4), (0xff, 0xff, 0xff));
        let cyan = (0x5f, 0xd7, 0xe8);
        let blue = (0x7a, 0xb8, 0xff);
        let yellow = (0xf0, 0xc6, 0x74);
        let green = (0x8c, 0xd8, 0x8c);
        let red = (0xff, 0x8a, 0x8a);
        let magenta = (0xe0, 0x9c, 0xf0);
        Self {
            name: ThemeName::Dark,
            base: Style::new(),
            header: Style::new().bg(bar).fg(Color::Rgb(0xd8, 0xdc, 0xe2)),
            header_title: Style::new().bg(bar).fg(Color::Rgb(0xff, 0xff, 0xff)).add_modifier(Modifier::BOLD),
            demo: Style::new()
                .bg(Color::Rgb(0xf0, 0xc6, 0x74))
                .fg(Color::Rgb(0, 0, 0))
                .add_modifier(Modifier::BOLD),
            progress_done: Style::new().bg(bar).fg(Color::Rgb(green.0, green.1, green.2)),
            progress_todo: Style::new().bg(bar).fg(Color::Rgb(0xb4, 0xbb, 0xc4)),
            key: fg(cyan).add_modifier(Modifier::BOLD),
            key_description: fg(light_grey),
            border: fg(grey),
            border_focused: fg(cyan),
            panel_title: fg(light_grey),
            panel_title_focused: fg(cyan).add_modifier(Modifier::BOLD),
            tab: fg(light_grey),
            tab_selected: fg(cyan).add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            text: Style::new(),
            muted: fg(grey),
            heading: fg(blue).add_modifier(Modifier::BOLD),
            bold: Style::new().add_modifier(Modifier::BOLD),
            inline_code: fg(yellow),
            bullet: fg(cyan),
            note: fg(yellow),
            note_label: fg(yellow).add_modifier(Modifier::BOLD),
            seed_wrong: fg(red),
            seed_fix: fg(green),
            ok: fg(green).add_modifier(Modifier::BOLD),
            bad: fg(red).add_modifier(Modifier::BOLD),
            warn: fg(yellow).add_modifier(Modifier::BOLD),
            scroll_hint: fg(yellow),
            selected: Style::new()
                .bg(Color::Rgb(0x00, 0x5f, 0x87))
                .fg(Color::Rgb(white.0, white.1, white.2))
                .add_modifier(Modifier::BOLD),
            line_number: fg(grey),
            jwt_header: fg(red),
            jwt_payload: fg(magenta),
            jwt_signature: fg(cyan),
            // base16 "ocean" hues, lightened until each reads at 4.5:1 on the dark backgrounds.
            code: CodeStyles {
                text: fg((0xc0, 0xc5, 0xce)),
                comment: fg((0x9a, 0xa5, 0xb1)).add_modifier(Modifier::ITALIC),
                string: fg((0xa3, 0xbe, 0x8c)),
                escape: fg((0x96, 0xc5, 0xc4)),
                constant: fg((0xe0, 0x9a, 0x80)),
                keyword: fg((0xc8, 0xa2, 0xc2)),
                function: fg((0x9f, 0xb5, 0xc9)),
                type_name: fg((0xeb, 0xcb, 0x8b)),
                property: fg((0xe8, 0x8a, 0x92)),
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
            progress_done: Style::new().bg(bar).fg(Color::Rgb(0x11, 0x63, 0x29)),
            progress_todo: Style::new().bg(bar).fg(Color::Rgb(0x57, 0x60, 0x6a)),
            key: fg(Color::Rgb(0x05, 0x50, 0xae)).add_modifier(Modifier::BOLD),
            key_description: fg(Color::Rgb(0x57, 0x60, 0x6a)),
            border: fg(Color::Rgb(0x65, 0x6d, 0x76)),
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

impl Theme {
    /// The theme `name` as a terminal with `depth` colours can show it: 24-bit colours become
    /// their nearest xterm-256 colour, or for 16 colours the nearest named colour that still reads
    /// at 4.5:1 on the theme's background (greys become the terminal's own text colour, painted
    /// backgrounds become reverse video), so no text is lost to the palette.
    pub fn for_terminal(name: ThemeName, depth: ColorDepth) -> Self {
        let mut theme = Self::get(name);
        match depth {
            ColorDepth::TrueColor => {}
            ColorDepth::Ansi256 => {
                theme.map_styles(|style, _| Style {
                    fg: style.fg.map(to_256),
                    bg: style.bg.map(to_256),
                    ..style
                });
                theme.code_background = theme.code_background.map(to_256);
            }
            ColorDepth::Ansi16 => {
                let paper = match theme.base.bg {
                    Some(named @ (Color::Black | Color::White)) => xterm16(named).expect("a named colour"),
                    _ if name == ThemeName::Light => (0xff, 0xff, 0xff),
                    _ => (0, 0, 0),
                };
                theme.map_styles(|style, is_base| to_16(style, is_base, paper));
                theme.code_background = theme.code_background.filter(|colour| xterm16(*colour).is_some());
            }
        }
        theme
    }

    /// Every style of the theme, the code styles included, with whether it is `base`.
    fn map_styles(&mut self, change: impl Fn(Style, bool) -> Style) {
        self.base = change(self.base, true);
        for style in self.styles_mut() {
            *style = change(*style, false);
        }
    }

    fn styles_mut(&mut self) -> Vec<&mut Style> {
        let code = &mut self.code;
        vec![
            &mut self.header,
            &mut self.header_title,
            &mut self.demo,
            &mut self.progress_done,
            &mut self.progress_todo,
            &mut self.key,
            &mut self.key_description,
            &mut self.border,
            &mut self.border_focused,
            &mut self.panel_title,
            &mut self.panel_title_focused,
            &mut self.tab,
            &mut self.tab_selected,
            &mut self.text,
            &mut self.muted,
            &mut self.heading,
            &mut self.bold,
            &mut self.inline_code,
            &mut self.bullet,
            &mut self.note,
            &mut self.note_label,
            &mut self.seed_wrong,
            &mut self.seed_fix,
            &mut self.ok,
            &mut self.bad,
            &mut self.warn,
            &mut self.scroll_hint,
            &mut self.selected,
            &mut self.line_number,
            &mut self.jwt_header,
            &mut self.jwt_payload,
            &mut self.jwt_signature,
            &mut code.text,
            &mut code.comment,
            &mut code.string,
            &mut code.escape,
            &mut code.constant,
            &mut code.keyword,
            &mut code.function,
            &mut code.type_name,
            &mut code.property,
        ]
    }

    /// Every style but `base`, by name, for checks over the whole theme.
    pub fn named_styles(&self) -> Vec<(String, Style)> {
        let mut copy = self.clone();
        let styles: Vec<Style> = copy.styles_mut().into_iter().map(|style| *style).collect();
        const NAMES: [&str; 32] = [
            "header",
            "header_title",
            "demo",
            "progress_done",
            "progress_todo",
            "key",
            "key_description",
            "border",
            "border_focused",
            "panel_title",
            "panel_title_focused",
            "tab",
            "tab_selected",
            "text",
            "muted",
            "heading",
            "bold",
            "inline_code",
            "bullet",
            "note",
            "note_label",
            "seed_wrong",
            "seed_fix",
            "ok",
            "bad",
            "warn",
            "scroll_hint",
            "selected",
            "line_number",
            "jwt_header",
            "jwt_payload",
            "jwt_signature",
        ];
        let code_names = self.code.by_kind().map(|(kind, _)| format!("code.{kind}"));
        NAMES.iter().map(|name| name.to_string()).chain(code_names).zip(styles).collect()
    }
}

/// xterm's default RGB for the 16 named colours and the fixed 256-colour entries; `None` for
/// `Reset` (the terminal's own colour).
pub fn xterm16(colour: Color) -> Option<Rgb> {
    Some(match colour {
        Color::Black => (0x00, 0x00, 0x00),
        Color::Red => (0xcd, 0x00, 0x00),
        Color::Green => (0x00, 0xcd, 0x00),
        Color::Yellow => (0xcd, 0xcd, 0x00),
        Color::Blue => (0x00, 0x00, 0xee),
        Color::Magenta => (0xcd, 0x00, 0xcd),
        Color::Cyan => (0x00, 0xcd, 0xcd),
        Color::Gray => (0xe5, 0xe5, 0xe5),
        Color::DarkGray => (0x7f, 0x7f, 0x7f),
        Color::LightRed => (0xff, 0x00, 0x00),
        Color::LightGreen => (0x00, 0xff, 0x00),
        Color::LightYellow => (0xff, 0xff, 0x00),
        Color::LightBlue => (0x5c, 0x5c, 0xff),
        Color::LightMagenta => (0xff, 0x00, 0xff),
        Color::LightCyan => (0x00, 0xff, 0xff),
        Color::White => (0xff, 0xff, 0xff),
        _ => return None,
    })
}

/// The RGB value a colour shows in xterm's default palette (`None`: the terminal's own colour).
pub fn xterm_rgb(colour: Color) -> Option<Rgb> {
    match colour {
        Color::Rgb(r, g, b) => Some((r, g, b)),
        Color::Indexed(index @ 16..=231) => {
            let level = |n: u8| if n == 0 { 0 } else { 55 + n * 40 };
            let n = index - 16;
            Some((level(n / 36), level(n / 6 % 6), level(n % 6)))
        }
        Color::Indexed(index @ 232..=255) => {
            let grey = 8 + (index - 232) * 10;
            Some((grey, grey, grey))
        }
        Color::Indexed(index) => xterm16(NAMED[usize::from(index)]),
        named => xterm16(named),
    }
}

/// The 16 named colours in palette order.
const NAMED: [Color; 16] = [
    Color::Black,
    Color::Red,
    Color::Green,
    Color::Yellow,
    Color::Blue,
    Color::Magenta,
    Color::Cyan,
    Color::Gray,
    Color::DarkGray,
    Color::LightRed,
    Color::LightGreen,
    Color::LightYellow,
    Color::LightBlue,
    Color::LightMagenta,
    Color::LightCyan,
    Color::White,
];

/// Palette entries every scheme redefines as background and text greys (Solarized's bright
/// black is its background): text never uses them on the terminal's own background.
pub const PALETTE_GREYS: [Color; 4] = [Color::Black, Color::DarkGray, Color::Gray, Color::White];

fn distance(a: Rgb, b: Rgb) -> u32 {
    let d = |x: u8, y: u8| (i32::from(x) - i32::from(y)).unsigned_abs();
    d(a.0, b.0).pow(2) + d(a.1, b.1).pow(2) + d(a.2, b.2).pow(2)
}

/// An RGB colour as the nearest entry of the 240 fixed xterm-256 colours (16-255: the first 16
/// follow the terminal's palette, so they are not fixed).
fn to_256(colour: Color) -> Color {
    let Color::Rgb(r, g, b) = colour else { return colour };
    (16..=255u8)
        .min_by_key(|&index| distance((r, g, b), xterm_rgb(Color::Indexed(index)).expect("fixed entry")))
        .map_or(colour, Color::Indexed)
}

/// A style for 16 colours on a background of `paper` (xterm's values).
fn to_16(style: Style, is_base: bool, paper: Rgb) -> Style {
    let painted = |colour: Option<Color>| colour.is_some_and(|c| xterm16(c).is_none() && c != Color::Reset);
    if painted(style.bg) {
        if is_base {
            // The terminal's own background and text colour stand in for the theme's paper and ink.
            return Style { fg: None, bg: None, ..style };
        }
        // A bar or a highlighted row: reverse video is readable in every palette.
        return Style { fg: None, bg: None, ..style }.add_modifier(Modifier::REVERSED);
    }
    let on_own_background = style.bg.is_none();
    let fg = style.fg.and_then(|colour| match colour {
        Color::Rgb(r, g, b) => nearest_readable((r, g, b), paper),
        named if on_own_background && PALETTE_GREYS.contains(&named) => None,
        other => Some(other),
    });
    Style { fg, ..style }
}

/// The named colour of the same hue as `colour` (within 45°) that reads at 4.5:1 on `paper` and
/// is not a palette grey, the most readable of them; `None` (the terminal's own text colour) for
/// a grey, or when no named colour of that hue reads: a green that cannot be readable is better
/// shown as plain text than as a readable red.
fn nearest_readable(colour: Rgb, paper: Rgb) -> Option<Color> {
    let target = hue(colour)?;
    NAMED
        .into_iter()
        .filter(|named| !PALETTE_GREYS.contains(named))
        .map(|named| (named, xterm16(named).expect("named")))
        .filter(|(_, rgb)| contrast(*rgb, paper) >= 4.5)
        .filter(|(_, rgb)| hue(*rgb).is_some_and(|h| hue_distance(h, target) <= 45.0))
        .max_by(|(_, a), (_, b)| contrast(*a, paper).total_cmp(&contrast(*b, paper)))
        .map(|(named, _)| named)
}

/// The hue in degrees, `None` for a grey (too little colour to have one).
fn hue((r, g, b): Rgb) -> Option<f64> {
    let (r, g, b) = (f64::from(r), f64::from(g), f64::from(b));
    let (max, min) = (r.max(g).max(b), r.min(g).min(b));
    let chroma = max - min;
    if chroma < 40.0 {
        return None;
    }
    let sector = if max == r {
        ((g - b) / chroma).rem_euclid(6.0)
    } else if max == g {
        (b - r) / chroma + 2.0
    } else {
        (r - g) / chroma + 4.0
    };
    Some(sector * 60.0)
}

fn hue_distance(a: f64, b: f64) -> f64 {
    let d = (a - b).abs() % 360.0;
    d.min(360.0 - d)
}

pub type Rgb = (u8, u8, u8);

/// WCAG relative luminance.
pub(crate) fn luminance((r, g, b): Rgb) -> f64 {
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

    const DEPTHS: [ColorDepth; 3] = [ColorDepth::TrueColor, ColorDepth::Ansi256, ColorDepth::Ansi16];

    /// The backgrounds a style is checked on: its own, the code background (code styles), the
    /// theme's paper, or, for a theme drawn on the terminal's own background, the usual ones of
    /// its kind (black, VS Code, One Dark, Solarized dark; white, Solarized light); 16-colour
    /// themes on xterm's black or white, the palette their named colours are resolved in.
    fn backgrounds(theme: &Theme, name: &str, style: Style, depth: ColorDepth) -> Vec<Rgb> {
        let code_background = if name.starts_with("code.") { theme.code_background } else { None };
        if let Some(own) = style.bg.or(code_background).or(theme.base.bg) {
            return vec![xterm_rgb(own).expect("a painted background has a fixed colour")];
        }
        let light = theme.name == ThemeName::Light;
        match (depth, light) {
            (ColorDepth::Ansi16, false) => vec![(0, 0, 0)],
            (ColorDepth::Ansi16, true) => vec![(0xff, 0xff, 0xff)],
            (_, false) => vec![(0, 0, 0), (0x1e, 0x1e, 0x1e), (0x28, 0x2c, 0x34), (0x00, 0x2b, 0x36)],
            (_, true) => vec![(0xff, 0xff, 0xff), (0xfd, 0xf6, 0xe3)],
        }
    }

    #[test]
    fn every_style_reads_at_4_5_to_1_on_its_background_in_every_colour_depth() {
        let (mut checked, mut failures) = (0, Vec::new());
        for name in [ThemeName::Dark, ThemeName::Light, ThemeName::HighContrast] {
            for depth in DEPTHS {
                let theme = Theme::for_terminal(name, depth);
                for (style_name, style) in theme.named_styles() {
                    let Some(fg) = style.fg.or(theme.base.fg) else {
                        // The terminal's own text colour (reversed or not) on its own background.
                        assert_eq!(
                            style.bg, None,
                            "{name} {depth:?} {style_name}: a background needs a text colour"
                        );
                        continue;
                    };
                    let code_background =
                        if style_name.starts_with("code.") { theme.code_background } else { None };
                    let on_terminal_background = style.bg.or(code_background).or(theme.base.bg).is_none();
                    assert!(
                        !(on_terminal_background && PALETTE_GREYS.contains(&fg)),
                        "{name} {depth:?} {style_name}: {fg:?} is a palette grey, which schemes like Solarized \
                         use as the background"
                    );
                    let rgb = xterm_rgb(fg).expect("a fixed colour");
                    for background in backgrounds(&theme, &style_name, style, depth) {
                        let ratio = contrast(rgb, background);
                        if ratio < 4.5 {
                            failures.push(format!(
                                "{name} {depth:?} {style_name}: {fg:?} is {ratio:.2}:1 on {background:?}"
                            ));
                        }
                        checked += 1;
                    }
                }
            }
        }
        assert!(failures.is_empty(), "below 4.5:1:\n{}", failures.join("\n"));
        assert!(checked > 300, "checked {checked} pairs");
    }

    #[test]
    fn fewer_colours_use_only_what_the_terminal_has() {
        for name in ThemeName::ALL {
            let is_named = |colour: Color| xterm16(colour).is_some() || colour == Color::Reset;
            let is_256 = |colour: Color| is_named(colour) || matches!(colour, Color::Indexed(_));
            let base = Theme::for_terminal(name, ColorDepth::Ansi16).base;
            let (styles_16, styles_256) = (
                Theme::for_terminal(name, ColorDepth::Ansi16).named_styles(),
                Theme::for_terminal(name, ColorDepth::Ansi256).named_styles(),
            );
            for (style_name, style) in styles_16.into_iter().chain([("base".to_string(), base)]) {
                for colour in [style.fg, style.bg].into_iter().flatten() {
                    assert!(is_named(colour), "{name} 16 colours: {style_name} uses {colour:?}");
                }
            }
            for (style_name, style) in styles_256 {
                for colour in [style.fg, style.bg].into_iter().flatten() {
                    assert!(is_256(colour), "{name} 256 colours: {style_name} uses {colour:?}");
                }
            }
        }
        // The true-colour dark theme keeps its RGB values; 256 colours get the nearest fixed entry.
        let dark = Theme::for_terminal(ThemeName::Dark, ColorDepth::TrueColor);
        assert_eq!(dark.muted.fg, Some(Color::Rgb(0x9d, 0xa5, 0xb0)));
        let dark_256 = Theme::for_terminal(ThemeName::Dark, ColorDepth::Ansi256);
        assert_eq!(dark_256.muted.fg, Some(Color::Indexed(248)));
        // 16 colours: a grey becomes the terminal's own text colour, a painted row reverse video.
        let dark_16 = Theme::for_terminal(ThemeName::Dark, ColorDepth::Ansi16);
        assert_eq!(dark_16.muted.fg, None);
        assert_eq!(
            (dark_16.selected.bg, dark_16.selected.add_modifier.contains(Modifier::REVERSED)),
            (None, true)
        );
    }

    #[test]
    fn coloured_themes_tell_focus_apart_from_the_rest() {
        for name in ThemeName::ALL {
            for depth in DEPTHS {
                let theme = Theme::for_terminal(name, depth);
                assert_ne!(theme.border, theme.border_focused, "{name} {depth:?}");
                assert_ne!(theme.tab, theme.tab_selected, "{name} {depth:?}");
                assert_ne!(theme.ok, theme.text, "{name} {depth:?}");
            }
            let theme = Theme::get(name);
            assert_ne!(theme.border, theme.border_focused, "{name}");
            assert_ne!(theme.tab, theme.tab_selected, "{name}");
            assert_ne!(theme.ok, theme.text, "{name}");
        }
    }
}
