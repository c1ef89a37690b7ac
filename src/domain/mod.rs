//! Value types of the sale: pure, no I/O, unit-tested here.

mod basket;
mod event;
mod gtin;
mod ids;
pub mod in_store;
mod issued;
mod money;
mod msisdn;
mod orgnr;
mod product;
mod receipt;
mod scan;
mod settle;
mod tender;

pub use basket::{Basket, Limits, Line, LineTotals, Quantity};
pub use event::{DrawerReason, JournalEvent, ReportKind};
pub use gtin::{Gtin, GtinError};
pub use ids::{IdError, IdempotencyKey, ReceiptNumber, Reference, INSTALLATION_LEN};
pub use issued::{
    trans_nr, CashierTag, IssuedReceipt, ReceiptError, ReceiptKind, ReceiptLine, ReturnOf, VatSum,
};
pub use money::{parse_minor, Country, Currency, Money};
pub use msisdn::{Msisdn, MsisdnError};
pub use orgnr::{OrgNumber, OrgNumberError};
pub use product::{
    vat_groups, Member, MemberSource, Product, ProductHit, Unit, VariableMeasure, VatRate,
};
pub use receipt::{BottomLine, OrderLine, Receipt, UnitInfo};
pub use scan::{classify, ScanKind, Unreadable};
pub use settle::{captured_on_close, refund_to_add};
pub use tender::{cash_unit, round_cash, Tender, TenderKind};
