//! Catalogue and membership records as the rest of kasse sees them.

use super::{Gtin, Line, Msisdn, Quantity};
use std::fmt;

/// A VAT rate in basis points: 2500 is 25 %, 1111 is 11.11 %. The ePayment receipt's `taxRate`
/// uses the same unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VatRate(u16);

/// The VAT groups a price typed at the till may carry in `country`, in basis points, the
/// standard rate first (Norway 25/15/12/0, Denmark 25/0, Finland 25,5/13,5/10/0).
pub fn vat_groups(country: super::Country) -> &'static [u16] {
    match country {
        super::Country::Norway => &[2500, 1500, 1200, 0],
        super::Country::Denmark => &[2500, 0],
        super::Country::Finland => &[2550, 1350, 1000, 0],
    }
}

impl VatRate {
    pub const MAX: u16 = 10_000;

    pub fn from_basis_points(bp: u16) -> Option<VatRate> {
        (bp <= Self::MAX).then_some(VatRate(bp))
    }

    pub fn basis_points(self) -> u16 {
        self.0
    }
}

impl fmt::Display for VatRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, frac) = (self.0 / 100, self.0 % 100);
        if frac == 0 {
            write!(f, "{whole} %")
        } else {
            write!(f, "{whole},{frac:02} %")
        }
    }
}

/// How a product is sold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Piece,
    /// Priced per kilogram; quantities are grams.
    Kilogram,
}

impl Unit {
    pub fn code(self) -> &'static str {
        match self {
            Unit::Piece => "pcs",
            Unit::Kilogram => "kg",
        }
    }

    pub fn from_code(s: &str) -> Option<Unit> {
        match s.trim().to_ascii_lowercase().as_str() {
            "pcs" | "stk" | "pc" | "piece" => Some(Unit::Piece),
            "kg" => Some(Unit::Kilogram),
            _ => None,
        }
    }
}

/// For in-store codes (EAN-13 with prefix 20–29): what the five value digits carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VariableMeasure {
    /// The price of the item in minor units (øre).
    Price,
    /// The weight of the item in grams.
    Weight,
}

impl VariableMeasure {
    pub fn code(self) -> &'static str {
        match self {
            VariableMeasure::Price => "price",
            VariableMeasure::Weight => "weight",
        }
    }

    pub fn from_code(s: &str) -> Option<Option<VariableMeasure>> {
        match s.trim().to_ascii_lowercase().as_str() {
            "" | "none" => Some(None),
            "price" => Some(Some(VariableMeasure::Price)),
            "weight" => Some(Some(VariableMeasure::Weight)),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub gtin: Gtin,
    pub name: String,
    /// Price per unit (per piece, or per kg) in minor units, VAT included.
    pub price: i64,
    pub vat: VatRate,
    pub unit: Unit,
    /// Set for an in-store code whose value digits carry a price or weight.
    pub variable: Option<VariableMeasure>,
}

/// How a member came to be in the club.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberSource {
    /// Enrolled at a till with Vipps Login (CIBA).
    Login,
    /// Imported from a CSV file.
    Import,
}

impl MemberSource {
    pub fn code(self) -> &'static str {
        match self {
            MemberSource::Login => "login",
            MemberSource::Import => "import",
        }
    }

    pub fn from_code(s: &str) -> Option<MemberSource> {
        match s {
            "login" => Some(MemberSource::Login),
            "import" => Some(MemberSource::Import),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub msisdn: Msisdn,
    /// Vipps Login's stable id for this person at our sales unit.
    pub sub: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    /// Unix seconds.
    pub enrolled_at: i64,
    pub source: MemberSource,
    /// The consents given at enrolment, as the JSON the Login API returned (if any).
    pub consents: Option<String>,
}

/// A scanned code resolved against the catalogue: what the till needs to make the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductHit {
    pub product: Product,
    /// Pieces, or grams decoded from a weight label. `Grams(0)` means a per-kg item scanned
    /// without a weight: the till must ask for it.
    pub quantity: Quantity,
    /// The price decoded from a price label (minor units), which replaces the catalogue price.
    pub price_override: Option<i64>,
}

impl ProductHit {
    /// True when the item is sold by weight and the code carried none.
    pub fn needs_weight(&self) -> bool {
        self.quantity == Quantity::Grams(0)
    }

    /// The basket line for this hit.
    pub fn line(&self) -> Line {
        let mut line = Line::from_product(&self.product, self.quantity);
        if let Some(price) = self.price_override {
            line.unit_price = price;
        }
        line
    }
}
