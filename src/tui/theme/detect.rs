//! Whether the terminal's background is light: `COLORFGBG` when the terminal sets it (rxvt,
//! Konsole, iTerm2), else the terminal's answer to an OSC 11 query, asked only on a terminal and
//! waited for briefly (a Device Attributes query after it ends the wait at once on a terminal
//! that ignores OSC 11). `None` when nothing tells.

use std::io::{Read, Write};
use std::time::{Duration, Instant};

/// The longest journey waits for the terminal's answers. Nearly every terminal answers Device
/// Attributes at once, which ends the wait; the bound is for one that answers neither, and long
/// enough for a slow SSH link, whose late answer would otherwise arrive as keys.
const ANSWER_WAIT: Duration = Duration::from_millis(1000);

/// Whether the background is light, as far as the environment and the terminal tell.
pub fn background_is_light() -> Option<bool> {
    if let Some(light) = std::env::var("COLORFGBG").ok().and_then(|v| colorfgbg(&v)) {
        return Some(light);
    }
    query_terminal()
}

/// `COLORFGBG` is `fg;bg` (or `fg;default;bg`): the background's number among the 16 basic
/// colours; 7 (white) and 9–15 (the bright ones) are light.
pub fn colorfgbg(value: &str) -> Option<bool> {
    let bg: u8 = value.rsplit(';').next()?.trim().parse().ok()?;
    match bg {
        0..=6 | 8 => Some(false),
        7 | 9..=15 => Some(true),
        _ => None,
    }
}

/// An OSC 11 answer, `ESC ] 11 ; rgb:RRRR/GGGG/BBBB` (1 to 4 hex digits a channel): whether
/// the colour is light (relative luminance over one half).
pub fn osc11_is_light(answer: &str) -> Option<bool> {
    let rgb = answer.split("rgb:").nth(1)?;
    let mut channels = rgb.split('/').map(|c| {
        let hex: String = c.chars().take_while(char::is_ascii_hexdigit).collect();
        let max = 16f64.powi(hex.len() as i32) - 1.0;
        u32::from_str_radix(&hex, 16)
            .ok()
            .filter(|_| !hex.is_empty() && hex.len() <= 4)
            .map(|v| f64::from(v) / max)
    });
    let (r, g, b) = (channels.next()??, channels.next()??, channels.next()??);
    Some(0.2126 * r + 0.7152 * g + 0.0722 * b > 0.5)
}

#[cfg(unix)]
fn query_terminal() -> Option<bool> {
    use std::io::IsTerminal;
    use std::os::unix::fs::OpenOptionsExt;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return None;
    }
    let mut tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(libc::O_NONBLOCK)
        .open("/dev/tty")
        .ok()?;
    ratatui::crossterm::terminal::enable_raw_mode().ok()?;
    let answer = ask(&mut tty);
    let _ = ratatui::crossterm::terminal::disable_raw_mode();
    osc11_is_light(&answer?)
}

#[cfg(not(unix))]
fn query_terminal() -> Option<bool> {
    None
}

/// Sends OSC 11 then Device Attributes, and reads until the attributes' answer (`ESC [ ? … c`)
/// or the wait is over; what came before it is the OSC 11 answer, if the terminal gave one.
fn ask(tty: &mut std::fs::File) -> Option<String> {
    tty.write_all(b"\x1b]11;?\x07\x1b[c").ok()?;
    tty.flush().ok()?;
    let start = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 256];
    while start.elapsed() < ANSWER_WAIT {
        match tty.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(_) => break,
        }
        let text = String::from_utf8_lossy(&got);
        if let Some(at) = text.find("\x1b[?") {
            if text[at..].contains('c') {
                return Some(text[..at].to_string());
            }
        }
    }
    Some(String::from_utf8_lossy(&got).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colorfgbg_names_the_background_last() {
        assert_eq!(colorfgbg("15;0"), Some(false));
        assert_eq!(colorfgbg("0;15"), Some(true));
        assert_eq!(colorfgbg("0;default;7"), Some(true));
        assert_eq!(colorfgbg("12;8"), Some(false));
        assert_eq!(colorfgbg("15;default"), None);
        assert_eq!(colorfgbg(""), None);
        assert_eq!(colorfgbg("0;99"), None);
    }

    #[test]
    fn osc11_answers_read_at_any_depth() {
        assert_eq!(osc11_is_light("\x1b]11;rgb:ffff/ffff/ffff\x07"), Some(true));
        assert_eq!(
            osc11_is_light("\x1b]11;rgb:0000/0000/0000\x1b\\"),
            Some(false)
        );
        assert_eq!(osc11_is_light("\x1b]11;rgb:fd/f6/e3\x07"), Some(true));
        assert_eq!(osc11_is_light("\x1b]11;rgb:28/2c/34\x07"), Some(false));
        assert_eq!(osc11_is_light(""), None);
        assert_eq!(osc11_is_light("\x1b]11;rgb:zz/00/00\x07"), None);
    }
}
