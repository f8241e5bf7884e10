//! A transcript file's bytes as text: UTF-8 with or without a byte-order mark, UTF-16 (little
//! or big endian) with one; anything else that is not UTF-8, or holds NUL bytes, is not text.

use super::ParseError;

/// The text of `bytes`, without its byte-order mark.
pub fn decode(bytes: &[u8]) -> Result<String, ParseError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(rest);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes);
    }
    utf8(bytes)
}

fn utf8(bytes: &[u8]) -> Result<String, ParseError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            if let Some(at) = text.find('\0') {
                return Err(ParseError::NotText(format!(
                    "line {}: a NUL byte (a binary file, or UTF-16 without a byte-order mark: save it as UTF-8)",
                    line_at(&bytes[..at])
                )));
            }
            Ok(text.to_string())
        }
        Err(e) => {
            let at = e.valid_up_to();
            Err(ParseError::NotText(format!(
                "line {}: bytes that are not UTF-8 (save the transcript as UTF-8 or UTF-16 with a byte-order mark)",
                line_at(&bytes[..at])
            )))
        }
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, ParseError> {
    if !bytes.len().is_multiple_of(2) {
        return Err(ParseError::NotText(
            "UTF-16 with an odd number of bytes (the file is cut short)".into(),
        ));
    }
    let units = bytes.chunks_exact(2).map(|p| unit([p[0], p[1]]));
    let mut text = String::with_capacity(bytes.len() / 2);
    for c in char::decode_utf16(units) {
        match c {
            Ok('\0') | Err(_) => {
                return Err(ParseError::NotText(format!(
                    "line {}: a character that is not UTF-16 text",
                    text.matches('\n').count() + 1
                )))
            }
            Ok(c) => text.push(c),
        }
    }
    Ok(text)
}

/// The line (from 1) a byte offset falls on.
fn line_at(before: &[u8]) -> usize {
    before.iter().filter(|b| **b == b'\n').count() + 1
}
