//! A small scanner of Rust source for the architecture test: comments and literals blanked,
//! `mod` declarations, and the paths a line names.

use std::collections::BTreeMap;

/// The text with comments, strings and character literals replaced by spaces (line breaks kept),
/// so braces and paths inside them are not read as code.
pub fn blank(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let keep_lines = |c: char| if c == '\n' { '\n' } else { ' ' };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(keep_lines(chars[i]));
                    i += 1;
                }
            }
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && !ident_before(&chars, i) {
            // A raw string: r"…", r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let close: String = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let body: String = chars[j + 1..].iter().collect();
            let len = body.find(&close).map_or(body.len(), |n| n + close.len());
            for ch in chars[i..(j + 1 + body[..len].chars().count()).min(chars.len())].iter() {
                out.push(keep_lines(*ch));
            }
            i = j + 1 + body[..len].chars().count();
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < chars.len() {
                    out.push(keep_lines(chars[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && is_char_literal(&chars, i) {
            let end = if chars[i + 1] == '\\' {
                (i + 3..chars.len())
                    .find(|&j| chars[j] == '\'')
                    .unwrap_or(i)
            } else {
                i + 2
            };
            for _ in i..=end {
                out.push(' ');
            }
            i = end + 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

pub fn ident_before(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

/// `'x'`, `'\n'`, `'\''`, `'{'`: a character literal, not a lifetime (`'a`).
pub fn is_char_literal(chars: &[char], i: usize) -> bool {
    matches!(
        (chars.get(i + 1), chars.get(i + 2)),
        (Some('\\'), _) | (Some(_), Some('\''))
    )
}

/// `mod name;` declarations (not inline `mod name { … }`), with whether each is public.
pub fn declared_modules(code: &str) -> BTreeMap<String, bool> {
    let mut out = BTreeMap::new();
    for line in code.lines() {
        let line = line.trim();
        let (public, rest) = match line.strip_prefix("pub") {
            Some(rest) if rest.starts_with('(') => {
                let inner = rest[1..].split(')').next().unwrap_or("");
                (
                    inner.trim() == "crate",
                    rest.split_once(')').map_or("", |r| r.1),
                )
            }
            Some(rest) => (true, rest),
            None => (false, line),
        };
        if let Some(name) = rest.trim().strip_prefix("mod ") {
            if let Some(name) = name.trim().strip_suffix(';') {
                out.insert(name.trim().to_string(), public);
            }
        }
    }
    out
}

/// `mod name {` on a line: an inline module's name.
pub fn inline_module(line: &str) -> Option<String> {
    let rest = line.strip_prefix("pub ").unwrap_or(line);
    let rest = rest.strip_prefix("mod ")?;
    let (name, tail) = rest.split_once(|c: char| !(c.is_alphanumeric() || c == '_'))?;
    (tail.trim_start().starts_with('{') || rest[name.len()..].trim_start().starts_with('{'))
        .then(|| name.to_string())
}

/// The `a::b::c` paths in a line, with `use` groups (`a::{b, c::d}`) expanded one path each.
pub fn paths_in_line(line: &str) -> Vec<Vec<String>> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts = !ident_before(&chars, i)
            && (chars[i].is_alphabetic() || chars[i] == '_')
            && (i == 0 || chars[i - 1] != ':');
        if starts {
            let (paths, end) = path_at(&chars, i);
            out.extend(paths.into_iter().filter(|p| p.len() > 1));
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// The path (or paths, through a `{…}` group) starting at `i`, and where it ends.
pub fn path_at(chars: &[char], mut i: usize) -> (Vec<Vec<String>>, usize) {
    let mut segments = Vec::new();
    loop {
        let start = i;
        while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
            i += 1;
        }
        if i == start {
            break;
        }
        segments.push(chars[start..i].iter().collect::<String>());
        if chars.get(i) == Some(&':') && chars.get(i + 1) == Some(&':') {
            i += 2;
            if chars.get(i) == Some(&'{') {
                // A group: each member continues the path.
                let mut out = Vec::new();
                i += 1;
                loop {
                    while chars.get(i).is_some_and(|c| c.is_whitespace() || *c == ',') {
                        i += 1;
                    }
                    match chars.get(i) {
                        None => return (vec![segments], i),
                        Some('}') => return (out_or(out, segments), i + 1),
                        Some(_) => {
                            let (inner, end) = path_at(chars, i);
                            if end == i {
                                i += 1;
                                continue;
                            }
                            for p in inner {
                                out.push(segments.iter().cloned().chain(p).collect());
                            }
                            i = end;
                            // Skip `as name`.
                            while chars.get(i).is_some_and(|c| *c != ',' && *c != '}') {
                                i += 1;
                            }
                        }
                    }
                }
            }
        } else {
            break;
        }
    }
    (vec![segments], i)
}

pub fn out_or(out: Vec<Vec<String>>, segments: Vec<String>) -> Vec<Vec<String>> {
    if out.is_empty() {
        vec![segments]
    } else {
        out
    }
}
