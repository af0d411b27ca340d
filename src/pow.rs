//! The proof of work a submission carries against scripted floods (the ALTCHA protocol the server
//! checks): find the number whose SHA-256 with the challenge's salt is the challenge. A person's
//! browser does it once, in a fraction of a second; a script sending thousands pays for each. The
//! search runs in slices so the page can repaint and show its progress.

use base64::Engine;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// `GET /complaints/challenge`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Challenge {
    pub algorithm: String,
    pub challenge: String,
    pub maxnumber: u64,
    pub salt: String,
    pub signature: String,
}

/// What goes back to the server: the challenge with the number found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Solution {
    pub algorithm: String,
    pub challenge: String,
    pub number: u64,
    pub salt: String,
    pub signature: String,
}

impl Solution {
    /// Base64 of the JSON, as the ALTCHA widget sends it.
    pub fn encoded(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        base64::engine::general_purpose::STANDARD.encode(json)
    }
}

/// Why no number was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsolved {
    /// Not SHA-256, or the challenge is not 64 hex digits.
    Unsupported,
    /// No number up to `maxnumber` matches (a broken challenge).
    NotFound,
}

/// How many numbers one slice tries before the page gets the thread back.
const SLICE: u64 = 20_000;

/// The challenge's hash as bytes.
fn target(challenge: &Challenge) -> Option<[u8; 32]> {
    if !challenge.algorithm.eq_ignore_ascii_case("SHA-256") || challenge.challenge.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        let pair = challenge.challenge.get(2 * i..2 * i + 2)?;
        *byte = u8::from_str_radix(pair, 16).ok()?;
    }
    Some(out)
}

/// The first number in `from..to` whose SHA-256(salt + number) is `target`.
pub fn search(salt: &str, target: &[u8; 32], from: u64, to: u64) -> Option<u64> {
    let prefix = Sha256::new_with_prefix(salt.as_bytes());
    let mut digits = String::with_capacity(20);
    (from..to).find(|n| {
        use std::fmt::Write;
        digits.clear();
        let _ = write!(digits, "{n}");
        prefix.clone().chain_update(digits.as_bytes()).finalize()[..] == target[..]
    })
}

/// Solves `challenge`, calling `progress` with the share of the range searched (0.0–1.0) after each
/// slice and yielding to the browser between slices.
pub async fn solve(challenge: Challenge, progress: impl Fn(f64)) -> Result<Solution, Unsolved> {
    let target = target(&challenge).ok_or(Unsolved::Unsupported)?;
    let end = challenge.maxnumber.saturating_add(1);
    let mut from = 0;
    while from < end {
        let to = from.saturating_add(SLICE).min(end);
        if let Some(number) = search(&challenge.salt, &target, from, to) {
            progress(1.0);
            return Ok(Solution {
                algorithm: challenge.algorithm,
                challenge: challenge.challenge,
                number,
                salt: challenge.salt,
                signature: challenge.signature,
            });
        }
        from = to;
        progress(from as f64 / end as f64);
        crate::pages::sleep(0).await;
    }
    Err(Unsolved::NotFound)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn challenge_for(salt: &str, number: u64) -> Challenge {
        let hash = Sha256::digest(format!("{salt}{number}").as_bytes());
        Challenge {
            algorithm: "SHA-256".to_owned(),
            challenge: hash.iter().map(|b| format!("{b:02x}")).collect(),
            maxnumber: 100_000,
            salt: salt.to_owned(),
            signature: "sig".to_owned(),
        }
    }

    #[test]
    fn finds_the_number_and_only_inside_the_range() {
        let c = challenge_for("abc?expires=1", 43_210);
        let t = target(&c).expect("a SHA-256 challenge");
        assert_eq!(search(&c.salt, &t, 0, 50_000), Some(43_210));
        assert_eq!(search(&c.salt, &t, 40_000, 43_210), None);
        assert_eq!(search(&c.salt, &t, 43_210, 43_211), Some(43_210));
    }

    #[test]
    fn other_algorithms_and_malformed_challenges_are_refused() {
        let mut c = challenge_for("s", 1);
        c.algorithm = "SHA-512".to_owned();
        assert_eq!(target(&c), None);
        let mut c = challenge_for("s", 1);
        c.challenge.truncate(10);
        assert_eq!(target(&c), None);
        let mut c = challenge_for("s", 1);
        c.challenge.replace_range(0..2, "zz");
        assert_eq!(target(&c), None);
    }

    #[test]
    fn the_solution_is_base64_json_with_the_number() {
        let s = Solution {
            algorithm: "SHA-256".to_owned(),
            challenge: "c".to_owned(),
            number: 7,
            salt: "s".to_owned(),
            signature: "g".to_owned(),
        };
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(s.encoded())
            .expect("base64");
        let back: Solution = serde_json::from_slice(&bytes).expect("JSON");
        assert_eq!(back, s);
    }
}
