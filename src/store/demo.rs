//! The demo catalogue and club, compiled in from `assets/`, for demo mode.

use super::{ImportError, Store};
use crate::domain::Country;

const PRODUCTS: &str = include_str!("../../assets/products.csv");
const MEMBERS: &str = include_str!("../../assets/members.csv");

/// What [`Store::seed_demo`] added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SeedSummary {
    pub products: usize,
    pub members: usize,
}

impl Store {
    /// Fills an empty catalogue and an empty club from the demo assets; tables that already
    /// hold rows are left alone, so a demo database keeps what was done with it.
    pub fn seed_demo(&mut self) -> Result<SeedSummary, ImportError> {
        let mut seeded = SeedSummary::default();
        if self.count_products()? == 0 {
            seeded.products = self
                .import_products(PRODUCTS.as_bytes(), Country::Norway)?
                .added;
        }
        if self.count_members()? == 0 {
            // The demo members are Norwegian numbers written with their country code.
            seeded.members = self
                .import_members(MEMBERS.as_bytes(), Country::Norway)?
                .added;
        }
        if seeded != SeedSummary::default() {
            tracing::info!(
                products = seeded.products,
                members = seeded.members,
                "demo data seeded"
            );
        }
        Ok(seeded)
    }
}
