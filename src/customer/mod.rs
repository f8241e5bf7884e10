//! A customer across interviews: the same organisation interviewed in 2025 and 2026, by
//! different researchers with different participants, is one customer, named by a stable id
//! (`Meta::customer_key`). Listing the customers, finding one by name, and (in `history`) how
//! it moved from one interview to the next. No terminal here.

mod history;
mod read;

use serde::Serialize;

use crate::index::Summary;
use crate::session::Timestamp;
use crate::text::{fold, slug, Name};

pub use history::{history, Change, Changes, History, Interview, Move, Movement};
pub use read::{history_of, read_history, ReadError};

/// One customer and its interviews, as `journey customers` lists them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Customer {
    pub id: String,
    /// The name its latest interview uses.
    pub name: String,
    /// Other names its interviews use (spellings corrected, or to merge).
    pub other_names: Vec<String>,
    /// Its interviews, oldest first.
    pub interviews: Vec<Listed>,
}

/// One interview of a customer, in a listing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Listed {
    pub session: String,
    pub started: Timestamp,
    /// Names shared with the summaries (`text::Name`): a customer of thousands of interviews
    /// is listed without a copy of each.
    pub participant: Name,
    pub interviewer: Name,
    pub stage: Option<Name>,
    /// The two stages it sits between, when it does (see `Assessment::between`).
    pub between: Option<[Name; 2]>,
    pub position: Option<f64>,
}

/// Every customer among the summaries, by name (folded), each with its interviews oldest first.
pub fn customers(summaries: &[Summary]) -> Vec<Customer> {
    grouped(summaries.iter().collect())
}

/// The customer of session `session`, as [`customers`] lists it, found without grouping every
/// other customer: one pass over the summaries. None when no summary has that id.
pub fn of(summaries: &[Summary], session: &str) -> Option<Customer> {
    let id = &summaries.iter().find(|s| s.id == session)?.customer_id;
    with_id(summaries, id)
}

/// The customer whose id is `id`, as [`customers`] lists it: one pass over the summaries,
/// which compares the names' shared copies before their text (`text::name`: at 100,000
/// summaries, reading each name's text is most of the pass).
pub fn with_id(summaries: &[Summary], id: &Name) -> Option<Customer> {
    let theirs = summaries
        .iter()
        .filter(|s| std::sync::Arc::ptr_eq(&s.customer_id, id) || *s.customer_id == **id)
        .collect();
    grouped(theirs).into_iter().next()
}

/// The summaries grouped by customer, each customer's interviews oldest first.
fn grouped(mut sorted: Vec<&Summary>) -> Vec<Customer> {
    sorted.sort_by(|a, b| (a.started, &a.id).cmp(&(b.started, &b.id)));
    let mut out: Vec<Customer> = Vec::new();
    // Each customer's place in `out`: one look-up per interview, whatever the archive's size.
    let mut at: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for s in sorted {
        let listed = Listed {
            session: s.id.clone(),
            started: s.started,
            participant: s.participant.clone(),
            interviewer: s.interviewer.clone(),
            stage: s.stage.clone(),
            between: s.between.clone(),
            position: s.position,
        };
        match at.get(&*s.customer_id).map(|&i| &mut out[i]) {
            Some(c) => {
                if *c.name != *s.customer {
                    let old = std::mem::replace(&mut c.name, s.customer.to_string());
                    c.other_names.retain(|n| **n != *s.customer);
                    if !c.other_names.contains(&old) {
                        c.other_names.push(old);
                    }
                }
                c.interviews.push(listed);
            }
            None => {
                at.insert(&s.customer_id, out.len());
                out.push(Customer {
                    id: s.customer_id.to_string(),
                    name: s.customer.to_string(),
                    other_names: Vec::new(),
                    interviews: vec![listed],
                });
            }
        }
    }
    out.sort_by(|a, b| (fold(&a.name), &a.id).cmp(&(fold(&b.name), &b.id)));
    out
}

/// The id a new interview of `name` takes: a known customer's when one of its interviews used
/// that name (accents and case aside), else the name's slug.
pub fn id_for(summaries: &[Summary], name: &str) -> String {
    let wanted = fold(name.trim());
    let mut known: Vec<&Summary> = summaries
        .iter()
        .filter(|s| fold(s.customer.trim()) == wanted)
        .collect();
    // The latest interview's id, should two customers ever share a name.
    known.sort_by_key(|s| std::cmp::Reverse(s.started));
    known
        .first()
        .map_or_else(|| slug(name), |s| s.customer_id.to_string())
}

/// Why a name does not find one customer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FindError {
    #[error("no customer is called or starts with “{0}” (`journey customers` lists them)")]
    None(String),
    #[error("“{query}” could be any of: {}; say which", .matches.join(", "))]
    Several { query: String, matches: Vec<String> },
}

/// The customer a researcher means by `query`: its id, a name any of its interviews used
/// (accents and case aside), or the only one whose id or name starts with it.
pub fn find<'c>(customers: &'c [Customer], query: &str) -> Result<&'c Customer, FindError> {
    let wanted = fold(query.trim());
    let names = |c: &'c Customer| std::iter::once(&c.name).chain(&c.other_names);
    let exact = customers
        .iter()
        .find(|c| c.id == query.trim() || names(c).any(|n| fold(n.trim()) == wanted));
    if let Some(c) = exact {
        return Ok(c);
    }
    let key = slug(query);
    let starting: Vec<&Customer> = customers
        .iter()
        .filter(|c| {
            (!key.is_empty() && c.id.starts_with(&key))
                || names(c).any(|n| fold(n).starts_with(&wanted))
        })
        .collect();
    match starting.as_slice() {
        [one] => Ok(one),
        [] => Err(FindError::None(query.to_string())),
        many => Err(FindError::Several {
            query: query.to_string(),
            matches: many
                .iter()
                .map(|c| format!("{} ({})", c.name, c.id))
                .collect(),
        }),
    }
}

#[cfg(test)]
mod tests;
