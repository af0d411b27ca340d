//! Addresses the complaint limit has just refused, remembered in this process until their
//! `Retry-After` runs out, so that a flood from one address is answered 429 before its form is
//! parsed, checked against the database and proved — work that would otherwise take the readers'
//! CPU. The database stays the authority: this only repeats its answer while it cannot change
//! (within the window the count of an address only grows), so nothing it would accept is refused.
//! A retry with an Idempotency-Key is still answered from the database first.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// At most this many addresses are remembered; past it, expired ones are dropped and, if that is
/// not enough, new refusals are not remembered (the database answers them, as before).
const CAPACITY: usize = 65_536;

/// The refused addresses (as the rate limit counts them) and when each may try again.
#[derive(Debug, Default)]
pub struct Refusals {
    until: Mutex<HashMap<String, Instant>>,
}

impl Refusals {
    /// Seconds until `client` may try again, if it was refused and that time has not come.
    pub fn retry_after(&self, client: &str, now: Instant) -> Option<u64> {
        let until = self.until.lock().ok()?;
        let left = until.get(client)?.checked_duration_since(now)?;
        Some(left.as_secs().max(1))
    }

    /// Remembers that `client` was refused for `seconds`.
    pub fn refuse(&self, client: &str, seconds: u64, now: Instant) {
        let Ok(mut until) = self.until.lock() else {
            return;
        };
        if until.len() >= CAPACITY {
            until.retain(|_, t| *t > now);
        }
        if until.len() < CAPACITY || until.contains_key(client) {
            until.insert(client.to_owned(), now + Duration::from_secs(seconds));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_is_repeated_until_its_time_runs_out_and_only_for_its_address() {
        let r = Refusals::default();
        let t = Instant::now();
        assert_eq!(r.retry_after("a", t), None);
        r.refuse("a", 30, t);
        assert_eq!(r.retry_after("a", t), Some(30));
        assert_eq!(
            r.retry_after("a", t + Duration::from_millis(29_500)),
            Some(1)
        );
        assert_eq!(r.retry_after("a", t + Duration::from_secs(31)), None);
        assert_eq!(r.retry_after("b", t), None);
    }

    #[test]
    fn when_full_expired_addresses_make_room_and_otherwise_new_ones_are_not_kept() {
        let r = Refusals::default();
        let t = Instant::now();
        for n in 0..CAPACITY {
            r.refuse(&n.to_string(), if n % 2 == 0 { 1 } else { 3_600 }, t);
        }
        r.refuse("late", 60, t);
        assert_eq!(r.retry_after("late", t), None, "full of live refusals");
        let later = t + Duration::from_secs(2);
        r.refuse("late", 60, later);
        assert_eq!(
            r.retry_after("late", later),
            Some(60),
            "the expired half made room"
        );
        assert_eq!(r.retry_after("1", later), Some(3_598));
    }
}
