//! Value types of the sale: pure, no I/O, unit-tested here.

mod basket;
mod gtin;
mod money;
mod msisdn;
mod product;
mod receipt;
mod scan;

pub use basket::{Basket, Line, LineTotals, Quantity};
pub use gtin::{Gtin, GtinError};
pub use money::{parse_minor, Country, Currency, Money};
pub use msisdn::{Msisdn, MsisdnError};
pub use product::{Member, MemberSource, Product, ProductHit, Unit, VariableMeasure, VatRate};
pub use receipt::{BottomLine, OrderLine, Receipt, UnitInfo};
pub use scan::{classify, ScanKind, Unreadable};
