//! What the complaint form keeps in this browser (localStorage), so nothing typed is lost: the
//! draft, saved on every change and restored after a reload or a crash; the attempt being sent
//! (its Idempotency-Key and proof of work), so a retry after a failed submit sends the very same
//! request and the server answers it once; and the receipts (tracking code and secret) of what was
//! sent from here. Photos are not kept: they are too large for the browser's storage.

use gongshi_domain::complaint::{ComplaintForm, Submission};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

const DRAFT_KEY: &str = "gongshi.complaint.draft";
const RECEIPTS_KEY: &str = "gongshi.complaint.receipts";
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

/// A submit whose outcome is unknown (no answer, or the server failed): a retry with the same
/// form and photos sends the same body with the same key, so the server stores it once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    /// The Idempotency-Key.
    pub key: String,
    /// The proof of work, as sent.
    pub altcha: String,
    /// The form as sent.
    pub form: ComplaintForm,
    /// SHA-256 of each photo as sent, in order.
    pub photos: Vec<String>,
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

/// The saved draft, if any (one that no longer reads is dropped, not shown half).
pub fn load() -> Option<Draft> {
    read::<Draft>(DRAFT_KEY).filter(|d| !d.is_empty())
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
