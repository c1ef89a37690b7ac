//! The sale, driven message by message, with no I/O: shared helpers here, the flows in the
//! files below.

mod after_pay;
mod basket;
mod books;
mod counter;
mod customer;
mod payment;
mod printing;
mod returns;
mod signin;
mod tender;

use super::*;
use crate::config::{CaptureMode, Environment};
use crate::domain::{
    Country, Currency, Gtin, Member, MemberSource, Money, Msisdn, Product, Quantity, Unit, VatRate,
};

pub(super) fn settings(capture: CaptureMode) -> Settings {
    Settings {
        capture,
        ..Settings::for_tests()
    }
}

pub(super) fn state() -> State {
    let mut s = State::new(settings(CaptureMode::Auto));
    update(&mut s, Msg::Tick { now_ms: 1_000_000 });
    s
}

pub(super) fn msisdn() -> Msisdn {
    Msisdn::parse("91234567", Country::Norway).unwrap()
}

pub(super) const QR: &str = "https://qr.vipps.no/28/2/01/031/4791234567?v=1";
pub(super) const MILK: &str = "7038010009457";

pub(super) fn member() -> Member {
    Member {
        msisdn: msisdn(),
        sub: Some("sub-1".into()),
        name: Some("Kari Nordmann".into()),
        email: None,
        enrolled_at: 0,
        source: MemberSource::Login,
        consents: None,
    }
}

pub(super) fn product(gtin: &str, price: i64) -> ProductHit {
    ProductHit {
        product: Product {
            gtin: Gtin::parse(gtin).unwrap(),
            name: "Lettmelk".into(),
            price,
            vat: VatRate::from_basis_points(1500).unwrap(),
            unit: Unit::Piece,
            variable: None,
        },
        quantity: Quantity::Pieces(1),
        price_override: None,
    }
}

pub(super) fn ok_status(state: PayState, authorized: i64, captured: i64) -> PaymentStatus {
    PaymentStatus {
        state,
        authorized,
        captured,
        cancelled: 0,
        refunded: 0,
    }
}

pub(super) fn fail(message: &str, code: Option<ApiCode>, unknown: bool) -> ApiFailure {
    ApiFailure {
        kind: FailKind::Other,
        message: message.into(),
        code,
        unknown_outcome: unknown,
    }
}

/// The store's part: number the draft in `fx` (`number`) and answer with it, as the runtime
/// does. Returns the effects of the answer.
pub(super) fn issue(s: &mut State, fx: &[Effect], number: u64) -> Vec<Effect> {
    let (draft, foreground) = fx
        .iter()
        .find_map(|e| match e {
            Effect::IssueReceipt { draft, foreground } => Some((draft.clone(), *foreground)),
            _ => None,
        })
        .expect("an IssueReceipt effect");
    assert_eq!(draft.number, 0, "the core never numbers a receipt");
    draft.check().expect("the draft adds up");
    let mut r = *draft;
    r.number = number;
    update(
        s,
        Msg::ReceiptIssued {
            foreground,
            result: Ok(r),
        },
    )
}

/// A member scanned in and one milk in the basket.
pub(super) fn with_basket(s: &mut State) {
    let fx = update(s, Msg::Scan { payload: QR.into() });
    assert_eq!(fx, vec![Effect::LookupMember(msisdn())]);
    update(
        s,
        Msg::MemberLooked {
            msisdn: msisdn(),
            result: Ok(Some(member())),
        },
    );
    let fx = update(
        s,
        Msg::Scan {
            payload: MILK.into(),
        },
    );
    assert_eq!(fx, vec![Effect::LookupProduct(Gtin::parse(MILK).unwrap())]);
    update(
        s,
        Msg::ProductLooked {
            code: Gtin::parse(MILK).unwrap(),
            result: Ok(Some(product(MILK, 2490))),
        },
    );
}

/// Pay pressed, sale journaled, create answered: the payment waits for the customer.
pub(super) fn waiting(s: &mut State) -> String {
    with_basket(s);
    let fx = update(s, Msg::Action(Action::Pay));
    assert!(matches!(fx.as_slice(), [Effect::OpenSale { .. }]));
    let reference = "till1-000001".to_string();
    let fx = update(
        s,
        Msg::SaleOpened {
            reference: reference.clone(),
            receipt_number: "000001".into(),
        },
    );
    match fx.as_slice() {
        [Effect::CreatePayment {
            reference: r,
            idempotency_key,
            msisdn: m,
            ..
        }] => {
            assert_eq!(r, &reference);
            assert_eq!(idempotency_key, "till1-000001-create");
            assert_eq!(m, &msisdn());
        }
        other => panic!("{other:?}"),
    }
    let fx = update(
        s,
        Msg::PaymentCreated {
            reference: reference.clone(),
            result: Ok(()),
        },
    );
    assert!(matches!(
        fx.as_slice(),
        [Effect::PollPayment {
            after_ms: 5000,
            poll: Some(_),
            ..
        }]
    ));
    assert_eq!(s.payment.as_ref().unwrap().step, PayStep::Waiting);
    reference
}

/// One key, as the cashier presses it.
pub(super) fn press(s: &mut State, key: Key) -> Vec<Effect> {
    update(s, Msg::Key(key))
}

/// One action, whatever key it is bound to.
pub(super) fn act(s: &mut State, action: Action) -> Vec<Effect> {
    update(s, Msg::Action(action))
}

pub(super) fn poll_token(s: &State) -> Option<u64> {
    Some(s.payment.as_ref().unwrap().poll_token)
}

/// A GET's answer for payment `r`, from poll chain `poll`.
pub(super) fn status(s: &mut State, r: &str, poll: Option<u64>, st: PaymentStatus) -> Vec<Effect> {
    update(
        s,
        Msg::PaymentStatus {
            reference: r.to_string(),
            poll,
            result: Ok(st),
        },
    )
}
