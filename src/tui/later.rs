//! Work a screen does after its first frame, on a thread, so that the frame never waits for it:
//! checking what it drew from the summary index against the session files, asking git.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::Arc;

/// Session files a screen with no summary index to start from reads before its first frame
/// (about 0.1 s); with more, it shows at once and says it is reading them.
pub const READ_BEFORE_FRAME: usize = 1_000;

/// Whether the screen that started some work still waits for it: no longer once the screen is
/// gone (its `Later` dropped), so long work can stop early instead of running for nobody.
#[derive(Debug, Clone)]
pub struct Wanted(Arc<AtomicBool>);

impl Wanted {
    pub fn still(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

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
    Running(Receiver<T>, Wanted),
}

impl<T> Drop for Later<T> {
    fn drop(&mut self) {
        if let Later::Running(_, wanted) = self {
            wanted.0.store(false, Ordering::Relaxed);
        }
    }
}

impl<T: Send + 'static> Later<T> {
    /// Still to start or to end.
    pub fn pending(&self) -> bool {
        !matches!(self, Later::Idle)
    }

    /// Starts the work `make` makes on a thread when it is due, or takes its result when it has
    /// ended (a thread that died gives nothing, and the screen stays as it is). The work is
    /// told whether it is still wanted.
    pub fn poll<W>(&mut self, make: impl FnOnce() -> W) -> Option<T>
    where
        W: FnOnce(&Wanted) -> T + Send + 'static,
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
                let wanted = Wanted(Arc::new(AtomicBool::new(true)));
                let asked = wanted.clone();
                std::thread::spawn(move || {
                    let _ = tx.send(work(&asked));
                    // What the work made and freed on the way is not left resident.
                    crate::par::give_back();
                });
                *self = Later::Running(rx, wanted);
                None
            }
            Later::Running(rx, _) => match rx.try_recv() {
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

/// A large value made on a thread of its own, which stays until the value is dropped and then
/// frees it itself and ends. The allocator (mimalloc) gives a thread's memory back when the
/// thread ends, but keeps what another thread frees after it ended: the insights of 100,000
/// sessions, made on the thread that read them and freed by the screen, stayed resident (35 MB)
/// and a search then came on top of them.
pub struct Held<T: Send + 'static> {
    value: Option<T>,
    home: mpsc::Sender<T>,
}

impl<T: Send + 'static> Held<T> {
    /// Makes the value with `make` on a new thread, and waits for it (call it from a `Later`
    /// job). `None` when `make` panicked.
    pub fn make(make: impl FnOnce() -> T + Send + 'static) -> Option<Held<T>> {
        let (made, take) = mpsc::channel();
        let (home, back) = mpsc::channel::<T>();
        std::thread::spawn(move || {
            if made.send(make()).is_ok() {
                // Until the value comes back (or the process ends), then freed here, and
                // given back to the system at once.
                drop(back.recv());
                crate::par::give_back();
            }
        });
        let value = take.recv().ok()?;
        Some(Held {
            value: Some(value),
            home,
        })
    }
}

impl<T: Send + 'static> std::ops::Deref for Held<T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.value.as_ref().expect("held until dropped")
    }
}

impl<T: Send + 'static> std::ops::DerefMut for Held<T> {
    fn deref_mut(&mut self) -> &mut T {
        self.value.as_mut().expect("held until dropped")
    }
}

impl<T: Send + 'static> Drop for Held<T> {
    fn drop(&mut self) {
        if let Some(value) = self.value.take() {
            // Its thread is gone only if it panicked: the value is then freed here.
            let _ = self.home.send(value);
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
            later.poll(|| -> fn(&Wanted) -> u32 { unreachable!("not yet") }),
            None
        );
        assert_eq!(later.poll(|| |_: &Wanted| 7), None);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let got = loop {
            if let Some(v) = later.poll(|| -> fn(&Wanted) -> u32 { unreachable!("started once") }) {
                break Some(v);
            }
            if std::time::Instant::now() > deadline {
                break None;
            }
            std::thread::yield_now();
        };
        assert_eq!(got, Some(7));
        assert!(!later.pending());
        assert_eq!(later.poll(|| |_: &Wanted| 8), None);
    }

    #[test]
    fn work_is_no_longer_wanted_once_its_screen_is_gone() {
        let (tx, rx) = mpsc::channel();
        let mut later: Later<()> = Later::Soon;
        assert_eq!(
            later.poll(|| move |wanted: &Wanted| {
                let _ = tx.send(wanted.clone());
            }),
            None
        );
        let wanted = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("the work ran");
        assert!(wanted.still());
        drop(later);
        assert!(!wanted.still());
    }

    #[test]
    fn a_held_value_is_made_and_freed_on_its_own_thread() {
        struct Where(mpsc::Sender<std::thread::ThreadId>, std::thread::ThreadId);
        impl Drop for Where {
            fn drop(&mut self) {
                let _ = self.0.send(std::thread::current().id());
            }
        }
        let (tx, rx) = mpsc::channel();
        let held = Held::make(move || Where(tx, std::thread::current().id())).expect("made");
        let made_on = held.1;
        assert_ne!(made_on, std::thread::current().id());
        drop(held);
        let freed_on = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("freed");
        assert_eq!(freed_on, made_on);
        assert!(Held::make(|| -> u8 { panic!("made nothing") }).is_none());
    }
}
