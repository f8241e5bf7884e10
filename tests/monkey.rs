//! Random keys on every screen, drawn at random sizes after every key: journey must never panic,
//! and every session on disk must still parse afterwards.
//!
//! `PROPTEST_CASES=500 cargo test --release --test monkey` for a longer run.

mod common;

use std::time::{Duration, Instant};

use journey::session::Store;
use journey::tui::{App, Launch};
use proptest::prelude::*;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;

/// Keys a person could press anywhere, weighted towards the ones that move between screens.
fn key() -> impl Strategy<Value = KeyEvent> {
    let plain = prop_oneof![
        4 => prop::sample::select(vec![
            KeyCode::PageDown, KeyCode::PageUp, KeyCode::Enter, KeyCode::Esc, KeyCode::Tab,
            KeyCode::BackTab, KeyCode::Up, KeyCode::Down, KeyCode::Left, KeyCode::Right,
            KeyCode::Home, KeyCode::End, KeyCode::Backspace, KeyCode::Delete,
        ]),
        2 => (1u8..=12).prop_map(KeyCode::F),
        6 => prop::sample::select(
            "nbqeadxsSTuyImgti/cfrop?F][jkzv 0123456789éあ🙂\u{1b}\u{202e}"
                .chars()
                .collect::<Vec<_>>()
        )
        .prop_map(KeyCode::Char),
    ];
    let modifiers = prop_oneof![
        8 => Just(KeyModifiers::NONE),
        1 => Just(KeyModifiers::SHIFT),
        // Ctrl with a letter: S, T, O, F, N, P, W, K, U, R (never Q or C: they end the run).
        1 => Just(KeyModifiers::CONTROL),
        1 => Just(KeyModifiers::ALT),
    ];
    (plain, modifiers).prop_map(|(code, modifiers)| {
        let modifiers = match code {
            KeyCode::Char('q' | 'c') if modifiers == KeyModifiers::CONTROL => KeyModifiers::NONE,
            _ => modifiers,
        };
        KeyEvent::new(code, modifiers)
    })
}

fn size() -> impl Strategy<Value = (u16, u16)> {
    prop_oneof![
        Just((120, 40)),
        Just((80, 24)),
        Just((60, 20)),
        Just((40, 12)),
        (1u16..200, 1u16..70),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_keys_never_break_journey(
        keys in prop::collection::vec((key(), size()), 1..250),
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("store");
        let guide = common::guide();
        let mut rng = common::synth::Rng(7);
        for n in 0..4 {
            store
                .save(&common::synth::session(&mut rng, &guide, n))
                .expect("save");
        }
        let t0 = Instant::now();
        let mut app = App::new(guide, store.clone(), Launch::Home, t0);
        for (step, (key, (width, height))) in keys.into_iter().enumerate() {
            let now = t0 + Duration::from_millis(300 * step as u64);
            app.handle_key(key, now);
            app.tick(now);
            let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
            terminal.draw(|f| app.draw(f, now)).expect("draw");
        }
        app.save(t0 + Duration::from_secs(3600), false);
        let listing = store.list().expect("list");
        prop_assert!(listing.problems.is_empty(), "{:?}", listing.problems);
    }
}
