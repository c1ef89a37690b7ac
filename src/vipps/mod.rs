//! The Vipps MobilePay API client: the till's only way to the outside world.
//!
//! [`VippsClient`] keeps the platform access token, adds the standard headers, retries what
//! is safe to repeat and turns every failure into a [`VippsError`]. The calls are grouped by
//! API: [`epayment`], [`qr`] (QR exchange and Check-in), [`login`] and [`webhooks`].

pub mod cli;
mod client;
pub mod epayment;
mod error;
pub mod login;
pub mod payment;
pub mod qr;
pub mod retry;
mod token;
pub mod webhooks;

pub use client::VippsClient;
pub use epayment::{CreatePayment, Customer};
pub use error::{ExtraDetail, VippsError};
pub use login::{Discovery, LoginPoll, LoginStarted, LoginToken, UserInfo};
pub use payment::{
    Aggregate, Amount, CreatedPayment, EventName, Modification, Payment, PaymentEvent,
    PaymentState, Profile,
};
pub use retry::RetryPolicy;
pub use webhooks::{NewRegistration, Registration, EVENTS};
