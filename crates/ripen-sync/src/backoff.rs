//! When to try a request again: exponential backoff with jitter, and which answers are
//! worth another try. Re-uploading is idempotent (same id, same revision), so a retried
//! push can never double anything.

/// Exponential backoff: the n-th retry waits a random time between half and all of
/// `first_ms · 2ⁿ`, capped at `max_ms`. The randomness keeps a team's tablets that lost
/// the network together from all coming back in the same millisecond.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub first_ms: u32,
    pub max_ms: u32,
    /// Retries of one request before it is given up (the sync loop then goes offline and
    /// tries again later).
    pub retries: u32,
}

impl Default for Backoff {
    fn default() -> Self {
        Self { first_ms: 500, max_ms: 60_000, retries: 5 }
    }
}

impl Backoff {
    /// How long to wait before retry number `retry` (from 0); `jitter` is a random number
    /// in [0, 1).
    pub fn delay_ms(&self, retry: u32, jitter: f64) -> u32 {
        let full = u64::from(self.first_ms).saturating_mul(1u64 << retry.min(32)).min(u64::from(self.max_ms));
        let half = full / 2;
        let jitter = jitter.clamp(0.0, 1.0);
        (half + ((full - half) as f64 * jitter) as u64).min(u64::from(self.max_ms)) as u32
    }

    /// Whether retry number `retry` is still allowed.
    pub fn allows(&self, retry: u32) -> bool {
        retry < self.retries
    }
}

/// What to do with an HTTP answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Done,
    /// The hub is busy or failing, or the request timed out: try again later.
    Retry,
    /// The login was refused or has expired.
    Unauthorized,
    /// The request is too large: split it.
    TooLarge,
    /// Refused for good.
    Fail,
}

/// The verdict on an HTTP status.
pub fn verdict(status: u16) -> Verdict {
    match status {
        200..=299 => Verdict::Done,
        // PouchDB Server answers a refused `_security` with 401 where CouchDB says 403.
        401 | 403 => Verdict::Unauthorized,
        413 => Verdict::TooLarge,
        408 | 429 | 500..=599 => Verdict::Retry,
        _ => Verdict::Fail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_within_their_jitter_up_to_the_cap() {
        let policy = Backoff::default();
        let table =
            [(0, 0.0, 250), (0, 0.999, 499), (1, 0.0, 500), (3, 0.5, 3_000), (10, 0.0, 30_000), (40, 1.0, 60_000)];
        for (retry, jitter, expected) in table {
            assert_eq!(policy.delay_ms(retry, jitter), expected, "retry {retry}, jitter {jitter}");
        }
        for retry in 0..64 {
            assert!(policy.delay_ms(retry, 1.0) <= policy.max_ms);
        }
        assert!(policy.allows(4) && !policy.allows(5));
    }

    #[test]
    fn statuses_get_their_verdicts() {
        let table = [
            (200, Verdict::Done),
            (201, Verdict::Done),
            (202, Verdict::Done),
            (401, Verdict::Unauthorized),
            (403, Verdict::Unauthorized),
            (413, Verdict::TooLarge),
            (408, Verdict::Retry),
            (429, Verdict::Retry),
            (500, Verdict::Retry),
            (503, Verdict::Retry),
            (400, Verdict::Fail),
            (404, Verdict::Fail),
        ];
        for (status, expected) in table {
            assert_eq!(verdict(status), expected, "{status}");
        }
    }
}
