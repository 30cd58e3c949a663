//! What the terminal can show, decided from what it and the environment say: how many colours
//! (`COLORTERM`, `TERM`), whether its background is dark or light (its answer to a colour query,
//! else `COLORFGBG`), and whether it can draw anything beyond ASCII (the locale, `TERM=linux`).
//!
//! Everything here is a pure function of the values it is given, so tests fake a terminal by
//! passing them; `tui` reads the real environment and asks the real terminal.

use super::{Rgb, ThemeName, luminance};

/// The environment variable that picks a theme when `--theme` does not (`auto` by default).
pub const THEME_ENV: &str = "JWT_TUTOR_THEME";

/// How many colours the terminal draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ColorDepth {
    /// 24-bit RGB (`COLORTERM=truecolor` or `24bit`).
    TrueColor,
    /// The xterm 256-colour palette (`TERM=*-256color`).
    Ansi256,
    /// The 16 named colours, whose RGB values each terminal's palette decides.
    Ansi16,
}

impl ColorDepth {
    /// From `COLORTERM` and `TERM`, as terminals set them: `COLORTERM=truecolor|24bit` promises
    /// 24-bit colour; a `TERM` naming 256 colours (`xterm-256color`, `tmux-256color`) or a
    /// `truecolor`/`direct` terminfo entry gives that; anything else (the Linux console, `xterm`,
    /// `vt100`, `screen`, no `TERM`) gets the 16 colours every colour terminal has.
    pub fn detect(colorterm: Option<&str>, term: Option<&str>) -> Self {
        let colorterm = colorterm.unwrap_or("").to_ascii_lowercase();
        if colorterm == "truecolor" || colorterm == "24bit" {
            return Self::TrueColor;
        }
        let term = term.unwrap_or("").to_ascii_lowercase();
        if term.ends_with("-direct") || term.contains("truecolor") || term.contains("24bit") {
            Self::TrueColor
        } else if term.contains("256col") {
            Self::Ansi256
        } else {
            Self::Ansi16
        }
    }
}

/// The terminal's background, as far as the theme cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Background {
    Dark,
    Light,
}

impl Background {
    /// From the terminal's answer to the colour query (its foreground and background): light
    /// when the background is the lighter of the two, or (same lightness) a light colour itself.
    pub fn from_palette(foreground: Rgb, background: Rgb) -> Self {
        let (fg, bg) = (luminance(foreground), luminance(background));
        if bg > fg || (bg == fg && bg > 0.5) { Self::Light } else { Self::Dark }
    }

    /// From `COLORFGBG` (`"15;0"`, rxvt's `"0;default;15"`): the last field is the background's
    /// palette index; 7 and 9-15 are the light ones. `None` when it says nothing usable.
    pub fn from_colorfgbg(value: &str) -> Option<Self> {
        let index: u8 = value.rsplit(';').next()?.trim().parse().ok()?;
        match index {
            7 | 9..=15 => Some(Self::Light),
            0..=6 | 8 => Some(Self::Dark),
            _ => None,
        }
    }
}

/// `--theme`: `auto` (dark or light as the terminal's background is) or a theme by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeChoice {
    #[default]
    Auto,
    Named(ThemeName),
}

impl ThemeChoice {
    /// Every name `--theme` accepts.
    pub const NAMES: [&'static str; 5] = ["auto", "dark", "light", "high-contrast", "mono"];

    /// The theme asked for by name; `None` for `auto`.
    pub fn named(self) -> Option<ThemeName> {
        match self {
            Self::Auto => None,
            Self::Named(name) => Some(name),
        }
    }
}

impl std::str::FromStr for ThemeChoice {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        if text.eq_ignore_ascii_case("auto") {
            return Ok(Self::Auto);
        }
        text.parse()
            .map(Self::Named)
            .map_err(|_| format!("unknown theme '{text}': choose auto, dark, light, high-contrast or mono"))
    }
}

/// What the command line and the environment say about the theme.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ThemeInputs {
    /// `--theme NAME`; `None` for `auto` (the default).
    pub flag: Option<ThemeName>,
    /// `JWT_TUTOR_THEME`, used when `--theme` is `auto`.
    pub env_theme: Option<String>,
    /// `--no-color`.
    pub no_color_flag: bool,
    /// `NO_COLOR`: any non-empty value means no colour (<https://no-color.org>).
    pub no_color_env: Option<String>,
    /// `COLORFGBG`, when the terminal does not answer the colour query.
    pub colorfgbg: Option<String>,
}

impl ThemeInputs {
    /// Whether the theme depends on the terminal's background, so it is worth asking it.
    pub fn needs_background(&self) -> bool {
        !self.no_colour() && self.flag.is_none() && self.by_env().is_none()
    }

    fn no_colour(&self) -> bool {
        self.no_color_flag || self.no_color_env.as_deref().is_some_and(|value| !value.is_empty())
    }

    fn by_env(&self) -> Option<&str> {
        self.env_theme
            .as_deref()
            .map(str::trim)
            .filter(|name| !name.is_empty() && !name.eq_ignore_ascii_case("auto"))
    }

    /// The theme: no colour wins (`--no-color`, `NO_COLOR`); then `--theme NAME`; then
    /// `JWT_TUTOR_THEME`; then `auto`: light or dark for the terminal's `answer` to the colour
    /// query, else for `COLORFGBG`, else dark. An unknown name in the variable is an error.
    pub fn choose(&self, answer: Option<Background>) -> Result<ThemeName, String> {
        if self.no_colour() {
            return Ok(ThemeName::Mono);
        }
        if let Some(name) = self.flag {
            return Ok(name);
        }
        if let Some(name) = self.by_env() {
            return name.parse().map_err(|why| format!("{THEME_ENV}: {why}"));
        }
        let background = answer.or_else(|| self.colorfgbg.as_deref().and_then(Background::from_colorfgbg));
        Ok(match background {
            Some(Background::Light) => ThemeName::Light,
            Some(Background::Dark) | None => ThemeName::Dark,
        })
    }
}

/// Whether the terminal can draw Unicode (box drawing, ✓ ✗, the braille spinner): not when the
/// locale's character set is not UTF-8 (the first of `LC_ALL`, `LC_CTYPE`, `LANG` that is set
/// decides, as in C's `setlocale`; none set is the "C" locale), nor on the Linux console
/// (`TERM=linux`), whose fonts lack most of those characters.
pub fn unicode_ok(
    lc_all: Option<&str>,
    lc_ctype: Option<&str>,
    lang: Option<&str>,
    term: Option<&str>,
) -> bool {
    if term == Some("linux") {
        return false;
    }
    let locale = [lc_all, lc_ctype, lang].into_iter().flatten().find(|value| !value.is_empty());
    locale.is_some_and(|locale| {
        let charset = locale.split('.').nth(1).unwrap_or("").split('@').next().unwrap_or("");
        charset.eq_ignore_ascii_case("utf-8") || charset.eq_ignore_ascii_case("utf8")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auto() -> ThemeInputs {
        ThemeInputs::default()
    }

    fn owned(value: &str) -> Option<String> {
        Some(value.to_string())
    }

    #[test]
    fn auto_follows_the_terminal_answer_then_colorfgbg_then_dark() {
        let white_paper = Background::from_palette((0x22, 0x22, 0x22), (0xff, 0xff, 0xff));
        let black_paper = Background::from_palette((0xdd, 0xdd, 0xdd), (0x00, 0x00, 0x00));
        let solarized_light = Background::from_palette((0x65, 0x7b, 0x83), (0xfd, 0xf6, 0xe3));
        assert_eq!(auto().choose(Some(white_paper)), Ok(ThemeName::Light));
        assert_eq!(auto().choose(Some(black_paper)), Ok(ThemeName::Dark));
        assert_eq!(auto().choose(Some(solarized_light)), Ok(ThemeName::Light));
        // The answer wins over COLORFGBG, which is only a fallback.
        let dark_colorfgbg = ThemeInputs { colorfgbg: owned("15;0"), ..auto() };
        assert_eq!(dark_colorfgbg.choose(Some(Background::Light)), Ok(ThemeName::Light));
        assert_eq!(dark_colorfgbg.choose(None), Ok(ThemeName::Dark));
        let light_colorfgbg = ThemeInputs { colorfgbg: owned("0;default;15"), ..auto() };
        assert_eq!(light_colorfgbg.choose(None), Ok(ThemeName::Light));
        assert_eq!(ThemeInputs { colorfgbg: owned("garbage"), ..auto() }.choose(None), Ok(ThemeName::Dark));
        assert_eq!(auto().choose(None), Ok(ThemeName::Dark));
    }

    #[test]
    fn the_flag_beats_the_variable_which_beats_the_background() {
        let env_light = ThemeInputs { env_theme: owned("light"), ..auto() };
        assert_eq!(env_light.choose(Some(Background::Dark)), Ok(ThemeName::Light));
        assert!(!env_light.needs_background());
        let flag_contrast = ThemeInputs { flag: Some(ThemeName::HighContrast), ..env_light.clone() };
        assert_eq!(flag_contrast.choose(Some(Background::Light)), Ok(ThemeName::HighContrast));
        let env_auto = ThemeInputs { env_theme: owned("auto"), ..auto() };
        assert!(env_auto.needs_background());
        assert_eq!(env_auto.choose(Some(Background::Light)), Ok(ThemeName::Light));
        assert_eq!(
            ThemeInputs { env_theme: owned("neon"), ..auto() }.choose(None),
            Err("JWT_TUTOR_THEME: unknown theme 'neon': choose dark, light, high-contrast or mono".into())
        );
    }

    #[test]
    fn no_color_wins_over_everything_and_needs_no_question() {
        let no_color = ThemeInputs { flag: Some(ThemeName::Light), no_color_env: owned("1"), ..auto() };
        assert_eq!(no_color.choose(Some(Background::Light)), Ok(ThemeName::Mono));
        assert!(!no_color.needs_background());
        // An empty NO_COLOR does not count, per no-color.org.
        assert_eq!(ThemeInputs { no_color_env: owned(""), ..auto() }.choose(None), Ok(ThemeName::Dark));
        assert_eq!(ThemeInputs { no_color_flag: true, ..auto() }.choose(None), Ok(ThemeName::Mono));
    }

    #[test]
    fn colour_depth_follows_colorterm_then_term() {
        use ColorDepth::*;
        let cases = [
            (Some("truecolor"), Some("xterm-256color"), TrueColor),
            (Some("24bit"), Some("linux"), TrueColor),
            (None, Some("xterm-direct"), TrueColor),
            (None, Some("xterm-256color"), Ansi256),
            (Some(""), Some("tmux-256color"), Ansi256),
            (None, Some("screen.xterm-256color"), Ansi256),
            (None, Some("xterm"), Ansi16),
            (None, Some("linux"), Ansi16),
            (None, Some("vt100"), Ansi16),
            (None, None, Ansi16),
        ];
        for (colorterm, term, expected) in cases {
            assert_eq!(ColorDepth::detect(colorterm, term), expected, "{colorterm:?} {term:?}");
        }
    }

    #[test]
    fn unicode_needs_a_utf8_locale_and_not_the_linux_console() {
        let xterm = Some("xterm-256color");
        assert!(unicode_ok(None, None, Some("en_GB.UTF-8"), xterm));
        assert!(unicode_ok(None, Some("C.utf8"), Some("C"), xterm));
        assert!(unicode_ok(Some("de_DE.UTF-8@euro"), None, None, xterm));
        assert!(!unicode_ok(None, None, Some("C"), xterm));
        assert!(!unicode_ok(None, None, None, xterm));
        assert!(!unicode_ok(None, None, Some("en_US.ISO-8859-1"), xterm));
        // LC_ALL overrides LANG, whichever way.
        assert!(!unicode_ok(Some("C"), None, Some("en_US.UTF-8"), xterm));
        assert!(!unicode_ok(None, None, Some("en_US.UTF-8"), Some("linux")));
    }
}
