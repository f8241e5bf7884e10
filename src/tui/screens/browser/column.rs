//! The browser's columns, and the order each one sorts the sessions in.

use crate::index::Summary;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Date,
    Customer,
    Participant,
    Interviewer,
    Status,
    Stage,
    Obstacles,
    Duration,
}

impl Column {
    pub const ALL: [Column; 8] = [
        Column::Date,
        Column::Customer,
        Column::Participant,
        Column::Interviewer,
        Column::Status,
        Column::Stage,
        Column::Obstacles,
        Column::Duration,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Column::Date => "Date",
            Column::Customer => "Customer",
            Column::Participant => "Participant",
            Column::Interviewer => "Interviewer",
            Column::Status => "Status",
            Column::Stage => "Stage",
            Column::Obstacles => "Open obstacles",
            Column::Duration => "Time",
        }
    }
}

/// Sorts `visible` (places in `entries`) by `column`, ascending, by id between equals.
pub fn sort(visible: &mut [usize], entries: &[Summary], column: Column) {
    let key = |e: &Summary| -> (String, f64) {
        match column {
            Column::Date => (String::new(), e.started.timestamp() as f64),
            Column::Customer => (e.customer.to_lowercase(), 0.0),
            Column::Participant => (e.participant.to_lowercase(), 0.0),
            Column::Interviewer => (e.interviewer.to_lowercase(), 0.0),
            Column::Status => (e.status().label().to_string(), 0.0),
            Column::Stage => (String::new(), e.position.unwrap_or(-1.0)),
            Column::Obstacles => (String::new(), e.obstacles_open.len() as f64),
            Column::Duration => (String::new(), e.elapsed_seconds as f64),
        }
    };
    let by_text = matches!(
        column,
        Column::Customer | Column::Participant | Column::Interviewer | Column::Status
    );
    if by_text {
        visible.sort_by_cached_key(|&i| {
            let (text, number) = key(&entries[i]);
            (text, OrderedF64(number), entries[i].id.clone())
        });
    } else {
        // Numbers only: compared in place, nothing allocated per session.
        visible.sort_by(|&a, &b| {
            let (ea, eb) = (&entries[a], &entries[b]);
            OrderedF64(key(ea).1)
                .cmp(&OrderedF64(key(eb).1))
                .then_with(|| ea.id.cmp(&eb.id))
        });
    }
}

/// A float that sorts (NaN last), for sort keys.
#[derive(Debug, Clone, Copy, PartialEq)]
struct OrderedF64(f64);

impl Eq for OrderedF64 {}

impl PartialOrd for OrderedF64 {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for OrderedF64 {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}
