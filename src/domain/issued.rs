//! An issued receipt: the one record of a finished sale or return.
//!
//! Everything that speaks of a finished sale reads this one shape: the screen, the printer
//! (ESC/POS and plain text), the electronic journal (stored whole, as JSON), the X and Z
//! reports and the SAF-T Cash Register export. It is built once, when the last tender is
//! settled, and never changed after: a copy is a print of the same record.

use super::{Basket, Currency, Quantity, Tender};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptKind {
    /// "Salgskvittering".
    #[default]
    Sale,
    /// "Returkvittering": its own number series, negative amounts.
    Return,
}

/// Who rang up the receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CashierTag {
    pub id: String,
    pub name: String,
}

/// The receipt a return was made against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnOf {
    pub pos_id: String,
    pub number: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptLine {
    pub gtin: String,
    pub name: String,
    pub quantity: Quantity,
    /// Per piece or per kg, VAT included, before discount; always positive.
    pub unit_price: i64,
    /// The line's discount, positive, as a part of the gross; 0 when none.
    pub discount: i64,
    /// Including VAT, after discount; negative on a return.
    pub total: i64,
    pub excl: i64,
    pub tax: i64,
    pub vat_bp: u16,
}

/// VAT of one rate on the receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VatSum {
    pub vat_bp: u16,
    /// The base the VAT is computed on (excluding VAT).
    pub base: i64,
    pub tax: i64,
    /// Including VAT.
    pub total: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedReceipt {
    pub kind: ReceiptKind,
    /// Demo/training use: its own number series, never in the real totals.
    pub training: bool,
    /// Consecutive per till, per kind and per training flag, issued receipts only.
    pub number: u64,
    pub pos_id: String,
    pub cashier: Option<CashierTag>,
    /// Seconds since the Unix epoch (UTC).
    pub issued_at: i64,
    /// The shop's offset from UTC at that moment, in minutes (for the printed local time).
    pub utc_offset_min: i32,
    pub currency: Currency,
    pub lines: Vec<ReceiptLine>,
    pub tenders: Vec<Tender>,
    /// Cash rounding, its own amount: `sum(tenders) == total() + rounding`.
    pub rounding: i64,
    /// The customer's masked phone number, when one was identified.
    pub customer: Option<String>,
    pub member: bool,
    pub return_of: Option<ReturnOf>,
}

/// Why a receipt record does not add up; a bug, never the cashier's doing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReceiptError {
    #[error("tenders {tenders} do not settle total {total} with rounding {rounding}")]
    Unsettled {
        tenders: i64,
        total: i64,
        rounding: i64,
    },
    #[error("a line's amounts do not add up: {0}")]
    Line(String),
    #[error("a {kind:?} receipt has an amount of the wrong sign")]
    Sign { kind: ReceiptKind },
}

impl ReceiptLine {
    /// The lines of a basket; on a return the amounts are negated (quantities stay positive).
    pub fn from_basket(basket: &Basket, kind: ReceiptKind) -> Vec<ReceiptLine> {
        let sign = match kind {
            ReceiptKind::Sale => 1,
            ReceiptKind::Return => -1,
        };
        basket
            .lines
            .iter()
            .map(|l| {
                let t = l.totals();
                ReceiptLine {
                    gtin: l.gtin.to_string(),
                    name: l.name.clone(),
                    quantity: l.quantity,
                    unit_price: l.unit_price,
                    discount: l.discount_amount(),
                    total: sign * t.total,
                    excl: sign * t.excl,
                    tax: sign * t.tax,
                    vat_bp: l.vat.basis_points(),
                }
            })
            .collect()
    }
}

impl ReceiptLine {
    /// The basket line this receipt line was made of (a return's or a parked basket's way
    /// back); `None` if a stored code or rate no longer reads.
    pub fn to_line(&self) -> Option<super::Line> {
        Some(super::Line {
            gtin: super::Gtin::parse(&self.gtin).ok()?,
            name: self.name.clone(),
            unit_price: self.unit_price,
            quantity: self.quantity,
            discount: self.discount,
            // The amount is what the receipt gave; a percent is not kept on a receipt.
            percent: None,
            vat: super::VatRate::from_basis_points(self.vat_bp)?,
        })
    }
}

/// A receipt's number in its series, as the signature chain, the export and the print queue
/// name it: sales `1`, returns `R1`, training sales `T1`, training returns `TR1`.
pub fn trans_nr(kind: ReceiptKind, training: bool, number: u64) -> String {
    let prefix = match (training, kind) {
        (false, ReceiptKind::Sale) => "",
        (false, ReceiptKind::Return) => "R",
        (true, ReceiptKind::Sale) => "T",
        (true, ReceiptKind::Return) => "TR",
    };
    format!("{prefix}{number}")
}

impl IssuedReceipt {
    /// This receipt's [`trans_nr`].
    pub fn trans_nr(&self) -> String {
        trans_nr(self.kind, self.training, self.number)
    }

    /// The sum of the lines, VAT included (negative on a return).
    pub fn total(&self) -> i64 {
        self.lines.iter().map(|l| l.total).sum()
    }

    pub fn total_excl(&self) -> i64 {
        self.lines.iter().map(|l| l.excl).sum()
    }

    pub fn total_tax(&self) -> i64 {
        self.lines.iter().map(|l| l.tax).sum()
    }

    /// What the tenders settle: the total after cash rounding.
    pub fn payable(&self) -> i64 {
        self.total() + self.rounding
    }

    /// Cash handed back to the customer on this receipt.
    pub fn change(&self) -> i64 {
        self.tenders
            .iter()
            .map(|t| match t.kind {
                super::TenderKind::Cash { change, .. } => change,
                _ => 0,
            })
            .sum()
    }

    pub fn discounts(&self) -> i64 {
        self.lines.iter().map(|l| l.discount).sum()
    }

    /// VAT per rate, highest rate first.
    pub fn vat_summary(&self) -> Vec<VatSum> {
        let mut sums: Vec<VatSum> = Vec::new();
        for l in &self.lines {
            match sums.iter_mut().find(|s| s.vat_bp == l.vat_bp) {
                Some(s) => {
                    s.base += l.excl;
                    s.tax += l.tax;
                    s.total += l.total;
                }
                None => sums.push(VatSum {
                    vat_bp: l.vat_bp,
                    base: l.excl,
                    tax: l.tax,
                    total: l.total,
                }),
            }
        }
        sums.sort_by_key(|s| std::cmp::Reverse(s.vat_bp));
        sums
    }

    /// The invariants every issued receipt keeps; checked before it is journaled.
    pub fn check(&self) -> Result<(), ReceiptError> {
        for l in &self.lines {
            if l.excl + l.tax != l.total {
                return Err(ReceiptError::Line(l.name.clone()));
            }
        }
        let wrong_sign = match self.kind {
            ReceiptKind::Sale => self.lines.iter().any(|l| l.total < 0),
            ReceiptKind::Return => self.lines.iter().any(|l| l.total > 0),
        };
        if wrong_sign {
            return Err(ReceiptError::Sign { kind: self.kind });
        }
        let tenders: i64 = self.tenders.iter().map(|t| t.amount).sum();
        if tenders != self.payable() {
            return Err(ReceiptError::Unsettled {
                tenders,
                total: self.total(),
                rounding: self.rounding,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Gtin, Line, TenderKind, VatRate};

    fn basket() -> Basket {
        let mut b = Basket::new(Currency::Nok);
        b.lines.push(Line {
            gtin: Gtin::parse("7038010121005").unwrap(),
            name: "Norvegia".into(),
            unit_price: 7_990,
            quantity: Quantity::Pieces(2),
            discount: 0,
            percent: None,
            vat: VatRate::from_basis_points(1_500).unwrap(),
        });
        b.lines.push(Line {
            gtin: Gtin::parse("7049901000194").unwrap(),
            name: "Batterier".into(),
            unit_price: 4_995,
            quantity: Quantity::Pieces(1),
            discount: 0,
            percent: None,
            vat: VatRate::from_basis_points(2_500).unwrap(),
        });
        b
    }

    fn receipt(kind: ReceiptKind, tenders: Vec<Tender>, rounding: i64) -> IssuedReceipt {
        IssuedReceipt {
            kind,
            training: false,
            number: 1,
            pos_id: "kasse-1".into(),
            cashier: None,
            issued_at: 1_764_633_600,
            utc_offset_min: 60,
            currency: Currency::Nok,
            lines: ReceiptLine::from_basket(&basket(), kind),
            tenders,
            rounding,
            customer: None,
            member: false,
            return_of: None,
        }
    }

    #[test]
    fn a_cash_sale_settles_with_its_rounding() {
        // 2 × 79,90 + 49,95 = 209,75 → cash 210,00, rounding +0,25, change 40,00 of 250,00.
        let r = receipt(
            ReceiptKind::Sale,
            vec![Tender {
                kind: TenderKind::Cash {
                    tendered: 25_000,
                    change: 4_000,
                },
                amount: 21_000,
            }],
            25,
        );
        assert_eq!(r.total(), 20_975);
        assert_eq!(r.change(), 4_000);
        r.check().unwrap();
        let vat = r.vat_summary();
        assert_eq!(vat[0].vat_bp, 2_500);
        assert_eq!(vat[0].tax + vat[1].tax, r.total_tax());
    }

    #[test]
    fn an_unsettled_receipt_is_refused() {
        let r = receipt(
            ReceiptKind::Sale,
            vec![Tender {
                kind: TenderKind::Card { note: None },
                amount: 20_000,
            }],
            0,
        );
        assert!(matches!(r.check(), Err(ReceiptError::Unsettled { .. })));
    }

    #[test]
    fn a_return_is_negative_and_round_trips_as_json() {
        let r = receipt(
            ReceiptKind::Return,
            vec![Tender {
                kind: TenderKind::Vipps {
                    reference: "kasse-1-a1b2-000042".into(),
                },
                amount: -20_975,
            }],
            0,
        );
        r.check().unwrap();
        assert_eq!(r.total(), -20_975);
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(serde_json::from_str::<IssuedReceipt>(&json).unwrap(), r);
    }
}
