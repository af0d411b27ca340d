//! What the complaint form keeps in this browser (localStorage), so nothing typed is lost: the
//! draft, saved on every change and restored after a reload or a crash; the attempt (its
//! Idempotency-Key and the bodies sent under it), so a retry after a failed submit sends the very
//! same request and the server stores it once; and the receipts (tracking code and secret) of what was
//! sent from here. Photos are not kept: they are too large for the browser's storage.

use gongshi_domain::complaint::{ComplaintForm, Submission};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

const DRAFT_KEY: &str = "gongshi.complaint.draft";
const RECEIPTS_KEY: &str = "gongshi.complaint.receipts";
const UNREADABLE_KEY: &str = "gongshi.complaint.draft.unreadable";
/// The newest receipts kept on a device.
pub const RECEIPTS_MAX: usize = 20;

/// The form as typed, and the attempt in flight if a submit has not been answered.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    pub form: ComplaintForm,
    pub attempt: Option<Attempt>,
    /// When it was last saved (milliseconds since the epoch), shown when it is restored.
    pub saved_at: f64,
}

impl Draft {
    /// Whether anything was typed.
    pub fn is_empty(&self) -> bool {
        self.form == ComplaintForm::default() && self.attempt.is_none()
    }
}

/// The submission being made: one Idempotency-Key for the whole draft, so the server stores at
/// most one complaint for it however often it is sent, and the bodies sent under it whose outcome
/// is unknown (no answer, or a failure of the server's), so a retry can repeat one byte for byte.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    /// The Idempotency-Key.
    pub key: String,
    /// Bodies sent under the key, newest last (a few at most).
    pub sent: Vec<Sent>,
}

/// One body sent: what rebuilds it exactly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sent {
    /// The proof of work, as sent.
    pub altcha: String,
    /// The form as sent.
    pub form: ComplaintForm,
    /// SHA-256 of each photo as sent, in order.
    pub photos: Vec<String>,
}

/// How many bodies an attempt remembers: only those whose outcome is unknown stay, so more than a
/// couple means a citizen editing and retrying through a long outage.
pub const SENT_MAX: usize = 8;

impl Attempt {
    pub fn new() -> Self {
        Self {
            key: new_key(),
            sent: Vec::new(),
        }
    }

    /// The body already sent with this form and these photos, if any.
    pub fn find(&self, form: &ComplaintForm, photos: &[String]) -> Option<&Sent> {
        self.sent
            .iter()
            .rev()
            .find(|s| &s.form == form && s.photos == photos)
    }

    /// Remembers a body about to be sent.
    pub fn remember(&mut self, sent: Sent) {
        if !self.sent.contains(&sent) {
            self.sent.push(sent);
        }
        if self.sent.len() > SENT_MAX {
            self.sent.remove(0);
        }
    }
}

impl Default for Attempt {
    fn default() -> Self {
        Self::new()
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn read<T: DeserializeOwned>(key: &str) -> Option<T> {
    let text = storage()?.get_item(key).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

/// Writes `value` under `key`; false when the browser refuses (private mode, storage full).
fn write<T: Serialize>(key: &str, value: &T) -> bool {
    let Ok(text) = serde_json::to_string(value) else {
        return false;
    };
    storage().is_some_and(|s| s.set_item(key, &text).is_ok())
}

/// The saved draft, if any. One that no longer reads (written by another version) is not shown
/// half: it is moved aside under its own key, not lost.
pub fn load() -> Option<Draft> {
    let storage = storage()?;
    let text = storage.get_item(DRAFT_KEY).ok().flatten()?;
    match serde_json::from_str::<Draft>(&text) {
        Ok(d) => Some(d).filter(|d| !d.is_empty()),
        Err(_) => {
            let _ = storage.set_item(UNREADABLE_KEY, &text);
            let _ = storage.remove_item(DRAFT_KEY);
            None
        }
    }
}

/// Saves the draft; false when the browser keeps nothing.
pub fn save(draft: &Draft) -> bool {
    if draft.is_empty() {
        clear();
        return true;
    }
    let mut stamped = draft.clone();
    stamped.saved_at = web_sys::js_sys::Date::now();
    write(DRAFT_KEY, &stamped)
}

pub fn clear() {
    if let Some(s) = storage() {
        let _ = s.remove_item(DRAFT_KEY);
    }
}

/// Receipts of submissions sent from this browser, newest first.
pub fn receipts() -> Vec<Submission> {
    read(RECEIPTS_KEY).unwrap_or_default()
}

/// Keeps a receipt (replacing one with the same code); false when the browser keeps nothing.
pub fn keep_receipt(receipt: &Submission) -> bool {
    let mut all = receipts();
    all.retain(|r| r.code != receipt.code);
    all.insert(0, receipt.clone());
    all.truncate(RECEIPTS_MAX);
    write(RECEIPTS_KEY, &all)
}

/// Forgets a receipt on this device (the submission itself stays with the handler).
pub fn forget_receipt(code: &str) {
    let mut all = receipts();
    all.retain(|r| r.code.as_str() != code);
    write(RECEIPTS_KEY, &all);
}

/// A fresh Idempotency-Key: 128 random bits from the browser's CSPRNG, in hex.
pub fn new_key() -> String {
    let mut bytes = [0u8; 16];
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    if bytes == [0u8; 16] {
        // No CSPRNG (should not happen in a browser that runs Wasm): time and Math.random.
        let seed = format!(
            "{}{}",
            web_sys::js_sys::Date::now(),
            web_sys::js_sys::Math::random()
        );
        return format!("t{}", seed.replace('.', ""));
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn sent(description: &str, altcha: &str) -> Sent {
        Sent {
            altcha: altcha.to_owned(),
            form: ComplaintForm {
                description: description.to_owned(),
                ..Default::default()
            },
            photos: vec!["ab".to_owned()],
        }
    }

    #[test]
    fn an_attempt_finds_a_body_by_form_and_photos_and_keeps_the_newest_few() {
        let mut a = Attempt {
            key: "k".to_owned(),
            sent: Vec::new(),
        };
        a.remember(sent("one", "p1"));
        a.remember(sent("one", "p1"));
        assert_eq!(a.sent.len(), 1, "the same body once");
        let one = sent("one", "").form;
        assert_eq!(
            a.find(&one, &["ab".to_owned()]).map(|s| s.altcha.as_str()),
            Some("p1")
        );
        assert!(a.find(&one, &[]).is_none(), "other photos, another body");
        for i in 0..SENT_MAX + 2 {
            a.remember(sent(&format!("edit {i}"), "p"));
        }
        assert_eq!(a.sent.len(), SENT_MAX);
        assert!(
            a.find(&one, &["ab".to_owned()]).is_none(),
            "the oldest went"
        );
    }
}
