//! Webhook bodies: any bytes parse to an event or a typed error; an event's ids are bounded.
#![no_main]

use kasse::webhook::WebhookEvent;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(event) = WebhookEvent::parse(data) {
        let key = event.dedupe_key();
        assert!(!key.is_empty() && key.len() < 1024);
    }
});
