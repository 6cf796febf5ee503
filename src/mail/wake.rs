//! A nudge for the worker thread inside `serve`: something was queued that should go out now
//! (a password reset, a retried row, an event created the day before), so the worker need not
//! wait for its next interval. Only a hint: the worker also runs on its interval, and `pdsa
//! remind` processes never see it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// Shared between the web handlers (`notify`), the worker (`wait`) and the server's shutdown
/// (`stop`). Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct Wake(Arc<(Mutex<bool>, Condvar)>, Arc<AtomicBool>);

impl Wake {
    /// Asks the worker to finish the batch it is sending, record it, and stop.
    pub fn stop(&self) {
        self.1.store(true, Ordering::Release);
        self.notify();
    }

    /// Whether the server is shutting down.
    pub fn stopping(&self) -> bool {
        self.1.load(Ordering::Acquire)
    }

    /// Asks the worker to run as soon as it can.
    pub fn notify(&self) {
        let (flag, signal) = &*self.0;
        if let Ok(mut set) = flag.lock() {
            *set = true;
            signal.notify_all();
        }
    }

    /// Waits until notified or `timeout` passes; true when it was notified. The flag is cleared,
    /// so nudges that come while the worker runs make it run once more, not once per nudge.
    pub fn wait(&self, timeout: Duration) -> bool {
        let (flag, signal) = &*self.0;
        let Ok(set) = flag.lock() else {
            return false;
        };
        let Ok((mut set, _)) = signal.wait_timeout_while(set, timeout, |set| !*set) else {
            return false;
        };
        std::mem::replace(&mut *set, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nudge_before_the_wait_is_not_lost() {
        let wake = Wake::default();
        wake.notify();
        assert!(wake.wait(Duration::from_secs(5)));
        assert!(!wake.wait(Duration::from_millis(10)));
    }

    #[test]
    fn stopping_ends_the_wait_and_is_seen_by_every_clone() {
        let wake = Wake::default();
        let other = wake.clone();
        assert!(!other.stopping());
        wake.stop();
        assert!(other.wait(Duration::from_secs(5)) && other.stopping());
    }

    #[test]
    fn a_nudge_from_another_thread_ends_the_wait() {
        let wake = Wake::default();
        let other = wake.clone();
        let t = std::thread::spawn(move || other.wait(Duration::from_secs(30)));
        std::thread::sleep(Duration::from_millis(20));
        wake.notify();
        assert!(t.join().unwrap());
    }
}
