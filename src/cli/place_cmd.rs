//! `journey place ID STAGE [--sure S]`: the researcher's own placement of a customer on the
//! journey, recorded in the session under its lock.

use anyhow::{bail, Result};

use crate::guide::Guide;
use crate::session::{identity, Placement, Store, Sure};

#[derive(Debug, clap::Args)]
pub struct PlaceArgs {
    /// Session id, or a unique part of it
    pub id: String,
    /// The stage you judge the customer to be at: its id or its name, any case
    pub stage: String,
    /// How sure you are
    #[arg(long, value_enum, default_value = "medium")]
    pub sure: SureArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SureArg {
    Low,
    Medium,
    High,
}

impl From<SureArg> for Sure {
    fn from(sure: SureArg) -> Sure {
        match sure {
            SureArg::Low => Sure::Low,
            SureArg::Medium => Sure::Medium,
            SureArg::High => Sure::High,
        }
    }
}

pub fn run(store: &Store, guide: &Guide, args: &PlaceArgs) -> Result<()> {
    let stage = guide
        .find_stage(args.stage.trim())
        .map_err(anyhow::Error::msg)?
        .to_string();
    let Some(me) = identity::researcher(store.data_dir())? else {
        bail!("journey does not know who you are: set your name with `journey whoami \"Your Name\"`, then place again");
    };
    let id = store.resolve(&args.id)?;
    let placement = Placement {
        by: me.name.clone(),
        stage: stage.clone(),
        sure: args.sure.into(),
        at: crate::session::now(),
    };
    let session = store.place(&id, placement)?;
    let others = session
        .latest_placements()
        .iter()
        .filter(|p| p.by != me.name)
        .count();
    say!(
        "{} placed {} ({id}) at {} (sure: {}); placed by {} now",
        me.name,
        session.meta.customer,
        crate::assess::stage_name(guide, &stage),
        Sure::from(args.sure).label(),
        crate::text::count(others + 1, "researcher"),
    );
    Ok(())
}
