//! The transcript panel through the one `Component` shape: the lines said while a question was
//! on screen, with none attached, none on the question, or none placed at all (snapshots at
//! 80x24 and 120x40), and what its keys ask of the screen under it (a quote with its speaker
//! and time, a selection, an offset nudged, a suggestion taken).

mod common;

use std::path::Path;
use std::time::Instant;

use journey::assess::assess;
use journey::guide::Guide;
use journey::session::{Session, Store};
use journey::transcript::{self, Roles};
use journey::tui::action::{Action, Command};
use journey::tui::component::{Component, Ctx, Outcome, Subject};
use journey::tui::cursor;
use journey::tui::nav::Edit;
use journey::tui::overlays::TranscriptPanel;

struct World {
    guide: Guide,
    store: Store,
    session: Session,
    _dir: tempfile::TempDir,
}

impl World {
    /// Nordbank with Marta and Sam; the recorded timeline (or none), and zoom.vtt attached
    /// with the recording 30 s ahead (or nothing attached).
    fn new(timeline: bool, attach: bool) -> World {
        let dir = tempfile::tempdir().expect("temp dir");
        let guide = common::guide();
        let store = Store::open(dir.path()).expect("store");
        let mut s = common::session(&guide, "Nordbank");
        s.meta.participant = "Marta Lindqvist".into();
        s.meta.interviewer = "Sam Okafor".into();
        s.elapsed_seconds = 300;
        if timeline {
            s.timeline = vec![
                common::nordbank::visit("org.industry", 0, 40),
                common::nordbank::visit("org.servers", 40, 95),
                common::nordbank::visit("triggers.business", 95, 180),
                common::nordbank::visit("org.servers", 180, 200),
                common::nordbank::visit("workloads.business", 200, 300),
            ];
        }
        store.create(&mut s).expect("create");
        if attach {
            let file = Path::new("tests/transcripts/zoom.vtt");
            transcript::attach(&store, &s.id, file, Some(30.0), Roles::default()).expect("attach");
        }
        let session = store.load(&s.id).expect("load");
        World {
            guide,
            store,
            session,
            _dir: dir,
        }
    }

    fn with(&self, test: impl FnOnce(&Ctx)) {
        let assessment = assess(&self.guide, &self.session);
        let ctx = Ctx::new(
            &self.guide,
            &self.store,
            Instant::now(),
            Some(Subject {
                session: &self.session,
                assessment: &assessment,
                question: None,
            }),
        );
        test(&ctx);
    }

    fn index(&self, question: &str) -> usize {
        self.guide.position(question).expect("question").flat
    }
}

/// The panel drawn at a size, the session id's random end written `0000`.
fn render(w: &World, panel: &TranscriptPanel, ctx: &Ctx, (cols, rows): (u16, u16)) -> String {
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(cols, rows)).expect("terminal");
    terminal
        .draw(|f| cursor::draw_layer(f, None, |f| panel.render(f, f.area(), ctx)))
        .expect("draw");
    common::cursor::focus(terminal.backend(), &format!("the panel at {cols}x{rows}"));
    let id = &w.session.id;
    let fixed = format!("{}0000", &id[..id.len() - 4]);
    format!("{}", terminal.backend()).replace(id, &fixed)
}

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

#[test]
fn the_lines_of_a_question_with_the_suggestions_they_make() {
    let w = World::new(true, true);
    w.with(|ctx| {
        let panel = TranscriptPanel::open(ctx, &w.session, Some(w.index("triggers.business")));
        for (cols, rows) in SIZES {
            insta::assert_snapshot!(
                format!("panel_lines_{cols}x{rows}"),
                render(&w, &panel, ctx, (cols, rows))
            );
        }
    });
}

#[test]
fn no_transcript_attached_is_said() {
    let w = World::new(true, false);
    w.with(|ctx| {
        let panel = TranscriptPanel::open(ctx, &w.session, Some(0));
        for (cols, rows) in SIZES {
            let screen = render(&w, &panel, ctx, (cols, rows));
            assert!(screen.contains("No transcript is attached"), "{screen}");
            insta::assert_snapshot!(format!("panel_none_attached_{cols}x{rows}"), screen);
        }
    });
}

#[test]
fn a_question_without_lines_and_the_lines_placed_on_none() {
    let w = World::new(true, true);
    w.with(|ctx| {
        let panel = TranscriptPanel::open(ctx, &w.session, Some(w.index("org.size")));
        for (cols, rows) in SIZES {
            let screen = render(&w, &panel, ctx, (cols, rows));
            assert!(screen.contains("2 lines not placed"), "{screen}");
            insta::assert_snapshot!(format!("panel_no_lines_here_{cols}x{rows}"), screen);
        }
    });
    // No timeline and no stamps: nothing is placed; the panel shows those lines.
    let w = World::new(false, true);
    w.with(|ctx| {
        let panel = TranscriptPanel::open(ctx, &w.session, None);
        for (cols, rows) in SIZES {
            let screen = render(&w, &panel, ctx, (cols, rows));
            assert!(screen.contains("9 lines not placed"), "{screen}");
            insta::assert_snapshot!(format!("panel_not_placed_{cols}x{rows}"), screen);
        }
    });
}

#[test]
fn a_line_or_a_selection_is_quoted_with_its_speaker_and_time() {
    let w = World::new(true, true);
    w.with(|ctx| {
        let mut panel = TranscriptPanel::open(ctx, &w.session, None);
        // Opened from the read-only view: the first question with lines, industry.
        match panel.handle(Action::Down, ctx) {
            Outcome::Done => {}
            _ => panic!("↓ moves"),
        }
        match panel.handle(Action::Command(Command::Quote), ctx) {
            Outcome::Send(Edit::Quote {
                question,
                text,
                at,
                speaker,
                then_code,
            }) => {
                assert_eq!(question, "org.industry");
                assert_eq!(text, "Retail banking, mostly in the Nordics.");
                assert!((at - 11.0).abs() < 1e-9);
                assert_eq!(speaker.as_deref(), Some("Marta Lindqvist"));
                assert!(!then_code);
            }
            _ => panic!("Enter quotes the line"),
        }
        // Shift-↑ selects both lines: one quote, no single speaker.
        panel.handle(Action::Command(Command::ExtendUp), ctx);
        match panel.handle(Action::Command(Command::Code), ctx) {
            Outcome::Send(Edit::Quote {
                text,
                speaker,
                then_code,
                ..
            }) => {
                assert_eq!(
                    text,
                    "What industry is Nordbank in? Retail banking, mostly in the Nordics."
                );
                assert_eq!(speaker, None);
                assert!(then_code, "c quotes, then codes");
            }
            _ => panic!("c quotes the selection to code it"),
        }
    });
}

#[test]
fn the_offset_moves_by_one_and_ten_seconds_and_a_suggestion_is_taken_by_key() {
    let w = World::new(true, true);
    w.with(|ctx| {
        let mut panel = TranscriptPanel::open(ctx, &w.session, Some(w.index("triggers.business")));
        for (command, want) in [
            (Command::OffsetOn1, 31.0),
            (Command::OffsetBack1, 29.0),
            (Command::OffsetOn10, 40.0),
            (Command::OffsetBack10, 20.0),
        ] {
            match panel.handle(Action::Command(command), ctx) {
                Outcome::Send(Edit::Offset(0, offset)) => assert_eq!(offset, want),
                _ => panic!("{command:?} moves the offset"),
            }
        }
        match panel.handle(Action::Command(Command::Take), ctx) {
            Outcome::Send(Edit::Take(s)) => {
                assert_eq!(
                    (s.question.as_str(), s.option.as_str()),
                    ("triggers.business", "hardware-refresh")
                );
                assert!((s.at - 100.0).abs() < 1e-9);
            }
            _ => panic!("y takes the line's suggestion"),
        }
    });
}

#[test]
fn a_nudged_offset_moves_the_lines_between_questions() {
    let mut w = World::new(true, true);
    let industry = |w: &World| {
        let (loaded, _) = transcript::view::load_all(&w.store, &w.session);
        let view = transcript::view::View::new(&w.guide, &w.session, &loaded);
        view.on("org.industry")
            .iter()
            .map(|l| l.placed.text.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(industry(&w).len(), 2);
    // The recording started 10 s ahead, not 30: "How many servers?" (75.3 s) is at 65.3 s, still
    // on servers; Sam's welcome (12.48 s) is at 2.48 s, on industry.
    w.session.transcripts[0].offset = 10.0;
    let lines = industry(&w);
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(lines[0], "Thanks for joining, Marta. Shall we start?");
}

/// The read-only view takes the panel's changes and saves each at once: a quote with where it
/// was said, then the code picker on it, the code, a nudged offset, a suggestion taken.
#[test]
fn the_read_only_view_saves_each_change_at_once() {
    use journey::tui::overlays::CodePicker;
    use journey::tui::screens::session_view::Review;
    let w = World::new(true, true);
    let mut review = Review::new(w.session.clone(), assess(&w.guide, &w.session));
    let ctx = Ctx::new(&w.guide, &w.store, Instant::now(), None);
    let line = "Retail banking, mostly in the Nordics.";
    let quote = Edit::Quote {
        question: "org.industry".into(),
        text: line.into(),
        at: 11.0,
        speaker: Some("Marta Lindqvist".into()),
        then_code: true,
    };
    let picker = match review.edit(quote, &ctx) {
        Outcome::Open(picker) => picker,
        _ => panic!("c: the line is quoted, then the code picker opens"),
    };
    let picker: &dyn std::any::Any = picker.as_ref();
    let picker = picker
        .downcast_ref::<CodePicker>()
        .expect("the code picker");
    assert_eq!(
        (picker.target.as_str(), picker.question.as_deref()),
        (line, Some("org.industry"))
    );
    let saved = w.store.load(&w.session.id).expect("load");
    let answer = saved.answer("org.industry").expect("answer");
    assert_eq!(answer.quotes, [line]);
    let said = answer.said_of(line).expect("said");
    assert_eq!(
        (said.at, said.speaker.as_deref()),
        (11.0, Some("Marta Lindqvist"))
    );
    let code = w.guide.codes[0].id.clone();
    review.edit(
        Edit::Code {
            question: Some("org.industry".into()),
            text: line.into(),
            code: code.clone(),
        },
        &ctx,
    );
    review.edit(Edit::Offset(0, 42.0), &ctx);
    let suggestion = transcript::Suggestion {
        question: "workloads.business".into(),
        option: "exchange".into(),
        at: 100.0,
        text: "The hardware refresh was the trigger: we moved Exchange onto VMware last spring."
            .into(),
        speaker: Some("Marta Lindqvist".into()),
    };
    match review.edit(Edit::Take(suggestion), &ctx) {
        Outcome::Go(journey::tui::nav::Nav::Message(m)) => {
            assert_eq!(
                m,
                "Taken: Business apps virtualized: Microsoft Exchange, with the line as its quote"
            );
        }
        _ => panic!("taking a suggestion says what it recorded"),
    }
    let saved = w.store.load(&w.session.id).expect("load");
    let coded = &saved.answer("org.industry").expect("answer").coded;
    assert_eq!(
        (coded[0].text.as_str(), coded[0].codes.clone()),
        (line, vec![code])
    );
    assert_eq!(saved.transcripts[0].offset, 42.0);
    let exchange = saved.answer("workloads.business").expect("answer");
    assert!(exchange
        .said_of("The hardware refresh was the trigger: we moved Exchange onto VMware last spring.")
        .is_some());
    assert_eq!(*review.session, saved);
    // The view names the transcript and says who said each quote, and when.
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(140, 200)).expect("terminal");
    terminal
        .draw(|f| review.render(f, f.area(), &ctx))
        .expect("draw");
    let screen = format!("{}", terminal.backend());
    assert!(
        screen.contains("(webvtt, offset +42 s; participant Marta Lindqvist)"),
        "{screen}"
    );
    // Quoted at 00:11 with the recording 30 s ahead; the offset moved to 42 s since, and the
    // quote with its line: said 1 s before the interview began.
    assert!(
        screen.contains("❝ Retail banking, mostly in the Nordics. — Marta Lindqvist, -00:01"),
        "{screen}"
    );
}

#[test]
fn n_goes_to_the_next_line_with_a_suggestion_and_arrows_to_the_questions_with_lines() {
    let w = World::new(true, true);
    w.with(|ctx| {
        let mut panel = TranscriptPanel::open(ctx, &w.session, None);
        let title = |panel: &TranscriptPanel| {
            render(&w, panel, ctx, (120, 40))
                .lines()
                .nth(1)
                .unwrap_or_default()
                .to_string()
        };
        assert!(title(&panel).contains("What was said · Industry"));
        panel.handle(Action::Command(Command::NextSuggestion), ctx);
        assert!(
            title(&panel).contains("What was said · Business triggers"),
            "{}",
            title(&panel)
        );
        // SAP, said at 05:10, after the interview's timeline ends: on no question.
        panel.handle(Action::Command(Command::NextSuggestion), ctx);
        let now = title(&panel);
        assert!(now.contains("lines placed on no question"), "{now}");
        panel.handle(Action::Left, ctx);
        let now = title(&panel);
        assert!(now.contains("Business apps virtualized"), "{now}");
        panel.handle(Action::Left, ctx);
        let now = title(&panel);
        assert!(now.contains("Business triggers"), "{now}");
        // From the first line on none (before the start), the next is the trigger again.
        panel.handle(Action::Right, ctx);
        panel.handle(Action::Right, ctx);
        panel.handle(Action::Command(Command::NextSuggestion), ctx);
        let now = title(&panel);
        assert!(now.contains("Business triggers"), "{now}");
    });
}
