use super::*;

fn said(t: &Transcript) -> Vec<(f64, Option<&str>, &str)> {
    t.cues
        .iter()
        .map(|c| (c.start, c.speaker.as_deref(), c.text.as_str()))
        .collect()
}

#[test]
fn zoom_names_the_speaker_in_a_prefix() {
    let vtt = "WEBVTT\n\n1\n00:00:01.500 --> 00:00:04.000\nJane Doe: We moved Exchange\nonto VMware.\n\n2\n00:00:04.000 --> 00:00:06.250\nAlex Kim: When?\n";
    let t = parse(vtt.as_bytes()).expect("parse");
    assert_eq!(t.format, Format::WebVtt);
    assert_eq!(
        said(&t),
        [
            (1.5, Some("Jane Doe"), "We moved Exchange onto VMware."),
            (4.0, Some("Alex Kim"), "When?")
        ]
    );
    assert_eq!(t.cues[1].end, 6.25);
}

#[test]
fn teams_voice_spans_are_speakers_and_cues_come_in_time_order() {
    let vtt = "WEBVTT\n\nab12/3-0\n00:00:09.000 --> 00:00:10.000\n<v Alex Kim>Next one.</v>\n\nab12/1-0\n00:00:02.000 --> 00:00:05.000\n<v Jane Doe>Storage &amp; licences, <i>mostly</i>.</v>\n";
    let t = parse(vtt.as_bytes()).expect("parse");
    assert_eq!(
        said(&t),
        [
            (2.0, Some("Jane Doe"), "Storage & licences, mostly."),
            (9.0, Some("Alex Kim"), "Next one.")
        ]
    );
}

#[test]
fn header_metadata_cue_settings_and_inline_times_are_not_text() {
    // As captions come from Meet's and YouTube's players: a header block with metadata,
    // settings after the end time, word times and classes inside the text.
    let vtt = "WEBVTT\nKind: captions\nLanguage: en\n\nSTYLE\n::cue { color: white }\n\n00:00:01.000 --> 00:00:03.000 align:start position:0%\nwe<00:00:01.500><c> moved</c><00:00:02.000><c> Exchange</c>\n";
    let t = parse(vtt.as_bytes()).expect("parse");
    assert_eq!(said(&t), [(1.0, None, "we moved Exchange")]);
    assert_eq!(t.cues[0].end, 3.0);
}

#[test]
fn a_colon_in_a_sentence_is_not_a_speaker() {
    let vtt = "WEBVTT\n\n00:01.000 --> 00:02.000\nSo: we moved.\n\n00:02.000 --> 00:03.000\nYes.\n\n00:03.000 --> 00:04.000\nRight.\n";
    let t = parse(vtt.as_bytes()).expect("parse");
    assert_eq!(t.cues[0].speaker, None);
    assert_eq!(t.cues[0].text, "So: we moved.");
}

#[test]
fn srt_with_commas_and_crlf_and_a_bom() {
    let srt = "\u{feff}1\r\n00:00:01,000 --> 00:00:02,500\r\nJane Doe: Hello.\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nAlex Kim: Hi.\r\n";
    let t = parse(srt.as_bytes()).expect("parse");
    assert_eq!(t.format, Format::Srt);
    assert_eq!(said(&t)[1], (3.0, Some("Alex Kim"), "Hi."));
    assert_eq!(t.cues[0].end, 2.5);
}

#[test]
fn utf16_with_a_bom_either_way() {
    let text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Zoë>Société Générale.</v>\n";
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    for bytes in [le, be] {
        let t = parse(&bytes).expect("parse");
        assert_eq!(said(&t), [(1.0, Some("Zoë"), "Société Générale.")]);
    }
}

#[test]
fn otter_turns_and_bracketed_turns() {
    let otter = "Jane Doe  0:49\nWe moved Exchange\nlast spring.\n\nAlex Kim  1:02:03\nWhy?\n";
    let t = parse(otter.as_bytes()).expect("parse");
    assert_eq!(t.format, Format::Text);
    assert_eq!(
        said(&t),
        [
            (49.0, Some("Jane Doe"), "We moved Exchange last spring."),
            (3723.0, Some("Alex Kim"), "Why?")
        ]
    );
    assert_eq!(t.cues[0].end, 3723.0);
    let stamped = "[00:12:31] Jane Doe: We moved.\n[00:12:40] Alex Kim: When?\nand why?\n";
    let t = parse(stamped.as_bytes()).expect("parse");
    assert_eq!(said(&t)[1], (760.0, Some("Alex Kim"), "When? and why?"));
}

#[test]
fn errors_name_the_line() {
    let no_time = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nHi.\n\n2\nNo time here.\n";
    assert_eq!(
        parse(no_time.as_bytes()),
        Err(ParseError::NoTime {
            line: 7,
            text: "2".into()
        })
    );
    let backwards = "WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nHi.\n";
    let e = parse(backwards.as_bytes()).expect_err("backwards");
    assert_eq!(
        e.to_string(),
        "line 3: the cue ends (00:02.000) before it starts (00:05.000)"
    );
    let bad = "1\n00:00:01,000 --> 00:0x:02,000\nHi.\n";
    assert!(matches!(
        parse(bad.as_bytes()),
        Err(ParseError::BadTime { line: 2, .. })
    ));
    assert!(matches!(
        parse(b"\x89PNG\r\n\x1a\n\0\0\0"),
        Err(ParseError::NotText(_))
    ));
    assert_eq!(parse(b"just some words\n"), Err(ParseError::Unknown));
    let before = "Minutes of the call\nJane Doe  0:49\nHello.\n";
    assert!(matches!(
        parse(before.as_bytes()),
        Err(ParseError::BeforeFirstTurn { line: 1, .. })
    ));
}

#[test]
fn roles_are_guessed_from_the_session_names() {
    let speakers = ["Alex Kim (Host)", "jane.doe", "Bob"];
    let roles = guess_roles(&speakers, "Jane Doe", "Alex Kim");
    assert_eq!(roles.participant.as_deref(), Some("jane.doe"));
    assert_eq!(roles.interviewer.as_deref(), Some("Alex Kim (Host)"));
    let two = ["Speaker 1", "Jane D."];
    let roles = guess_roles(&two, "Jane Dupont", "Sam");
    assert_eq!(roles.participant.as_deref(), Some("Jane D."));
    assert_eq!(roles.interviewer.as_deref(), Some("Speaker 1"));
}

#[test]
fn thirty_thousand_cues_parse() {
    let mut vtt = String::from("WEBVTT\n\n");
    for i in 0..30_000u32 {
        let (s, e) = (i * 3, i * 3 + 2);
        vtt.push_str(&format!(
            "{i}\n{:02}:{:02}:{:02}.000 --> {:02}:{:02}:{:02}.500\nJane Doe: We moved Exchange onto VMware last spring, cue {i}.\n\n",
            s / 3600, s / 60 % 60, s % 60, e / 3600, e / 60 % 60, e % 60
        ));
    }
    assert!(vtt.len() > 2_000_000);
    let t = parse(vtt.as_bytes()).expect("parse");
    assert_eq!(t.cues.len(), 30_000);
    assert_eq!(t.speakers(), ["Jane Doe"]);
}

#[test]
fn a_failed_save_attaches_nothing_half_way() {
    use crate::session::{Meta, SaveStep, Session, Store};
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let guide = crate::guide::builtin().expect("guide");
    let file = dir.path().join("call.vtt");
    std::fs::write(&file, "WEBVTT\n\n00:01.000 --> 00:02.000\nHi.\n").expect("write");
    for fault in SaveStep::ALL {
        let mut s = Session::new(&guide, Meta::new("Acme"));
        store.create(&mut s).expect("create");
        let before = std::fs::read(store.path(&s.id)).expect("session");
        let failing = store.clone().with_faults(std::sync::Arc::new(move |step| {
            if step == fault {
                Err(std::io::Error::other("disk full"))
            } else {
                Ok(())
            }
        }));
        let err = attach(&failing, &s.id, &file, Some(0.0), Roles::default()).expect_err("fails");
        assert!(err.to_string().contains("disk full"), "{err}");
        let on_disk = store.load(&s.id).expect("load");
        let kept = store.transcripts_dir().join(format!("{}.vtt", s.id));
        // The session records the transcript exactly when its file is there.
        assert_eq!(
            on_disk.transcripts.len(),
            usize::from(kept.exists()),
            "{fault:?}"
        );
        if matches!(
            fault,
            SaveStep::CreateTemp | SaveStep::WriteTemp | SaveStep::SyncTemp
        ) {
            assert_eq!(std::fs::read(store.path(&s.id)).expect("session"), before);
            assert!(!kept.exists(), "{fault:?}");
        }
    }
    // With a disk that works, the same call attaches it.
    let mut s = Session::new(&guide, Meta::new("Acme"));
    store.create(&mut s).expect("create");
    let done = attach(&store, &s.id, &file, Some(0.0), Roles::default()).expect("attach");
    assert!(done.path.exists() && !done.again);
}

mod any_input {
    use proptest::prelude::*;

    /// Lines made of the pieces transcripts are made of, in any order.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("WEBVTT".to_string()),
            Just(String::new()),
            Just("NOTE x".to_string()),
            "[0-9]{1,3}(:[0-9]{1,2}){0,2}([.,][0-9]{0,4})? --> [0-9:.,]{0,12}( align:start)?",
            "<v[ .][A-Za-zé ]{0,8}>[a-z &;<>/]{0,12}",
            "[A-Za-z ]{0,10}:[ a-z]{0,10}",
            "[A-Za-z]{1,8}  [0-9]{1,2}:[0-9]{2}",
            "\\[[0-9:]{0,9}\\] ?[A-Za-z]{0,6}:? ?[a-z]{0,6}",
            "\\PC{0,12}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn transcript_like_text_parses_or_names_what_is_wrong(
            lines in prop::collection::vec(piece(), 0..24),
            crlf in any::<bool>(),
        ) {
            let text = lines.join(if crlf { "\r\n" } else { "\n" });
            match super::parse(text.as_bytes()) {
                Ok(t) => {
                    prop_assert!(!t.cues.is_empty());
                    prop_assert!(t.cues.windows(2).all(|w| w[0].start <= w[1].start));
                    prop_assert!(t.cues.iter().all(|c| c.end >= c.start));
                }
                Err(e) => prop_assert!(!e.to_string().is_empty()),
            }
        }

        #[test]
        fn any_bytes_parse_or_are_refused(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
            let _ = super::parse(&bytes);
        }
    }
}

#[test]
fn times_on_the_interview_clock_are_kept_to_the_millisecond() {
    let guide = crate::guide::builtin().expect("guide");
    let s = crate::session::Session::new(&guide, crate::session::Meta::new("Acme"));
    let cue = Cue {
        start: 35.12,
        end: 44.9,
        speaker: None,
        text: "Retail banking".into(),
    };
    let placed = align(&s, &[cue], 30.0);
    assert_eq!((placed[0].start, placed[0].end), (5.12, 14.9));
}
