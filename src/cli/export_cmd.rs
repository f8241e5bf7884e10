//! `journey export`: sessions by id, or all of them filtered by stage and status.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Result};

use crate::export::words::count;
use crate::export::{self, Export, Format, Selection};
use crate::guide::Guide;
use crate::index::Summary;
use crate::session::Store;

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Sessions to export, by id or unique prefix
    pub ids: Vec<String>,
    /// Export every session the filter options keep
    #[arg(long, conflicts_with = "ids")]
    pub all: bool,
    #[command(flatten)]
    pub filter: super::filter_args::FilterArgs,
    #[arg(long, short, value_enum)]
    pub format: Format,
    /// File or folder to write to [default: standard output]
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Replace customer, participant and interviewer names with aliases (C1, P1, I1) everywhere
    #[arg(long)]
    pub anonymize: bool,
    /// Replace the output file if it exists
    #[arg(long)]
    pub force: bool,
    /// CSV: also write the data dictionary (column, question, kind, codes, label) to FILE
    #[arg(long, value_name = "FILE")]
    pub codebook: Option<PathBuf>,
    /// CSV: start with a byte-order mark, so Excel reads UTF-8
    #[arg(long)]
    pub bom: bool,
    /// Markdown, HTML, JSON: add each session's whole transcript, its lines under the question
    /// on screen while they were said (a REFI-QDA project always carries them)
    #[arg(long)]
    pub transcript: bool,
}

/// The sessions an export names, by id or all, those the filter keeps, oldest first. Streamed
/// through the checked index: what is kept is an id a session. The filter is decided from the
/// session files (`Store::select_each`).
pub fn select(store: &Store, guide: &Guide, args: &ExportArgs) -> Result<Selection> {
    if args.ids.is_empty() && !args.all {
        bail!("name the sessions to export (ids or prefixes), or pass --all");
    }
    let filter = args.filter.filter(guide)?;
    let mut selection = Selection::default();
    let mut order = Vec::new();
    let mut consider = |s: Summary| {
        selection.add(&s);
        order.push((s.started, s.id));
    };
    if args.all {
        for problem in store.select_each(guide, &filter, &mut consider)? {
            warn!("skipped {problem}");
        }
    } else {
        for prefix in &args.ids {
            let id = store.resolve(prefix)?;
            // Unreadable: say why.
            let session = store.load(&id)?;
            let summary = Summary::of(guide, &session);
            if filter.keeps(store, guide, &session, &summary) {
                consider(summary);
            }
        }
    }
    if order.is_empty() {
        bail!("no session matches");
    }
    order.sort();
    selection.ids = order.into_iter().map(|(_, id)| id).collect();
    Ok(selection)
}

pub fn run(store: &Store, guide: &Guide, args: &ExportArgs) -> Result<()> {
    let chosen = select(store, guide, args)?;
    let guide = &in_sessions_language(store, guide, &chosen.ids);
    let exported = crate::session::now();
    // CSV streams: one session in memory at a time, whatever the size of the archive.
    if args.format != Format::Csv && (args.codebook.is_some() || args.bom) {
        bail!("--codebook and --bom go with --format csv");
    }
    let whole = matches!(args.format, Format::Markdown | Format::Html | Format::Json);
    if args.transcript && !whole {
        bail!(
            "--transcript goes with --format md, html or json (a qdpx project always carries the transcripts)"
        );
    }
    if args.format == Format::Csv {
        return write_csv(store, guide, &chosen, args);
    }
    let carried = args.transcript || args.format == Format::Qdpx;
    let export = Export::read(
        guide,
        store,
        &chosen.ids,
        (args.anonymize, carried),
        exported,
    )?;
    if matches!(args.format, Format::Spss | Format::Stata) {
        return write_stats(&export, args);
    }
    if args.format == Format::Qdpx {
        return write_qdpx(&export, args);
    }
    let contents = export.render(args.format)?;
    match &args.output {
        None => std::io::stdout().lock().write_all(contents.as_bytes())?,
        Some(path) => {
            let target = export::target(path, &export.file_name(args.format));
            export::write(&target, &contents, args.force)?;
            if args.format == Format::Qdc {
                let codes = count(guide.codes.len(), "code");
                warn!("wrote {} (the guide's codebook: {codes})", target.display());
            } else {
                report(&target, export.items.len());
            }
        }
    }
    Ok(())
}

/// CSV streams: one session in memory at a time, whatever the size of the archive; its data
/// dictionary beside it with `--codebook`.
fn write_csv(store: &Store, guide: &Guide, chosen: &Selection, args: &ExportArgs) -> Result<()> {
    let exported = crate::session::now();
    if let Some(path) = &args.codebook {
        let dictionary = export::csv_codebook(guide, &export::csv_plan(guide, chosen))?;
        export::write(path, &dictionary, args.force)?;
        warn!("wrote the data dictionary to {}", path.display());
    }
    let bom: &[u8] = if args.bom { b"\xef\xbb\xbf" } else { b"" };
    match &args.output {
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bom)?;
            export::stream_csv(store, guide, chosen, args.anonymize, out)?;
            Ok(())
        }
        Some(path) => {
            let name = file_name(chosen, args.format, &exported, args.anonymize);
            let target = export::target(path, &name);
            let rows = export::write_with(&target, args.force, |out| {
                out.write_all(bom)?;
                export::stream_csv(store, guide, chosen, args.anonymize, out)
            })?;
            report(&target, rows);
            Ok(())
        }
    }
}

/// A REFI-QDA project: a zip file, so it needs `-o`.
fn write_qdpx(export: &Export, args: &ExportArgs) -> Result<()> {
    let Some(path) = &args.output else {
        bail!("a .qdpx project is a zip file: name it with -o FILE (or a folder)");
    };
    let target = export::target(path, &export.file_name(Format::Qdpx));
    let bytes = export::qdpx_project(export)?;
    export::write_with(&target, args.force, |out| {
        out.write_all(&bytes).map_err(export::ExportError::from)
    })?;
    report(&target, export.items.len());
    Ok(())
}

/// SPSS or Stata: the coded CSV and the syntax that loads it, side by side in a folder.
fn write_stats(export: &Export, args: &ExportArgs) -> Result<()> {
    let Some(dir) = &args.output else {
        bail!(
            "--format {} writes two files: name a folder with -o DIR",
            args.format.name()
        );
    };
    if dir.exists() && !dir.is_dir() {
        bail!(
            "{} is not a folder: --format {} writes two files into a folder",
            dir.display(),
            args.format.name()
        );
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| anyhow::anyhow!("{}: cannot make the folder: {e}", dir.display()))?;
    let data = dir.join(export.file_name(Format::Csv));
    let syntax = dir.join(export.file_name(args.format));
    let table = export::StatsTable::new(export);
    export::write(&data, &table.csv()?, args.force)?;
    export::write(&syntax, &export.render(args.format)?, args.force)?;
    warn!(
        "wrote {} and {} ({}); run the syntax from that folder",
        syntax.display(),
        data.display(),
        count(export.items.len(), "session")
    );
    Ok(())
}

/// The export's file name, as `Export::file_name` would give it, from summaries. An anonymised
/// export never takes its name from a session id, which carries the customer's name.
fn file_name(
    chosen: &Selection,
    format: Format,
    exported: &crate::session::Timestamp,
    anonymized: bool,
) -> String {
    let stem = match chosen.ids.as_slice() {
        [one] if !anonymized => one.clone(),
        all => format!(
            "journey-{}-sessions-{}",
            all.len(),
            exported.format("%Y-%m-%d")
        ),
    };
    export::safe_file_name(&stem, format)
}

fn report(target: &std::path::Path, n: usize) {
    warn!("wrote {} ({})", target.display(), count(n, "session"));
}

/// The guide in the language the sessions were held in: labels, questions and options read as
/// in the interview, ids the same. Sessions held in different languages are exported in the
/// guide's own, said on stderr. A guide without translations is used as it is (no session is
/// read for it).
fn in_sessions_language(store: &Store, guide: &Guide, ids: &[String]) -> Guide {
    if guide.translations.is_empty() {
        return guide.clone();
    }
    let mut langs = std::collections::BTreeSet::new();
    for id in ids {
        if let Ok(session) = store.load(id) {
            langs.insert(session.meta.lang);
        }
    }
    if langs.len() > 1 {
        let names: Vec<&str> = langs
            .iter()
            .map(|l| if l.is_empty() { "the guide's own" } else { l })
            .collect();
        warn!(
            "the sessions were held in {}: exported in the guide's own language",
            names.join(", ")
        );
        return guide.clone();
    }
    guide.localized(langs.first().map(String::as_str))
}
