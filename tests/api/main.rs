//! Calls to the Vipps MobilePay APIs: the client against scripted answers, the simulator held to the specs, and the client under faults.
//!
//! One test binary for the area (see ARCHITECTURE.md, "Tests"): each file is a module.

mod client_support;
mod sim_support;

mod client_epayment;
mod client_login;
mod client_qr;
mod client_retry;
mod client_token;
mod client_webhooks;
mod faults_api;
mod sim_epayment_create;
mod sim_epayment_flow;
mod sim_login;
mod sim_platform;
mod sim_webhooks;
