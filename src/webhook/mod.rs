//! Webhooks from Vipps MobilePay: the HMAC check ([`verify`]), the event types ([`event`])
//! and the listener embedded in the till ([`listener`]).

pub mod event;
pub mod listener;
pub mod verify;

pub use event::{ParseError, WebhookEvent};
pub use listener::{serve, EventSink, ListenerConfig, SinkError};
pub use verify::{sign, RegisteredUrl, SignedHeaders, VerifyError};
