//! Checks a till's signature chain the way an inspector would: every receipt's signature made
//! over the previous one and over what the receipt itself says, with the key its version
//! names, and each receipt series without a gap.

use super::journal::{self, receipt_signed_text, Entry};
use super::signing::{self, FIRST_PREVIOUS};
use super::BooksError;
use crate::domain::ReceiptKind;
use crate::store::Store;
use std::collections::HashMap;

/// What a verified chain holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainSummary {
    pub pos_id: String,
    pub transactions: usize,
    pub last_signature: Option<String>,
}

/// Verifies the chain of `pos_id` in the store.
pub fn verify_till(store: &Store, pos_id: &str) -> Result<ChainSummary, BooksError> {
    let keys: HashMap<String, String> = journal::public_keys(store)?.into_iter().collect();
    let entries = journal::entries(store, Some(pos_id), 0)?;
    verify_entries(pos_id, &entries, &keys)
}

/// Verifies a till's entries (in journal order) against the public keys by version.
pub fn verify_entries(
    pos_id: &str,
    entries: &[Entry],
    keys: &HashMap<String, String>,
) -> Result<ChainSummary, BooksError> {
    let broken = |seq: i64, reason: String| BooksError::ChainBroken {
        pos_id: pos_id.to_string(),
        seq,
        reason,
    };
    let mut previous = FIRST_PREVIOUS.to_string();
    let mut count = 0;
    let mut last_number: HashMap<(bool, ReceiptKind), u64> = HashMap::new();
    for e in entries.iter().filter(|e| e.pos_id == pos_id) {
        let Some(receipt) = e.receipt() else {
            if e.signature.is_some() || e.trans_nr.is_some() {
                return Err(broken(
                    e.seq,
                    "a signature on an event that is not a receipt".into(),
                ));
            }
            continue;
        };
        let (Some(nr), Some(sig), Some(version)) = (&e.trans_nr, &e.signature, &e.key_version)
        else {
            return Err(broken(e.seq, "a receipt without its signature".into()));
        };
        if *nr != receipt.trans_nr() || receipt.pos_id != e.pos_id || receipt.training != e.training
        {
            return Err(broken(
                e.seq,
                format!("row {nr} does not match the receipt it holds"),
            ));
        }
        let Some(public) = keys.get(version) else {
            return Err(broken(e.seq, format!("no public key of version {version}")));
        };
        if !signing::verify(public, &receipt_signed_text(&previous, receipt), sig) {
            return Err(broken(
                e.seq,
                format!("the signature of {nr} does not verify"),
            ));
        }
        let series = (receipt.training, receipt.kind);
        let expected = last_number.get(&series).map_or(receipt.number, |n| n + 1);
        if receipt.number != expected {
            return Err(broken(
                e.seq,
                format!("{nr} follows number {} of its series: a gap", expected - 1),
            ));
        }
        last_number.insert(series, receipt.number);
        previous = sig.clone();
        count += 1;
    }
    Ok(ChainSummary {
        pos_id: pos_id.to_string(),
        transactions: count,
        last_signature: (count > 0).then_some(previous),
    })
}
