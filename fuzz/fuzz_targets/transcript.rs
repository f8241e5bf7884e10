//! Any bytes as a transcript file: parsed into cues in time order, or refused with a message,
//! never a panic; what parses is placed on a session's timeline without panicking either.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match journey::transcript::parse(data) {
        Ok(t) => {
            assert!(t.cues.windows(2).all(|w| w[0].start <= w[1].start));
            let guide = journey::guide::builtin().expect("the built-in guide is valid");
            let mut s = journey::session::Session::new(&guide, journey::session::Meta::new("Fuzz"));
            s.record_visit("org.industry", 0, 60);
            s.record_visit("org.size", 60, 90);
            let _ = journey::transcript::align(&s, &t.cues, 12.5);
            let _ = journey::transcript::guess_roles(&t.speakers(), "Jane Doe", "Sam Lee");
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
