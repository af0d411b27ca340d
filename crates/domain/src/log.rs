//! The public change log: every publication, correction, withdrawal, certificate status change and
//! catalog round appends an entry that commits to the previous entry's hash and to a canonical
//! encoding of the change. Anyone holding the log can recompute the chain, so a record silently
//! altered or removed breaks it from that entry on.
//!
//! Entry `n`'s hash is SHA-256 over the previous hash (32 bytes; zeros before the first), `n` as
//! eight big-endian bytes, and the canonical JSON of the change: object keys sorted by their UTF-8
//! bytes, no whitespace, strings escaped as `serde_json` escapes them. The change carries the
//! SHA-256 of the record's content (canonical JSON too), not the content itself: when a penalty's
//! publication period ends or it is withdrawn, the log stops serving what it said, as the law
//! requires, and the chain still verifies; while the content is served, anyone can check it against
//! its digest. That is all a verifier needs to know.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

/// What happened.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum LogAction {
    PenaltyPublished,
    PenaltyCorrected,
    PenaltyWithdrawn,
    CertificateStatusChanged,
    OfficerAdded,
    SecondmentChanged,
    CatalogRound,
}

/// One change as logged: what, to which record, by which unit, when, and the digest of the record's
/// public content after the change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LogChange {
    pub action: LogAction,
    /// The record: `penalty:123`, `officer:闽35060200001`, `catalog:350602:芗政文〔2024〕12号`.
    pub subject: String,
    /// The unit in whose name the change was made (an authority or a district).
    pub unit: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub at: time::OffsetDateTime,
    /// SHA-256 (64 hex digits) of the content's canonical JSON.
    pub digest: String,
}

impl LogChange {
    /// A change whose content is `content`.
    pub fn new(
        action: LogAction,
        subject: String,
        unit: String,
        at: time::OffsetDateTime,
        content: &Value,
    ) -> Self {
        Self {
            action,
            subject,
            unit,
            at,
            digest: content_digest(content),
        }
    }
}

/// The digest a change carries for `content`.
pub fn content_digest(content: &Value) -> String {
    hex(&Sha256::digest(canonical(content).as_bytes()))
}

/// An entry of the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LogEntry {
    /// 1, 2, 3 … with no gaps.
    pub seq: u64,
    /// The previous entry's hash (64 hex digits; zeros before the first).
    pub prev: String,
    pub change: LogChange,
    /// This entry's hash (64 hex digits).
    pub hash: String,
    /// The record as the public saw it after the change (nothing masked is unmasked). `null` once
    /// the record is no longer public (its publication period ended, or it was withdrawn and this
    /// is not the withdrawal): the digest still proves what it was.
    #[schema(value_type = Option<Object>)]
    pub content: Option<Value>,
}

/// The answer to a change whose record is the log entry itself (a certificate's status).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Logged {
    pub log_seq: u64,
}

/// The hash before the first entry.
pub const GENESIS: [u8; 32] = [0; 32];

/// `value` as canonical JSON (see the module's documentation).
pub fn canonical(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                if let Some(v) = map.get(k) {
                    write_canonical(v, out);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(v, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<[u8; 32]> {
    let mut out = [0u8; 32];
    if s.len() != 64 {
        return None;
    }
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

/// The hash of entry `seq` with `change` after `prev`.
pub fn entry_hash(prev: &[u8; 32], seq: u64, change: &LogChange) -> [u8; 32] {
    let value = serde_json::to_value(change).unwrap_or(Value::Null);
    Sha256::new()
        .chain_update(prev)
        .chain_update(seq.to_be_bytes())
        .chain_update(canonical(&value).as_bytes())
        .finalize()
        .into()
}

/// The entry that follows `last` (or starts the log) with `change`, whose content is `content`.
pub fn next_entry(last: Option<&LogEntry>, change: LogChange, content: Value) -> LogEntry {
    let (seq, prev) = match last {
        Some(e) => (e.seq + 1, unhex(&e.hash).unwrap_or(GENESIS)),
        None => (1, GENESIS),
    };
    let hash = entry_hash(&prev, seq, &change);
    LogEntry {
        seq,
        prev: hex(&prev),
        change,
        hash: hex(&hash),
        content: Some(content),
    }
}

/// Where a chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, thiserror::Error)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum ChainBreak {
    /// An entry is missing or out of order.
    #[error("entry {seq} follows entry {after}")]
    Gap { after: u64, seq: u64 },
    /// An entry does not name the previous entry's hash.
    #[error("entry {seq} does not follow the previous entry's hash")]
    Link { seq: u64 },
    /// An entry's change does not give its hash, or its content does not give the change's digest:
    /// it was changed after it was written.
    #[error("entry {seq} was altered: its content does not give its hash")]
    Altered { seq: u64 },
}

/// How far a chain was checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Verified {
    pub entries: u64,
    /// The last entry's hash (zeros for an empty log): publish it, and anyone can check the log
    /// they hold against it.
    pub head: String,
}

/// The outcome of recomputing the chain (`GET /log/verify`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Verification {
    /// Whether every entry follows from the one before.
    pub intact: bool,
    /// How far it was checked (entries and the head hash), when intact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified: Option<Verified>,
    /// Where it breaks, when not.
    #[serde(default, rename = "break", skip_serializing_if = "Option::is_none")]
    pub broken: Option<ChainBreak>,
}

/// Verifies a chain given in order from its first entry.
pub fn verify<'a>(entries: impl IntoIterator<Item = &'a LogEntry>) -> Result<Verified, ChainBreak> {
    let mut v = Verifier::default();
    for e in entries {
        v.push(e)?;
    }
    Ok(v.done())
}

/// Verifies a chain an entry at a time (a large log need not be held in memory).
#[derive(Debug, Clone)]
pub struct Verifier {
    seq: u64,
    prev: [u8; 32],
}

impl Default for Verifier {
    fn default() -> Self {
        Self {
            seq: 0,
            prev: GENESIS,
        }
    }
}

impl Verifier {
    pub fn push(&mut self, e: &LogEntry) -> Result<(), ChainBreak> {
        if e.seq != self.seq + 1 {
            return Err(ChainBreak::Gap {
                after: self.seq,
                seq: e.seq,
            });
        }
        if unhex(&e.prev) != Some(self.prev) {
            return Err(ChainBreak::Link { seq: e.seq });
        }
        let hash = entry_hash(&self.prev, e.seq, &e.change);
        if unhex(&e.hash) != Some(hash)
            || e.content
                .as_ref()
                .is_some_and(|c| content_digest(c) != e.change.digest)
        {
            return Err(ChainBreak::Altered { seq: e.seq });
        }
        self.seq = e.seq;
        self.prev = hash;
        Ok(())
    }

    pub fn done(self) -> Verified {
        Verified {
            entries: self.seq,
            head: hex(&self.prev),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn content(n: u64) -> Value {
        json!({ "decision_no": format!("芗南综执罚〔2026〕{n}号"), "fine_fen": n * 100 })
    }

    fn change(n: u64) -> LogChange {
        LogChange::new(
            LogAction::PenaltyPublished,
            format!("penalty:{n}"),
            "xc-nankeng".to_owned(),
            time::macros::datetime!(2026-11-24 08:00 UTC),
            &content(n),
        )
    }

    fn chain(n: u64) -> Vec<LogEntry> {
        let mut out: Vec<LogEntry> = Vec::new();
        for i in 1..=n {
            let next = next_entry(out.last(), change(i), content(i));
            out.push(next);
        }
        out
    }

    #[test]
    fn canonical_json_sorts_keys_at_every_depth_and_has_no_spaces() {
        let v = json!({ "b": 1, "a": { "z": [true, null, "引号\""], "y": 2.5 }, "A": "x" });
        assert_eq!(
            canonical(&v),
            r#"{"A":"x","a":{"y":2.5,"z":[true,null,"引号\""]},"b":1}"#
        );
    }

    #[test]
    fn a_chain_verifies_and_names_its_head() {
        let c = chain(5);
        assert_eq!(c[0].prev, "0".repeat(64));
        assert_eq!(c[1].prev, c[0].hash);
        let v = verify(&c).expect("intact");
        assert_eq!(v.entries, 5);
        assert_eq!(v.head, c[4].hash);
        assert_eq!(verify(&[]).expect("empty").head, "0".repeat(64));
    }

    #[test]
    fn every_kind_of_tampering_is_caught_where_it_happened() {
        let c = chain(4);
        // Content changed in place.
        let mut altered = c.clone();
        if let Some(content) = altered[1].content.as_mut() {
            content["fine_fen"] = json!(1);
        }
        assert_eq!(verify(&altered), Err(ChainBreak::Altered { seq: 2 }));
        // The digest changed to match the new content: the entry's hash no longer follows.
        altered[1].change.digest = content_digest(&json!({"fine_fen": 1}));
        if let Some(content) = altered[1].content.as_mut() {
            *content = json!({"fine_fen": 1});
        }
        assert_eq!(verify(&altered), Err(ChainBreak::Altered { seq: 2 }));
        // Content withheld (a record no longer public): the chain still verifies.
        let mut withheld = c.clone();
        withheld[1].content = None;
        assert_eq!(verify(&withheld).expect("intact").head, c[3].hash);
        // Content and its hash changed together: the next entry no longer follows.
        let mut rehashed = c.clone();
        rehashed[1].change.subject = "penalty:999".to_owned();
        rehashed[1].hash = hex(&entry_hash(&hash_of(&c[0]), 2, &rehashed[1].change));
        assert_eq!(verify(&rehashed), Err(ChainBreak::Link { seq: 3 }));
        // An entry removed.
        let mut removed = c.clone();
        removed.remove(2);
        assert_eq!(verify(&removed), Err(ChainBreak::Gap { after: 2, seq: 4 }));
        // The last entry removed is not visible to the chain alone: the published head is.
        let mut truncated = c.clone();
        truncated.pop();
        assert_ne!(verify(&truncated).expect("a shorter chain").head, c[3].hash);
    }

    fn hash_of(previous: &LogEntry) -> [u8; 32] {
        unhex(&previous.hash).unwrap_or(GENESIS)
    }

    proptest! {
        /// Changing any one byte of any entry's content is caught.
        #[test]
        fn any_altered_fine_is_caught(n in 2u64..12, at in 0usize..11, fine in 0u64..u64::MAX) {
            let mut c = chain(n);
            let i = at % c.len();
            let content = c[i].content.as_mut().expect("served");
            prop_assume!(content["fine_fen"] != json!(fine));
            content["fine_fen"] = json!(fine);
            prop_assert_eq!(verify(&c), Err(ChainBreak::Altered { seq: c[i].seq }));
        }
    }
}
