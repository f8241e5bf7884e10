//! `journey whoami [NAME] [--email E]`: who uses journey in this data folder, the name sync
//! commits and conflict versions carry.

use anyhow::Result;

use crate::session::identity;
use crate::session::Store;

#[derive(Debug, clap::Args)]
pub struct WhoamiArgs {
    /// Your name, as teammates should see it on your edits (omit it to see the name in use)
    pub name: Option<String>,
    /// Your e-mail for the team archive's commits [default: a neutral NAME@journey.invalid]
    #[arg(long, requires = "name")]
    pub email: Option<String>,
}

pub fn run(store: &Store, args: &WhoamiArgs) -> Result<()> {
    let dir = store.data_dir();
    if let Some(name) = &args.name {
        let who = identity::set_researcher(dir, name, args.email.as_deref())?;
        say!(
            "you are {} <{}> in {}: sync commits and conflict versions carry this name",
            who.name,
            who.email,
            dir.display()
        );
        return Ok(());
    }
    match identity::researcher(dir)? {
        Some(who) if who.chosen => say!("{} <{}>", who.name, who.email),
        Some(who) => say!(
            "{} <{}> (the interviewer last entered here; set your name with `journey whoami NAME`)",
            who.name,
            who.email
        ),
        None => say!(
            "nobody yet: set your name with `journey whoami \"Your Name\"` (sync commits say \"{}\" until then)",
            crate::archive::UNNAMED
        ),
    }
    Ok(())
}
