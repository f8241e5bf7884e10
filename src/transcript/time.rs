//! Times as transcripts write them: `hh:mm:ss.mmm` and `mm:ss.mmm` (WebVTT), `hh:mm:ss,mmm`
//! (SRT), `h:mm:ss` and `m:ss` (plain-text turns).

/// Seconds, from a time; `None` when it is not one.
pub fn parse(text: &str) -> Option<f64> {
    let text = text.trim();
    let (clock, fraction) = match text.find(['.', ',']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let parts: Vec<&str> = clock.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let mut seconds = 0u64;
    for (i, part) in parts.iter().enumerate() {
        let valid = !part.is_empty() && part.len() <= 3 && part.bytes().all(|b| b.is_ascii_digit());
        // Minutes and seconds after the first field have two digits and stay under 60.
        if !valid || (i > 0 && (part.len() != 2 || part.parse::<u64>().ok()? >= 60)) {
            return None;
        }
        seconds = seconds * 60 + part.parse::<u64>().ok()?;
    }
    let fraction = match fraction {
        None => 0.0,
        Some(f) if !f.is_empty() && f.len() <= 3 && f.bytes().all(|b| b.is_ascii_digit()) => {
            f.parse::<f64>().ok()? / 10f64.powi(f.len() as i32)
        }
        Some(_) => return None,
    };
    Some(seconds as f64 + fraction)
}

/// A cue's timing line: `START --> END`, settings after the end ignored. `None` when the line
/// has no arrow; `Some(Err(part))` names a side that is not a time.
pub fn timing(line: &str) -> Option<Result<(f64, f64), String>> {
    let (start, rest) = line.split_once("-->")?;
    let end = rest.split_whitespace().next().unwrap_or_default();
    Some(match (parse(start), parse(end)) {
        (Some(s), Some(e)) => Ok((s, e)),
        (None, _) => Err(start.trim().to_string()),
        (_, None) => Err(end.to_string()),
    })
}

/// Seconds as `h:mm:ss.mmm` or `mm:ss.mmm`, for messages.
pub fn show(seconds: f64) -> String {
    let ms = (seconds.abs() * 1000.0).round() as u64;
    let sign = if seconds < 0.0 { "-" } else { "" };
    let (h, m, s, ms) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    if h > 0 {
        format!("{sign}{h}:{m:02}:{s:02}.{ms:03}")
    } else {
        format!("{sign}{m:02}:{s:02}.{ms:03}")
    }
}
