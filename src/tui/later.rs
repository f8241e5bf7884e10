//! Work a screen does after its first frame, on a thread, so that the frame never waits for it:
//! checking what it drew from the summary index against the session files, asking git.

use std::sync::mpsc::{self, Receiver, TryRecvError};

#[derive(Debug, Default)]
pub enum Later<T> {
    /// Nothing to do, or done.
    #[default]
    Idle,
    /// To start after the next frame: set with the screen, so the first frame is drawn before
    /// the work takes the cores.
    Due,
    /// To start at the next tick (a frame has been drawn since it was due).
    Soon,
    Running(Receiver<T>),
}

impl<T: Send + 'static> Later<T> {
    /// Still to start or to end.
    pub fn pending(&self) -> bool {
        !matches!(self, Later::Idle)
    }

    /// Starts the work `make` makes on a thread when it is due, or takes its result when it has
    /// ended (a thread that died gives nothing, and the screen stays as it is).
    pub fn poll<W>(&mut self, make: impl FnOnce() -> W) -> Option<T>
    where
        W: FnOnce() -> T + Send + 'static,
    {
        match self {
            Later::Idle => None,
            // The loop draws between two ticks.
            Later::Due => {
                *self = Later::Soon;
                None
            }
            Later::Soon => {
                let work = make();
                let (tx, rx) = mpsc::channel();
                std::thread::spawn(move || {
                    let _ = tx.send(work());
                });
                *self = Later::Running(rx);
                None
            }
            Later::Running(rx) => match rx.try_recv() {
                Ok(done) => {
                    *self = Later::Idle;
                    Some(done)
                }
                Err(TryRecvError::Empty) => None,
                Err(TryRecvError::Disconnected) => {
                    *self = Later::Idle;
                    None
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_work_runs_once_on_a_thread_and_its_result_is_taken_once() {
        let mut later: Later<u32> = Later::Due;
        assert!(later.pending());
        // A tick for the frame, then the start.
        assert_eq!(
            later.poll(|| -> fn() -> u32 { unreachable!("not yet") }),
            None
        );
        assert_eq!(later.poll(|| || 7), None);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let got = loop {
            if let Some(v) = later.poll(|| -> fn() -> u32 { unreachable!("started once") }) {
                break Some(v);
            }
            if std::time::Instant::now() > deadline {
                break None;
            }
            std::thread::yield_now();
        };
        assert_eq!(got, Some(7));
        assert!(!later.pending());
        assert_eq!(later.poll(|| || 8), None);
    }
}
