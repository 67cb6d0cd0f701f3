//! Hybrid logical clock stamps: the physical time in milliseconds in the high 48 bits and a counter in
//! the low 16. A stamp never goes backwards on one device (the last stamp is persisted), and a remote
//! stamp far in the future (a laptop whose clock is a year ahead) moves the local clock at most one day
//! ahead of the local wall clock, so one wrong clock cannot drag every device with it.

/// How far ahead of the local wall clock a remote stamp may move the local clock.
pub const MAX_AHEAD_MS: i64 = 24 * 60 * 60 * 1000;

const COUNTER_BITS: u32 = 16;

pub fn pack(ms: i64, counter: i64) -> i64 {
    (ms << COUNTER_BITS) | (counter & 0xffff)
}

pub fn millis(stamp: i64) -> i64 {
    stamp >> COUNTER_BITS
}

/// The stamp for a local event: later than `last`, and at least the wall clock `now_ms`.
pub fn tick(last: i64, now_ms: i64) -> i64 {
    let wall = pack(now_ms.max(0), 0);
    if wall > last {
        wall
    } else {
        // The counter overflowing carries into the milliseconds: still strictly increasing.
        last + 1
    }
}

/// The local clock after seeing a remote stamp: at least `last`, takes `remote` into account but never
/// more than [`MAX_AHEAD_MS`] past the local wall clock.
pub fn observe(last: i64, remote: i64, now_ms: i64) -> i64 {
    let cap = pack(now_ms.max(0) + MAX_AHEAD_MS, 0xffff);
    last.max(remote.min(cap))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_never_go_backwards_even_when_the_wall_clock_does() {
        let a = tick(0, 1_000);
        let b = tick(a, 500); // clock set back
        let c = tick(b, 500);
        assert!(a < b && b < c);
        assert_eq!(millis(a), 1_000);
        assert_eq!(millis(b), 1_000);
        let d = tick(c, 2_000);
        assert_eq!(d, pack(2_000, 0));
    }

    #[test]
    fn counter_overflow_carries_into_milliseconds() {
        let s = pack(10, 0xffff);
        let t = tick(s, 10);
        assert!(t > s);
        assert_eq!(millis(t), 11);
    }

    #[test]
    fn a_remote_stamp_moves_the_clock_at_most_a_day_ahead() {
        let now = 1_700_000_000_000;
        let year = 365 * 24 * 3600 * 1000;
        let last = tick(0, now);
        let seen = observe(last, pack(now + year, 0), now);
        assert!(millis(seen) <= now + MAX_AHEAD_MS);
        assert!(seen > last);
        // a remote stamp in the past changes nothing
        assert_eq!(observe(last, pack(now - year, 0), now), last);
        // a near-future stamp is taken as is
        assert_eq!(observe(last, pack(now + 5_000, 3), now), pack(now + 5_000, 3));
        // and the next local tick is later than anything seen
        assert!(tick(seen, now) > seen);
    }
}
