//! Demo mode's extra keys: play a scan, and answer on the simulated customer's phone.

use super::Edges;
use crate::till::{DemoScan, Msg, PhoneRequest};

impl Edges {
    pub(super) fn demo_scan(&self, kind: DemoScan) {
        let Some(sim) = &self.sim else { return };
        let users = sim.users();
        let payload = match kind {
            // The first demo member shows the clear-text Vipps code; a guest shows a tokenized
            // one, so the QR exchange is seen working too.
            DemoScan::Member => users.first().map(|u| u.qr_clear_text.clone()),
            DemoScan::Guest => users
                .iter()
                .skip(2)
                .find(|u| !u.old_app)
                .map(|u| u.qr_tokenized.clone()),
            DemoScan::Product => {
                let i = fastrand::usize(..self.demo_products.len().max(1));
                self.demo_products.get(i).cloned()
            }
        };
        if let Some(payload) = payload {
            self.send(Msg::Scan { payload });
        }
    }

    pub(super) fn demo_phone(&self, approve: bool, request: PhoneRequest) {
        let Some(sim) = &self.sim else { return };
        let result = match (&request, approve) {
            (PhoneRequest::Payment { reference, .. }, true) => sim.approve_payment(reference),
            (PhoneRequest::Payment { reference, .. }, false) => sim.reject_payment(reference),
            (PhoneRequest::Login { auth_req_id, .. }, true) => sim.consent_login(auth_req_id),
            (PhoneRequest::Login { auth_req_id, .. }, false) => sim.deny_login(auth_req_id),
        };
        if let Err(err) = result {
            tracing::warn!(%err, "demo phone action refused");
        }
    }
}
