//! When the background sync tries again: every `interval` while things work, twice as long after each
//! failure in a row up to `max`, back to `interval` after a success. A broken or rogue server is then
//! asked a few times an hour, not every two minutes all day.

use std::time::Duration;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Backoff {
    interval: Duration,
    max: Duration,
    failures: u32,
}

impl Backoff {
    /// `interval` between tries while they succeed (and while offline: that is no failure of the
    /// server); at most `max` after failures.
    pub fn new(interval: Duration, max: Duration) -> Backoff {
        Backoff { interval, max: max.max(interval), failures: 0 }
    }

    /// How long to wait before the next try.
    pub fn delay(&self) -> Duration {
        let factor = 1u32.checked_shl(self.failures.min(31)).unwrap_or(u32::MAX);
        self.interval.checked_mul(factor).map_or(self.max, |d| d.min(self.max))
    }

    /// A try failed: wait longer next time.
    pub fn failed(&mut self) {
        self.failures = self.failures.saturating_add(1);
    }

    /// A try succeeded: back to the normal interval.
    pub fn succeeded(&mut self) {
        self.failures = 0;
    }

    /// Failures in a row so far.
    pub fn failures(&self) -> u32 {
        self.failures
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_after_each_failure_up_to_the_cap_and_resets_on_success() {
        let min = Duration::from_secs(60);
        let mut b = Backoff::new(Duration::from_secs(120), Duration::from_secs(3600));
        assert_eq!(b.delay(), 2 * min);
        let seen: Vec<u64> = (0..8)
            .map(|_| {
                b.failed();
                b.delay().as_secs()
            })
            .collect();
        assert_eq!(seen, vec![240, 480, 960, 1920, 3600, 3600, 3600, 3600]);
        b.succeeded();
        assert_eq!(b.delay(), 2 * min);
        assert_eq!(b.failures(), 0);
    }

    #[test]
    fn never_overflows() {
        let mut b = Backoff::new(Duration::from_secs(u64::MAX / 4), Duration::from_secs(1));
        assert_eq!(b.delay(), Duration::from_secs(u64::MAX / 4), "the cap is never below the interval");
        for _ in 0..100 {
            b.failed();
        }
        assert_eq!(b.delay(), Duration::from_secs(u64::MAX / 4));
        let mut b = Backoff::new(Duration::from_millis(1), Duration::from_secs(10));
        for _ in 0..1000 {
            b.failed();
        }
        assert_eq!(b.delay(), Duration::from_secs(10));
    }
}
