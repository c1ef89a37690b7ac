//! Shared by the screen tests: a till driven through the real core, and drawing helpers.
#![allow(dead_code)] // each test crate uses its own share of these

use kasse::config::{CaptureMode, Environment, Language};
use kasse::domain::{
    Country, Currency, Gtin, Member, MemberSource, Msisdn, Product, Quantity, Unit, VatRate,
};
use kasse::till::{
    self, Action, Effect, Key, Msg, PayState, PaymentStatus, ProductHit, Settings, State,
};
use kasse::ui;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;

pub const MEMBER_PHONE: &str = "91234567";

pub fn settings(language: Language, environment: Environment) -> Settings {
    Settings {
        pos_id: "kasse-1".into(),
        shop_name: "Bakeriet på hjørnet".into(),
        capture: CaptureMode::Confirm,
        language,
        environment,
        ..Settings::for_tests()
    }
}

/// A shop in the market that speaks `language`: Danish in Denmark (DKK), Finnish in Finland
/// (EUR), bokmål and English in Norway (NOK). The words follow the language, the money the market.
pub fn shop(language: Language, environment: Environment) -> State {
    let (country, currency) = match language {
        Language::Danish => (Country::Denmark, Currency::Dkk),
        Language::Finnish => (Country::Finland, Currency::Eur),
        Language::Norwegian | Language::English => (Country::Norway, Currency::Nok),
    };
    let mut s = State::new(Settings {
        country,
        currency,
        ..settings(language, environment)
    });
    send(&mut s, Msg::Tick { now_ms: 1_000_000 });
    s
}

/// The member's phone number as a cashier in `country` types it.
pub fn phone_in(country: Country) -> &'static str {
    match country {
        Country::Norway => MEMBER_PHONE,
        Country::Denmark => "20123456",
        Country::Finland => "040 123 4567",
    }
}

pub fn msisdn_in(country: Country) -> Msisdn {
    Msisdn::parse(phone_in(country), country).expect("test number")
}

pub fn till(language: Language, environment: Environment) -> State {
    let mut s = State::new(settings(language, environment));
    send(&mut s, Msg::Tick { now_ms: 1_000_000 });
    s
}

pub fn send(s: &mut State, msg: Msg) -> Vec<Effect> {
    till::update(s, msg)
}

pub fn keys(s: &mut State, keys: &[Key]) {
    for k in keys {
        send(s, Msg::Key(*k));
    }
}

pub fn typed(s: &mut State, text: &str) {
    for c in text.chars() {
        send(s, Msg::Key(Key::Char(c)));
    }
}

pub fn tick(s: &mut State, now_ms: u64) {
    send(s, Msg::Tick { now_ms });
}

/// `body`: a GTIN-13 without its check digit.
pub fn product(gtin: &str, name: &str, price: i64, vat_bp: u16, unit: Unit) -> Product {
    Product {
        gtin: Gtin::parse(&with_check_digit(gtin)).expect("test GTIN"),
        name: name.into(),
        price,
        vat: VatRate::from_basis_points(vat_bp).expect("test VAT"),
        unit,
        variable: None,
    }
}

pub fn scan(s: &mut State, p: Product, quantity: Quantity) {
    let code = p.gtin.clone();
    send(
        s,
        Msg::ProductLooked {
            code,
            result: Ok(Some(ProductHit {
                product: p,
                quantity,
                price_override: None,
            })),
        },
    );
}

/// A small, ordinary basket: two rates, a weighed line, a discount.
pub fn fill_basket(s: &mut State) {
    scan(
        s,
        product("703801000945", "Lettmelk 1 l", 2490, 1500, Unit::Piece),
        Quantity::Pieces(2),
    );
    scan(
        s,
        product("731104101355", "Grovbrød", 4990, 1500, Unit::Piece),
        Quantity::Pieces(1),
    );
    scan(
        s,
        product("201234500000", "Reker", 18990, 1500, Unit::Kilogram),
        Quantity::Grams(532),
    );
    scan(
        s,
        product("590123412345", "Handlenett", 3900, 2500, Unit::Piece),
        Quantity::Pieces(1),
    );
    // 10 % off the shrimp, typed in the discount dialog.
    keys(s, &[Key::Up, Key::F(6)]);
    typed(s, "10%");
    keys(s, &[Key::Enter]);
}

pub fn msisdn() -> Msisdn {
    Msisdn::parse(MEMBER_PHONE, Country::Norway).expect("test number")
}

/// The cashier types the number (F2); the store answers.
pub fn identify(s: &mut State, member: Option<&str>) {
    let country = s.settings.country;
    let msisdn = || msisdn_in(country);
    keys(s, &[Key::F(2)]);
    typed(s, phone_in(country));
    let effects = send(s, Msg::Key(Key::Enter));
    assert!(effects.contains(&Effect::LookupMember(msisdn())));
    let found = member.map(|name| Member {
        msisdn: msisdn(),
        sub: None,
        name: Some(name.into()),
        email: None,
        enrolled_at: 0,
        source: MemberSource::Import,
        consents: None,
    });
    let effects = send(
        s,
        Msg::MemberLooked {
            msisdn: msisdn(),
            result: Ok(found),
        },
    );
    // Norway checks a member in; the till decides where check-in applies.
    if member.is_some() && country == Country::Norway {
        assert!(effects.contains(&Effect::CheckIn { msisdn: msisdn() }));
    }
    if effects.contains(&Effect::CheckIn { msisdn: msisdn() }) {
        send(
            s,
            Msg::CheckedIn {
                msisdn: msisdn(),
                result: Ok(()),
            },
        );
    }
}

pub const REFERENCE: &str = "kasse-1-000042-1";

/// F8, the journal, the create: the push message is on the customer's phone.
pub fn pay_until_waiting(s: &mut State) {
    let effects = send(s, Msg::Action(Action::Pay));
    assert!(matches!(effects.first(), Some(Effect::OpenSale { .. })));
    send(
        s,
        Msg::SaleOpened {
            reference: REFERENCE.into(),
            receipt_number: "000042".into(),
        },
    );
    send(
        s,
        Msg::PaymentCreated {
            reference: REFERENCE.into(),
            result: Ok(()),
        },
    );
}

pub fn status(state: PayState, amount: i64, captured: i64) -> PaymentStatus {
    PaymentStatus {
        state,
        authorized: amount,
        captured,
        cancelled: 0,
        refunded: 0,
    }
}

pub fn authorize(s: &mut State) {
    let (amount, token) = s
        .payment
        .as_ref()
        .map(|p| (p.amount.minor, p.poll_token))
        .expect("a payment on screen");
    send(
        s,
        Msg::PaymentStatus {
            reference: REFERENCE.into(),
            poll: Some(token),
            result: Ok(status(PayState::Authorized, amount, 0)),
        },
    );
}

/// Capture mode "confirm": the capture key takes the whole authorized amount, and the
/// receipt is issued as number 42.
pub fn capture_whole(s: &mut State) {
    let effects = send(s, Msg::Action(Action::Capture));
    let Some(Effect::Capture { amount, .. }) = effects.first() else {
        panic!("capture asked for: {effects:?}");
    };
    let amount = amount.minor;
    let effects = send(
        s,
        Msg::Captured {
            reference: REFERENCE.into(),
            result: Ok(status(PayState::Authorized, amount, amount)),
        },
    );
    issue_receipt(s, &effects, 42);
}

/// The store's side of issuing: the draft among `effects` comes back numbered `number`.
pub fn issue_receipt(s: &mut State, effects: &[Effect], number: u64) {
    let mut receipt = effects
        .iter()
        .find_map(|e| match e {
            Effect::IssueReceipt { draft, .. } => Some((**draft).clone()),
            _ => None,
        })
        .expect("the receipt is issued");
    receipt.number = number;
    send(
        s,
        Msg::ReceiptIssued {
            foreground: true,
            result: Ok(receipt),
        },
    );
    assert!(
        s.done.is_some(),
        "the sale is done once its receipt is issued"
    );
}

pub fn render(s: &State, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    terminal
        .draw(|f| ui::draw(f, s))
        .expect("drawing to a test backend");
    terminal
}

pub fn picture(s: &State, width: u16, height: u16) -> String {
    render(s, width, height).backend().to_string()
}

pub fn member_with_basket(lang: Language) -> State {
    let mut s = till(lang, Environment::Test);
    fill_basket(&mut s);
    identify(&mut s, Some("Kari Nordmann"));
    s
}

/// A payment parked in the background, so Recall and the quit confirmation have work.
pub fn with_parked_sale(lang: Language) -> State {
    let mut s = member_with_basket(lang);
    pay_until_waiting(&mut s);
    keys(&mut s, &[Key::F(9)]);
    assert_eq!(s.background.len(), 1);
    s
}

pub fn with_check_digit(body: &str) -> String {
    let sum: u32 = body
        .chars()
        .rev()
        .filter_map(|c| c.to_digit(10))
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { d * 3 } else { d })
        .sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

pub fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let row: String = (area.left()..area.right())
            .map(|x| buf[(x, y)].symbol())
            .collect::<String>();
        if let Some(byte) = row.find(needle) {
            let col = row[..byte].chars().count();
            return Some((u16::try_from(col).ok()?, y));
        }
    }
    None
}
