//! A demo day for the books tests: receipts built by hand (`IssuedReceipt` values, as the
//! till's core will issue them), journaled through the same functions the till uses.

#![allow(dead_code)]

use kasse::books::{self, Company, Signer, Stamp};
use kasse::domain::{
    Basket, CashierTag, Currency, DrawerReason, Gtin, IssuedReceipt, JournalEvent, Line, Quantity,
    ReceiptKind, ReceiptLine, ReturnOf, Tender, TenderKind, VatRate,
};
use kasse::store::Store;
use std::path::{Path, PathBuf};

pub const POS: &str = "till1";
/// 2026-12-01 08:00:00 UTC, 09:00 in Oslo.
pub const MORNING: i64 = 1_796_112_000;
pub const OFFSET: i32 = 60;
pub const DAY: i64 = 86_400;

pub fn company() -> Company {
    Company {
        ident: "999999999".into(),
        name: "Demobutikken AS".into(),
    }
}

pub fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kasse.sqlite");
    (dir, path)
}

pub fn open(path: &Path) -> (Store, Signer) {
    let mut store = Store::open(path).unwrap();
    let signer = Signer::load_or_create(&mut store, &books::signing::key_path(path)).unwrap();
    (store, signer)
}

pub fn stamp(at: i64) -> Stamp {
    Stamp {
        at,
        utc_offset_min: OFFSET,
    }
}

/// Who takes a report at `at`: a real till (not training).
pub fn by(cashier: Option<&'static str>, at: i64) -> books::TakenBy<'static> {
    books::TakenBy {
        cashier,
        training: false,
        stamp: stamp(at),
    }
}

pub fn kari() -> CashierTag {
    CashierTag {
        id: "1".into(),
        name: "Kari Nordmann".into(),
    }
}

fn line(gtin: &str, name: &str, price: i64, n: u32, vat_bp: u16) -> Line {
    Line {
        gtin: Gtin::parse(gtin).unwrap(),
        name: name.into(),
        unit_price: price,
        quantity: Quantity::Pieces(n),
        discount: 0,
        percent: None,
        vat: VatRate::from_basis_points(vat_bp).unwrap(),
    }
}

pub fn cheese(n: u32) -> Line {
    line("7038010121005", "Norvegia", 7_990, n, 1_500)
}

pub fn batteries(n: u32) -> Line {
    line("7049901000194", "Batterier <AA> & co", 4_995, n, 2_500)
}

/// A receipt of `lines`, paid by `tenders`, with `rounding`.
pub fn receipt(
    kind: ReceiptKind,
    number: u64,
    at: i64,
    lines: Vec<Line>,
    tenders: Vec<Tender>,
    rounding: i64,
) -> IssuedReceipt {
    let mut basket = Basket::new(Currency::Nok);
    basket.lines = lines;
    IssuedReceipt {
        kind,
        training: false,
        number,
        pos_id: POS.into(),
        cashier: Some(kari()),
        issued_at: at,
        utc_offset_min: OFFSET,
        currency: Currency::Nok,
        lines: ReceiptLine::from_basket(&basket, kind),
        tenders,
        rounding,
        customer: None,
        member: false,
        return_of: None,
    }
}

pub fn vipps(amount: i64) -> Tender {
    Tender {
        kind: TenderKind::Vipps {
            reference: format!("kasse-{POS}-{amount}"),
        },
        amount,
    }
}

pub fn cash(amount: i64, tendered: i64) -> Tender {
    Tender {
        kind: TenderKind::Cash {
            tendered,
            change: tendered - amount,
        },
        amount,
    }
}

pub fn card(amount: i64) -> Tender {
    Tender {
        kind: TenderKind::Card {
            note: Some("**** 1234".into()),
        },
        amount,
    }
}

/// The receipts of the demo day, in order.
pub fn demo_receipts(at: i64) -> Vec<IssuedReceipt> {
    // A member buys 2 cheeses and batteries with Vipps MobilePay: 209,75.
    let mut member = receipt(
        ReceiptKind::Sale,
        1,
        at + 600,
        vec![cheese(2), batteries(1)],
        vec![vipps(20_975)],
        0,
    );
    member.member = true;
    member.customer = Some("xxxx 5678".into());
    // Batteries for cash: 49,95 rounds to 50,00 of a 100 note.
    let cash_sale = receipt(
        ReceiptKind::Sale,
        2,
        at + 1_200,
        vec![batteries(1)],
        vec![cash(5_000, 10_000)],
        5,
    );
    // Split: 159,80, card 100,00 and cash 59,80 → 60,00.
    let split = receipt(
        ReceiptKind::Sale,
        3,
        at + 1_800,
        vec![cheese(2)],
        vec![card(10_000), cash(6_000, 6_000)],
        20,
    );
    // One cheese of the member's sale comes back to the phone.
    let mut ret = receipt(
        ReceiptKind::Return,
        1,
        at + 3_000,
        vec![cheese(1)],
        vec![vipps(-7_990)],
        0,
    );
    ret.return_of = Some(ReturnOf {
        pos_id: POS.into(),
        number: 1,
    });
    vec![member, cash_sale, split, ret]
}

/// A training receipt (its own series).
pub fn training_receipt(at: i64) -> IssuedReceipt {
    let mut r = receipt(
        ReceiptKind::Sale,
        1,
        at,
        vec![batteries(2)],
        vec![cash(9_990, 10_000)],
        0,
    );
    r.training = true;
    r
}

fn event(store: &mut Store, at: i64, training: bool, e: JournalEvent) {
    books::append_event(store, POS, stamp(at), Some("1"), training, &e).unwrap();
}

/// Journals a whole demo day starting at `at`: start, sign-in, float, a member sale, a cash
/// sale, a split tender, a copy, a return, voids, look-ups, parking, an X report, training
/// mode with a training receipt, a count, and the Z report. Returns the Z report.
pub fn demo_day(store: &mut Store, signer: &Signer, at: i64) -> books::Report {
    event(store, at, false, JournalEvent::PosStarted);
    event(store, at + 1, false, JournalEvent::SignedIn);
    event(
        store,
        at + 2,
        false,
        JournalEvent::OpeningFloat { amount: 100_000 },
    );
    event(
        store,
        at + 3,
        false,
        JournalEvent::DrawerOpened {
            reason: DrawerReason::CashManagement,
        },
    );
    let receipts = demo_receipts(at);
    event(
        store,
        at + 100,
        false,
        JournalEvent::PriceLookup {
            gtin: "7038010121005".into(),
            price: 7_990,
        },
    );
    books::record_receipt(store, signer, &receipts[0]).unwrap();
    event(
        store,
        at + 700,
        false,
        JournalEvent::CopyPrinted {
            pos_id: POS.into(),
            number: 1,
            kind: ReceiptKind::Sale,
        },
    );
    event(
        store,
        at + 800,
        false,
        JournalEvent::LineVoided {
            gtin: "7049901000194".into(),
            name: "Batterier".into(),
            amount: 4_995,
        },
    );
    books::record_receipt(store, signer, &receipts[1]).unwrap();
    event(
        store,
        at + 1_201,
        false,
        JournalEvent::DrawerOpened {
            reason: DrawerReason::Sale,
        },
    );
    event(
        store,
        at + 1_300,
        false,
        JournalEvent::BasketParked {
            id: 1,
            amount: 7_990,
        },
    );
    event(
        store,
        at + 1_400,
        false,
        JournalEvent::BasketResumed {
            id: 1,
            amount: 7_990,
        },
    );
    books::record_receipt(store, signer, &receipts[2]).unwrap();
    event(
        store,
        at + 1_801,
        false,
        JournalEvent::DrawerOpened {
            reason: DrawerReason::Sale,
        },
    );
    event(
        store,
        at + 2_000,
        false,
        JournalEvent::SaleVoided {
            lines: 1,
            amount: 4_995,
        },
    );
    event(
        store,
        at + 2_100,
        false,
        JournalEvent::DrawerOpened {
            reason: DrawerReason::NoSale,
        },
    );
    books::record_receipt(store, signer, &receipts[3]).unwrap();
    // The return has number 1 too, in its own series: its copy is its own.
    event(
        store,
        at + 3_050,
        false,
        JournalEvent::CopyPrinted {
            pos_id: POS.into(),
            number: 1,
            kind: ReceiptKind::Return,
        },
    );
    books::take_x(store, POS, &company(), by(Some("1"), at + 3_100)).unwrap();
    event(store, at + 3_200, false, JournalEvent::TrainingOn);
    books::record_receipt(store, signer, &training_receipt(at + 3_300)).unwrap();
    event(store, at + 3_400, true, JournalEvent::TrainingOff);
    event(
        store,
        at + 3_500,
        false,
        JournalEvent::CashOut {
            amount: 20_000,
            reason: "bank".into(),
        },
    );
    event(
        store,
        at + 3_600,
        false,
        JournalEvent::CashCounted {
            counted: 91_000,
            expected: 91_000,
        },
    );
    let z = books::take_z(store, POS, &company(), by(Some("1"), at + 3_700)).unwrap();
    event(store, at + 3_800, false, JournalEvent::SignedOut);
    event(store, at + 3_900, false, JournalEvent::PosStopped);
    z
}
