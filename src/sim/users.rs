//! The simulated customers: who has the app, their personal QR codes and their profile claims.

use crate::domain::{Country, Msisdn};

/// One person with the Vipps or MobilePay app, as the simulator knows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimUser {
    pub msisdn: Msisdn,
    pub name: String,
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    /// The stable per-sales-unit user id that Login returns.
    pub sub: String,
    /// The legacy Vipps personal QR: `https://qr.vipps.no/28/2/01/031/<MSISDN>?v=1`.
    pub qr_clear_text: String,
    /// The tokenized personal QR: `https://qr.vipps.no/p/<token>`.
    pub qr_tokenized: String,
    /// An app too old for merchant-initiated login (`error_code=old_app`).
    pub old_app: bool,
    /// `YYYY-MM-DD`, the `birthdate` claim.
    pub birthdate: String,
    /// Home address, the `address` claim.
    pub street_address: String,
    pub postal_code: String,
    pub region: String,
    /// Two-letter country code of the address.
    pub country: String,
}

/// Phone numbers that are well-formed but belong to nobody with the app; useful for the
/// "customer not found" paths (ePayment 7010, Login `unknown_user_id`).
pub const NOT_USERS: [&str; 3] = ["4790000000", "4520000000", "358409999999"];

/// When every demo user's tokenized QR code was "generated" (epoch seconds), returned by the
/// QR exchange for version 2.0 codes.
pub const QR_GENERATED_AT: i64 = 1_767_225_600;

struct Seed {
    msisdn: &'static str,
    given: &'static str,
    family: &'static str,
    email: &'static str,
    sub: &'static str,
    token: &'static str,
    old_app: bool,
    birthdate: &'static str,
    street: &'static str,
    postal_code: &'static str,
    region: &'static str,
}

const SEEDS: [Seed; 7] = [
    Seed {
        msisdn: "4791234567",
        given: "Kari",
        family: "Nordmann",
        email: "kari.nordmann@example.no",
        sub: "c06c4afe-d9e1-4c5d-939a-177d752a0944",
        token: "Wm9LkX2pQr7tNv4b",
        birthdate: "1985-03-14",
        street: "Storgata 1",
        postal_code: "0155",
        region: "Oslo",
        old_app: false,
    },
    Seed {
        msisdn: "4791234568",
        given: "Ola",
        family: "Nordmann",
        email: "ola.nordmann@example.no",
        sub: "5ad1f6c1-3b53-4e5b-8f0b-2c1c2f1d8a11",
        token: "Hq3RtY8uIo1pAs6d",
        birthdate: "1979-11-02",
        street: "Kongens gate 12",
        postal_code: "7011",
        region: "Trondheim",
        old_app: false,
    },
    Seed {
        msisdn: "4791234569",
        given: "Ingrid",
        family: "Hansen",
        email: "ingrid.hansen@example.no",
        sub: "9b7e3c52-6d0a-4f6e-b1f4-7d25a9e0c3b2",
        token: "Lk5JhG4fDs3aPo9i",
        birthdate: "1992-07-21",
        street: "Bryggen 5",
        postal_code: "5003",
        region: "Bergen",
        old_app: false,
    },
    Seed {
        msisdn: "4791234570",
        given: "Per",
        family: "Olsen",
        email: "per.olsen@example.no",
        sub: "e2a4b6c8-0d1f-4a3b-9c5d-6e7f8a9b0c1d",
        token: "Zx8CvB7nMq2wEr5t",
        birthdate: "1950-01-30",
        street: "Torget 3",
        postal_code: "9008",
        region: "Tromsø",
        old_app: true,
    },
    Seed {
        msisdn: "4791234571",
        given: "Nora",
        family: "Berg",
        email: "nora.berg@example.no",
        sub: "0f1e2d3c-4b5a-4697-8877-665544332211",
        token: "Yu6TiO0pLk3JhG2f",
        birthdate: "2001-05-09",
        street: "Markens gate 20",
        postal_code: "4611",
        region: "Kristiansand",
        old_app: false,
    },
    Seed {
        msisdn: "4520123456",
        given: "Mette",
        family: "Jensen",
        email: "mette.jensen@example.dk",
        sub: "7c9d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f",
        token: "Dk4MpY7sQ1wE9rTy",
        birthdate: "1988-09-17",
        street: "Strøget 10",
        postal_code: "1160",
        region: "København K",
        old_app: false,
    },
    Seed {
        msisdn: "358401234567",
        given: "Aino",
        family: "Virtanen",
        email: "aino.virtanen@example.fi",
        sub: "3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7",
        token: "Fi2MpZ5xC8vB1nM4",
        birthdate: "1990-12-06",
        street: "Aleksanterinkatu 15",
        postal_code: "00100",
        region: "Helsinki",
        old_app: false,
    },
];

/// The fixed demo population: five Norwegians (one with an old app), one Dane, one Finn.
pub fn demo_users() -> Vec<SimUser> {
    SEEDS
        .iter()
        .filter_map(|s| {
            // The seeds are constants; a bad one is skipped rather than panicking.
            let msisdn = Msisdn::parse(&format!("+{}", s.msisdn), Country::Norway).ok()?;
            Some(SimUser {
                name: format!("{} {}", s.given, s.family),
                given_name: s.given.to_string(),
                family_name: s.family.to_string(),
                email: s.email.to_string(),
                sub: s.sub.to_string(),
                qr_clear_text: format!("https://qr.vipps.no/28/2/01/031/{}?v=1", s.msisdn),
                qr_tokenized: format!("https://qr.vipps.no/p/{}", s.token),
                old_app: s.old_app,
                birthdate: s.birthdate.to_string(),
                street_address: s.street.to_string(),
                postal_code: s.postal_code.to_string(),
                region: s.region.to_string(),
                country: msisdn.country().code().to_string(),
                msisdn,
            })
        })
        .collect()
}

impl SimUser {
    /// The user as JSON for the control surface.
    pub(crate) fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "msisdn": self.msisdn.as_str(),
            "name": self.name,
            "given_name": self.given_name,
            "family_name": self.family_name,
            "email": self.email,
            "sub": self.sub,
            "qr_clear_text": self.qr_clear_text,
            "qr_tokenized": self.qr_tokenized,
            "old_app": self.old_app,
            "birthdate": self.birthdate,
            "address": self.address_claim(),
        })
    }

    /// The userinfo `address` claim.
    pub(crate) fn address_claim(&self) -> serde_json::Value {
        serde_json::json!({
            "street_address": self.street_address,
            "postal_code": self.postal_code,
            "region": self.region,
            "country": self.country,
            "formatted": format!("{}\n{} {}\n{}", self.street_address, self.postal_code, self.region, self.country),
            "address_type": "home",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_seed_is_a_valid_msisdn() {
        assert_eq!(demo_users().len(), SEEDS.len());
        assert!(demo_users().iter().any(|u| u.old_app));
    }
}
