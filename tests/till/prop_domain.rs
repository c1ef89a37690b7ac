//! Property tests for the domain's parsers and arithmetic: money and VAT, phone numbers,
//! barcodes and scan classification.

use kasse::domain::{
    classify, parse_minor, Basket, Country, Currency, Gtin, Line, Msisdn, Quantity, ScanKind,
    VatRate,
};
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 512,
        ..ProptestConfig::default()
    }
}

/// The GS1 check digit, computed independently of the crate: weights 3,1,3,… from the right.
fn check_digit(body: &[u8]) -> u8 {
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| u32::from(*d) * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

fn digits_text(d: &[u8]) -> String {
    d.iter().map(|d| char::from(b'0' + d)).collect()
}

fn gtin13(body: &[u8]) -> Gtin {
    let mut d = body.to_vec();
    d.push(check_digit(body));
    Gtin::parse(&digits_text(&d)).unwrap()
}

fn quantity() -> impl Strategy<Value = Quantity> {
    prop_oneof![
        (0u32..=u32::MAX).prop_map(Quantity::Pieces),
        (0u32..=u32::MAX).prop_map(Quantity::Grams),
        (1u32..=20).prop_map(Quantity::Pieces),
        (1u32..=5000).prop_map(Quantity::Grams),
    ]
}

/// Prices as the CSV import and price entry allow them: up to 12 whole digits and 2 decimals.
fn price() -> impl Strategy<Value = i64> {
    prop_oneof![0i64..=100_000, 0i64..=99_999_999_999_999]
}

fn line() -> impl Strategy<Value = Line> {
    (
        proptest::collection::vec(0u8..=9, 12),
        price(),
        quantity(),
        0i64..=i64::MAX,
        prop_oneof![
            Just(0u16),
            Just(1200),
            Just(1500),
            Just(2500),
            0u16..=10_000
        ],
    )
        .prop_map(|(body, unit_price, quantity, discount, bp)| Line {
            gtin: gtin13(&body),
            name: "vare".into(),
            unit_price,
            quantity,
            discount: discount % (unit_price.max(1) * 3),
            percent: None,
            vat: VatRate::from_basis_points(bp).unwrap(),
        })
}

/// Regression: two lines whose totals together pass `i64::MAX` (a price typo in the catalogue
/// and a large quantity) made `Basket::totals` panic on overflow in debug builds and wrap round
/// in release builds.
#[test]
fn huge_lines_saturate_instead_of_overflowing() {
    let body = [7, 0, 3, 8, 0, 1, 0, 0, 0, 9, 4, 5];
    let huge = Line {
        gtin: gtin13(&body),
        name: "tastefeil".into(),
        unit_price: 99_999_999_999_999,
        quantity: Quantity::Pieces(999_999),
        discount: 0,
        percent: None,
        vat: VatRate::from_basis_points(2500).unwrap(),
    };
    let mut basket = Basket::new(Currency::Nok);
    basket.add(huge.clone());
    basket.add(Line {
        discount: 1,
        ..huge
    });
    let t = basket.totals();
    assert_eq!(t.total, i64::MAX);
    assert!(t.excl > 0 && t.tax > 0);
    let summary = basket.vat_summary();
    assert_eq!(summary.len(), 1);
    assert_eq!(summary[0].1.total, i64::MAX);
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn line_totals_add_up(l in line()) {
        let t = l.totals();
        prop_assert_eq!(t.total, t.excl + t.tax);
        prop_assert!(t.total >= 0 && t.tax >= 0 && t.excl >= 0);
        // The tax is the exact value total × r / (1 + r), rounded: within half a minor unit.
        let rate = i128::from(l.vat.basis_points());
        let exact_times_denominator = i128::from(t.total) * rate;
        let denominator = 10_000 + rate;
        let error = (i128::from(t.tax) * denominator - exact_times_denominator).abs();
        prop_assert!(2 * error <= denominator, "tax {} off the exact value", t.tax);
    }

    #[test]
    fn bottom_line_is_the_sum_of_the_lines(lines in proptest::collection::vec(line(), 0..12)) {
        let mut basket = Basket::new(Currency::Nok);
        for l in lines {
            basket.add(l);
        }
        let t = basket.totals();
        prop_assert_eq!(basket.total().minor, t.total);
        let sum: i128 = basket.lines.iter().map(|l| i128::from(l.totals().total)).sum();
        if sum > i128::from(i64::MAX) {
            // Beyond any amount the API takes: saturated, never wrapped round.
            prop_assert_eq!(t.total, i64::MAX);
            return Ok(());
        }
        prop_assert_eq!(i128::from(t.total), sum);
        prop_assert_eq!(t.total, t.excl + t.tax);
        let by_rate = basket.vat_summary();
        prop_assert_eq!(by_rate.iter().map(|(_, r)| r.total).sum::<i64>(), t.total);
        prop_assert_eq!(by_rate.iter().map(|(_, r)| r.tax).sum::<i64>(), t.tax);
    }

    #[test]
    fn amounts_parse_back_from_their_text(minor in 0i64..=99_999_999_999_999) {
        let text = kasse::domain::Money::new(minor, Currency::Nok).amount_text();
        prop_assert_eq!(parse_minor(&text), Some(minor));
    }

    #[test]
    fn parse_minor_never_panics(text in "\\PC{0,24}") {
        if let Some(v) = parse_minor(&text) {
            prop_assert!(v >= 0);
        }
    }

    #[test]
    fn norwegian_and_danish_numbers_round_trip(
        first in prop_oneof![Just('4'), Just('9')],
        rest in "[0-9]{7}",
        dk_first in 2u8..=9,
        dk_rest in "[0-9]{7}",
    ) {
        let no = Msisdn::parse(&format!("{first}{rest}"), Country::Norway).unwrap();
        prop_assert_eq!(Msisdn::parse(&no.pretty(), Country::Denmark), Ok(no.clone()));
        prop_assert_eq!(Msisdn::parse(no.as_str(), Country::Norway), Ok(no.clone()));
        prop_assert!(no.masked().ends_with(&rest[4..]));
        let dk = Msisdn::parse(&format!("{dk_first}{dk_rest}"), Country::Denmark).unwrap();
        prop_assert_eq!(Msisdn::parse(&dk.pretty(), Country::Norway), Ok(dk.clone()));
        prop_assert_eq!(Msisdn::parse(&format!("00{}", dk.as_str()), Country::Finland), Ok(dk));
    }

    #[test]
    fn finnish_numbers_round_trip(second in prop_oneof![Just("4"), Just("50")], rest in "[0-9]{6,8}") {
        let typed = format!("0{second}{rest}");
        let fi = Msisdn::parse(&typed, Country::Finland).unwrap();
        prop_assert_eq!(fi.country(), Country::Finland);
        prop_assert_eq!(Msisdn::parse(&fi.pretty(), Country::Norway), Ok(fi.clone()));
        prop_assert_eq!(Msisdn::parse(&format!("+{}", fi.as_str()), Country::Denmark), Ok(fi));
    }

    #[test]
    fn any_text_is_a_number_or_an_error(text in "\\PC{0,40}", c in 0usize..3) {
        let country = [Country::Norway, Country::Denmark, Country::Finland][c];
        if let Ok(m) = Msisdn::parse(&text, country) {
            prop_assert!(m.as_str().bytes().all(|b| b.is_ascii_digit()));
            prop_assert_eq!(Msisdn::parse(&m.pretty(), country), Ok(m.clone()));
            let _ = m.masked();
        }
    }

    #[test]
    fn gtin_with_computed_check_digit_parses(body in proptest::collection::vec(0u8..=9, 12)) {
        let mut d = body.clone();
        d.push(check_digit(&body));
        let text = digits_text(&d);
        let g = Gtin::parse(&text).unwrap();
        prop_assert_eq!(g.as_str(), text.as_str());
        prop_assert_eq!(classify(&text), ScanKind::Product(g));
    }

    #[test]
    fn any_single_digit_change_fails(
        body in proptest::collection::vec(0u8..=9, 12),
        at in 0usize..13,
        delta in 1u8..=9,
    ) {
        let mut d = body.clone();
        d.push(check_digit(&body));
        d[at] = (d[at] + delta) % 10;
        prop_assert!(Gtin::parse(&digits_text(&d)).is_err());
    }

    #[test]
    fn in_store_codes_split_into_item_and_value(
        item in proptest::collection::vec(0u8..=9, 6),
        value in 0u32..=99_999,
    ) {
        let mut body = vec![2];
        body.extend(&item);
        body.extend(format!("{value:05}").bytes().map(|b| b - b'0'));
        let (base, got) = gtin13(&body).in_store_parts().unwrap();
        prop_assert_eq!(got, value);
        prop_assert!(base.as_str().starts_with(&digits_text(&body[..7])));
        prop_assert_eq!(&base.as_str()[7..12], "00000");
        prop_assert!(Gtin::parse(base.as_str()).is_ok());
    }

    #[test]
    fn classify_never_panics(text in "\\PC{0,300}") {
        match classify(&text) {
            ScanKind::Product(g) => prop_assert!(Gtin::parse(g.as_str()).is_ok()),
            ScanKind::PersonalQr { raw, .. } => prop_assert!(!raw.is_empty()),
            ScanKind::Unknown(why) => prop_assert!(!why.to_string().is_empty()),
        }
    }

    #[test]
    fn gs1_element_strings_give_the_gtin(body in proptest::collection::vec(0u8..=9, 13), tail in "[0-9A-Z]{0,20}") {
        let mut d = body.clone();
        d.push(check_digit(&body));
        let g14 = digits_text(&d);
        match classify(&format!("01{g14}{tail}")) {
            ScanKind::Product(g) => prop_assert_eq!(g, Gtin::parse(&g14).unwrap().normalized()),
            other => prop_assert!(false, "not a product: {:?}", other),
        }
    }
}
