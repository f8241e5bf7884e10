//! Any text as a guide: parsed and checked, or refused with `FILE:LINE:COLUMN`, never a panic; a
//! guide that passes its checks can be used to assess a session.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match journey::guide::parse("fuzz.json", text) {
        Ok(guide) => {
            if journey::guide::check(&guide).is_empty() {
                let meta = journey::session::Meta {
                    customer: "Fuzz".into(),
                    customer_id: String::new(),
                    participant: String::new(),
                    role: String::new(),
                    interviewer: String::new(),
                    consent: false,
                    started: journey::session::now(),
                    updated: journey::session::now(),
                    finished: None,
                    aliases: Default::default(),
                };
                let session = journey::session::Session::new(&guide, meta);
                let _ = journey::assess::assess(&guide, &session);
            }
        }
        Err(e) => assert!(e.to_string().starts_with("fuzz.json:"), "{e}"),
    }
});
