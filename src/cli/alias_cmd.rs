//! `journey alias`: the other names a session's customer or participant goes by (nicknames,
//! short forms like "SocGen"), kept in the session and hidden by `--anonymize` like the names.

use anyhow::{bail, Result};

use crate::session::Store;

#[derive(Debug, clap::Args)]
pub struct AliasArgs {
    /// Session id, or a unique prefix of it
    pub id: String,
    /// Another name of the customer (repeat for more)
    #[arg(long, value_name = "NAME")]
    pub customer: Vec<String>,
    /// Another name of the participant (repeat for more)
    #[arg(long, value_name = "NAME")]
    pub participant: Vec<String>,
    /// Forget a name given before (repeat for more)
    #[arg(long, value_name = "NAME")]
    pub remove: Vec<String>,
}

/// Adds and removes names, then lists what the session holds; refused while the session is
/// open in a journey.
pub fn run(store: &Store, args: &AliasArgs) -> Result<()> {
    let id = store.resolve(&args.id)?;
    let changing =
        !(args.customer.is_empty() && args.participant.is_empty() && args.remove.is_empty());
    let mut session = store.load(&id)?;
    if changing {
        let _lock = store.lock(&id)?;
        session = store.load(&id)?;
        let aliases = &mut session.meta.aliases;
        for name in &args.remove {
            let before = aliases.customer.len() + aliases.participant.len();
            let other = |n: &String| n.to_lowercase() != name.trim().to_lowercase();
            aliases.customer.retain(other);
            aliases.participant.retain(other);
            if aliases.customer.len() + aliases.participant.len() == before {
                bail!("{id} has no other name `{}`", crate::text::line(name));
            }
        }
        for name in &args.customer {
            crate::session::add_alias(&mut aliases.customer, name);
        }
        for name in &args.participant {
            crate::session::add_alias(&mut aliases.participant, name);
        }
        session.meta.updated = crate::session::now();
        store.save(&session)?;
    }
    let a = &session.meta.aliases;
    say!("{id}");
    say!(
        "  customer {}: {}",
        session.meta.customer,
        list(&a.customer)
    );
    say!(
        "  participant {}: {}",
        session.meta.participant,
        list(&a.participant)
    );
    Ok(())
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        "no other name".into()
    } else {
        format!("also {}", names.join(", "))
    }
}
