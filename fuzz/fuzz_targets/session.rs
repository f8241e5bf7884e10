//! Any bytes as a session file: parsed or refused with a located message, never a panic; what
//! parses is assessed and exported without panicking either.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

fn guide() -> &'static journey::guide::Guide {
    static GUIDE: OnceLock<journey::guide::Guide> = OnceLock::new();
    GUIDE.get_or_init(|| journey::guide::builtin().expect("the built-in guide is valid"))
}

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz/2026-11-25-fuzz-0000.json");
    match journey::session::parse_session(path, data) {
        Ok(session) => {
            let guide = guide();
            let _ = journey::assess::assess(guide, &session);
            let export = journey::export::Export::new(guide, vec![session], true, journey::session::now());
            for format in [
                journey::export::Format::Markdown,
                journey::export::Format::Csv,
                journey::export::Format::Json,
                journey::export::Format::Html,
            ] {
                let _ = export.render(format);
            }
        }
        Err(e) => {
            let message = e.to_string();
            assert!(message.contains("2026-11-25-fuzz-0000.json"), "{message}");
        }
    }
});
