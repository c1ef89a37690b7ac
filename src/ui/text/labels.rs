//! Fixed words: headings, button names, key help, payment steps.

use super::pick;
use crate::config::Language;
use crate::domain::MsisdnError;
use crate::till::{Action, PayStep};

/// A fixed piece of screen text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum T {
    Basket,
    Item,
    Qty,
    UnitPrice,
    Discount,
    LineTotal,
    Total,
    Vat,
    VatOf,
    EmptyBasket,
    MoreLines,
    Customer,
    NoCustomer,
    Member,
    NotMember,
    LookingUp,
    MemberUnknown,
    CheckinSending,
    CheckinSent,
    CheckinFailed,
    EnrolHint,
    Enrolment,
    EnrolCompare,
    EnrolStarting,
    EnrolWaiting,
    EnrolFinishing,
    EnrolFailed,
    Payment,
    ExpiresIn,
    Receipt,
    ReceiptNo,
    Reference,
    CustomerName,
    NextCustomer,
    Parked,
    Recovered,
    Phone,
    PhoneEmpty,
    PhonePay,
    PhoneLogin,
    PhoneAnswer,
    DemoScans,
    Help,
    HelpClose,
    TooSmall,
    Scanner,
    ScannerNone,
    ScannerLost,
    Printer,
    PrinterReady,
    PrinterAway,
    PrinterDrawerOpen,
    PrinterPaperLow,
    Webhooks,
    WebhooksLive,
    WebhooksRetrying,
    PollingOnly,
    Api,
    ClubOffline,
    ApiOk,
    ApiDegraded,
    Till,
    PhoneTitle,
    PhonePrompt,
    SearchTitle,
    SearchPrompt,
    SaleLabel,
    Amount,
    SearchHint,
    NoHits,
    QuantityTitle,
    QuantityGrams,
    QuantityPieces,
    DiscountTitle,
    DiscountHint,
    RefundFindTitle,
    RefundFindHint,
    RefundAmountTitle,
    Captured,
    Refunded,
    AtMost,
    RecallTitle,
    NotPaid,
    RefundCheckingTitle,
    RefundChecking,
    RefundConfirmTitle,
    RefundConfirmText,
    RefundConfirmKeys,
    ConfirmQuantityTitle,
    ConfirmQuantityText,
    ConfirmCancelTitle,
    ConfirmCancelText,
    ConfirmReleaseTitle,
    ConfirmReleaseText,
    ConfirmQuitBasketText,
    ConfirmQuitFailedText,
    ConfirmQuitTitle,
    ConfirmQuitText,
    ConfirmClearTitle,
    ConfirmClearText,
    YesNo,
    OkCancel,
    PickOkCancel,
    KeyArrows,
    KeyPlusMinus,
    KeyEnter,
    KeyEsc,
    WindowTooSmall,
    BarKeyYes,
    BarKeyNo,
    BarKeyOk,
    BarKeyCancel,
    BarKeyClose,
    BarKeyPick,
    BarKeyMark,
    BarKeyField,
    BarKeyVat,
    BarKeyAdd,
    BarKeyDrop,
    BarKeyErase,
    KeyedLabel,
    OpenPriceTitle,
    OpenPriceCode,
    OpenPricePrice,
    OpenPriceVat,
    ConfirmCancelEnrolTitle,
    ConfirmCancelEnrolText,
    KeyPages,
    KeyDigits,
}

/// The text for `what` in `lang`.
pub fn t(lang: Language, what: T) -> &'static str {
    let (nb, en) = match what {
        T::Basket => ("Kurv", "Basket"),
        T::Item => ("Vare", "Item"),
        T::Qty => ("Antall", "Qty"),
        T::UnitPrice => ("Pris", "Price"),
        T::Discount => ("Rabatt", "Discount"),
        T::LineTotal => ("Sum", "Amount"),
        T::Total => ("Totalt", "Total"),
        T::Vat => ("MVA", "VAT"),
        T::VatOf => ("av", "of"),
        T::EmptyBasket => (
            "Kurven er tom – skann en vare eller søk med F4",
            "The basket is empty – scan an item or search with F4",
        ),
        T::MoreLines => ("linjer til", "more lines"),
        T::Customer => ("Kunde", "Customer"),
        T::NoCustomer => (
            "Ingen kunde – skann kundens QR-kode eller trykk F2",
            "No customer – scan their QR code or press F2",
        ),
        T::Member => ("★ Medlem", "★ Member"),
        T::NotMember => ("Ikke medlem", "Not a member"),
        T::LookingUp => ("Slår opp …", "Looking up…"),
        T::MemberUnknown => ("Medlemskap ukjent", "Membership unknown"),
        T::CheckinSending => ("Sjekker inn …", "Checking in…"),
        T::CheckinSent => ("Innsjekket ✓", "Checked in ✓"),
        T::CheckinFailed => ("Innsjekk feilet", "Check-in failed"),
        T::EnrolHint => ("F3 = meld inn i klubben", "F3 = enrol in the club"),
        T::Enrolment => ("Innmelding i kundeklubben", "Club enrolment"),
        T::EnrolCompare => (
            "Kunden skal se samme kode på telefonen:",
            "The customer must see this code on their phone:",
        ),
        T::EnrolStarting => ("Sender forespørsel …", "Sending the request…"),
        T::EnrolWaiting => ("Venter på kunden", "Waiting for the customer"),
        T::EnrolFinishing => ("Fullfører …", "Finishing…"),
        T::EnrolFailed => ("Innmeldingen mislyktes", "The enrolment failed"),
        T::Payment => ("Betaling", "Payment"),
        T::ExpiresIn => ("Utløper om", "Expires in"),
        T::Receipt => ("Kvittering", "Receipt"),
        T::ReceiptNo => ("Kvitteringsnr.", "Receipt no."),
        T::Reference => ("Referanse", "Reference"),
        T::CustomerName => ("Kunde", "Customer"),
        T::NextCustomer => (
            "Enter / neste skanning = neste kunde",
            "Enter / next scan = next customer",
        ),
        T::Parked => ("Parkerte salg", "Parked sales"),
        T::Recovered => ("Gjenopprettet", "Recovered"),
        T::Phone => ("Kundens telefon (demo)", "Customer's phone (demo)"),
        T::PhoneEmpty => ("Ingen forespørsler", "No requests"),
        T::PhonePay => ("Betal", "Pay"),
        T::PhoneLogin => ("Logg inn, kode", "Log in, code"),
        T::PhoneAnswer => ("a = godkjenn  x = avvis", "a = approve  x = reject"),
        T::DemoScans => (
            "m = medlem  n = gjest  b = vare",
            "m = member  n = guest  b = item",
        ),
        T::Help => ("Hjelp – taster", "Help – keys"),
        T::HelpClose => ("Trykk en tast for å lukke", "Press any key to close"),
        T::TooSmall => ("For lite vindu: minst 40×10", "Too small: need 40×10"),
        T::Scanner => ("Skanner", "Scanner"),
        T::ScannerNone => ("ingen", "none"),
        T::ScannerLost => ("frakoblet", "lost"),
        T::Printer => ("Skriver", "Printer"),
        T::PrinterReady => ("klar", "ready"),
        T::PrinterAway => ("borte", "away"),
        T::PrinterDrawerOpen => ("skuff åpen", "drawer open"),
        T::PrinterPaperLow => ("lite papir", "paper low"),
        T::Webhooks => ("Webhooks", "Webhooks"),
        T::WebhooksLive => ("live", "live"),
        T::WebhooksRetrying => ("port opptatt, prøver igjen om", "port busy, retrying in"),
        T::PollingOnly => ("kun polling", "polling only"),
        T::Api => ("API", "API"),
        T::ApiOk => ("OK", "OK"),
        T::ClubOffline => ("klubb frakoblet", "club offline"),
        T::ApiDegraded => ("problemer", "trouble"),
        T::Till => ("Kasse", "Till"),
        T::PhoneTitle => ("Kundens telefonnummer", "Customer's phone number"),
        T::PhonePrompt => ("Nummer", "Number"),
        T::SearchTitle => ("Søk etter vare", "Search products"),
        T::SearchPrompt => ("Søk", "Search"),
        T::SaleLabel => ("Salg", "Sale"),
        T::Amount => ("Beløp", "Amount"),
        T::SearchHint => ("Skriv minst to tegn", "Type at least two characters"),
        T::NoHits => ("Ingen treff", "No matches"),
        T::QuantityTitle => ("Endre antall", "Change quantity"),
        T::QuantityGrams => ("Vekt i gram", "Weight in grams"),
        T::QuantityPieces => ("Antall stk (0 sletter)", "Pieces (0 removes)"),
        T::DiscountTitle => ("Rabatt på linjen", "Discount on the line"),
        T::DiscountHint => (
            "Kroner (20 eller 19,90) eller prosent (10%)",
            "Amount (20 or 19,90) or percent (10%)",
        ),
        T::RefundFindTitle => ("Refusjon – finn salget", "Refund – find the sale"),
        T::RefundFindHint => (
            "Kvitteringsnummer eller referanse",
            "Receipt number or reference",
        ),
        T::RefundAmountTitle => ("Refusjon – beløp", "Refund – amount"),
        T::Captured => ("Trukket", "Captured"),
        T::Refunded => ("Refundert", "Refunded"),
        T::AtMost => ("Høyst", "At most"),
        T::RecallTitle => ("Hent parkert salg", "Recall a parked sale"),
        T::NotPaid => ("ikke betalt", "not paid"),
        T::RefundCheckingTitle => ("Refusjon", "Refund"),
        T::RefundChecking => (
            "Spør Vipps hva som er trukket og refundert …",
            "Asking Vipps what is captured and refunded…",
        ),
        T::RefundConfirmTitle => ("Refundere?", "Refund?"),
        T::RefundConfirmText => (
            "Dette refunderes til kunden",
            "This goes back to the customer",
        ),
        T::RefundConfirmKeys => (
            "Enter / J = refunder    N = endre    Esc = avbryt",
            "Enter / Y = refund    N = change    Esc = cancel",
        ),
        T::ConfirmQuantityTitle => ("Uvanlig mange?", "Unusually many?"),
        T::ConfirmQuantityText => (
            "Så mange er uvanlig. Stemmer antallet / vekten?",
            "That is unusually many. Is the quantity / weight right?",
        ),
        T::ConfirmCancelTitle => ("Avbryte betalingen?", "Cancel the payment?"),
        T::ConfirmCancelText => (
            "Betalingsforespørselen på kundens telefon trekkes tilbake. Kurven blir stående.",
            "The request on the customer's phone is withdrawn. The basket stays.",
        ),
        T::ConfirmReleaseTitle => ("Frigi reservasjonen?", "Release the reservation?"),
        T::ConfirmReleaseText => (
            "Kunden har godkjent. Beløpet frigis og blir ikke trukket.",
            "The customer has approved. The amount is released and not captured.",
        ),
        T::ConfirmQuitBasketText => (
            "Kurven er ikke betalt. Den står klar igjen ved neste oppstart.",
            "The basket is not paid. It is back on screen at the next start.",
        ),
        T::ConfirmQuitFailedText => (
            "Kurver fra parkerte salg som ikke ble betalt (F9) går tapt.",
            "Baskets of parked sales that were not paid (F9) are lost.",
        ),
        T::ConfirmQuitTitle => ("Avslutte kassen?", "Quit the till?"),
        T::ConfirmQuitText => (
            "Betalinger er fortsatt åpne. De gjøres ferdig ved neste oppstart.",
            "Payments are still open. They are finished at the next start.",
        ),
        T::ConfirmClearTitle => ("Tømme kurven?", "Clear the basket?"),
        T::ConfirmClearText => (
            "Alle varer og kunden fjernes fra skjermen.",
            "All items and the customer are removed.",
        ),
        T::YesNo => ("Enter / J = ja    Esc = nei", "Enter / Y = yes    Esc = no"),
        T::OkCancel => ("Enter = OK    Esc = avbryt", "Enter = OK    Esc = cancel"),
        T::PickOkCancel => (
            "↑↓ velg    Enter = OK    Esc = avbryt",
            "↑↓ choose    Enter = OK    Esc = cancel",
        ),
        T::KeyArrows => ("Velg linje i kurven", "Select a basket line"),
        T::KeyPlusMinus => ("Ett stk mer / mindre", "One piece more / less"),
        T::KeyEnter => (
            "Neste kunde (etter betaling)",
            "Next customer (after paying)",
        ),
        T::KeyEsc => (
            "Avbryt/frigi betaling, lukk",
            "Cancel/release payment, close",
        ),
        T::WindowTooSmall | T::BarKeyYes | T::BarKeyNo | T::BarKeyOk | T::BarKeyCancel => {
            return super::counter::t(lang, what)
        }
        T::BarKeyClose | T::BarKeyPick | T::BarKeyMark | T::BarKeyField | T::BarKeyVat => {
            return super::counter::t(lang, what)
        }
        T::BarKeyAdd | T::BarKeyDrop | T::BarKeyErase | T::KeyedLabel | T::KeyPages => {
            return super::counter::t(lang, what)
        }
        T::OpenPriceTitle | T::OpenPriceCode | T::OpenPricePrice | T::OpenPriceVat => {
            return super::counter::t(lang, what)
        }
        T::ConfirmCancelEnrolTitle | T::ConfirmCancelEnrolText | T::KeyDigits => {
            return super::counter::t(lang, what)
        }
    };
    pick(lang, nb, en)
}

/// The short name on an action's button.
pub fn action_label(lang: Language, a: Action) -> &'static str {
    let (nb, en) = match a {
        Action::Help => ("Hjelp", "Help"),
        Action::Phone => ("Telefon", "Phone"),
        Action::Enroll => ("Meld inn", "Enrol"),
        Action::Search => ("Søk", "Search"),
        Action::Quantity => ("Antall", "Qty"),
        Action::Discount => ("Rabatt", "Discount"),
        Action::Void => ("Slett", "Void"),
        Action::Pay => ("Vipps", "Vipps"),
        Action::Capture => ("Trekk", "Capture"),
        Action::Release => ("Frigi", "Release"),
        Action::CancelPayment => ("Avbryt", "Cancel"),
        Action::Background => ("Bakgrunn", "Background"),
        Action::Recall => ("Hent betaling", "Recall payment"),
        Action::Refund => ("Refusjon", "Refund"),
        Action::NewSale => ("Ny kunde", "Next"),
        Action::Quit => ("Avslutt", "Quit"),
        Action::NoSale => ("Skuff", "Drawer"),
        Action::InAppReceipt => ("Kvittering i app", "Receipt in app"),
        Action::PrintCopy => ("Kopi", "Copy"),
        Action::DemoScanMember => ("Medlem", "Member"),
        Action::DemoScanGuest => ("Gjest", "Guest"),
        Action::DemoScanProduct => ("Vare", "Item"),
        Action::DemoApprove => ("Godkjenn", "Approve"),
        Action::DemoReject => ("Avvis", "Reject"),
        Action::PayCash => ("Kontant", "Cash"),
        Action::PayCard => ("Kort", "Card"),
        Action::BackToBasket => ("Tilbake", "Back"),
        Action::IssueAgain => ("Lagre kvittering", "Store receipt"),
        Action::RefundNext => ("Tilbakebetal", "Pay back"),
        Action::ParkBasket => ("Parkér kurv", "Park basket"),
        Action::ResumeBasket => ("Hent kurv", "Resume basket"),
        Action::ReturnSale => ("Retur", "Return"),
        Action::ReturnNoReceipt => ("Retur u/kvitt.", "Return, no receipt"),
        Action::OpeningFloat => ("Veksel", "Float"),
        Action::CashIn => ("Inn", "Pay in"),
        Action::CashOut => ("Ut", "Pay out"),
        Action::CountCash => ("Telling", "Count"),
        Action::CancelEnrol => return super::counter::action_label(lang, a),
        Action::SignOut => return super::books::action_label(lang, a),
    };
    pick(lang, nb, en)
}

/// What an action does, for the help overlay.
pub fn action_help(lang: Language, a: Action) -> &'static str {
    let (nb, en) = match a {
        Action::Help => ("Denne hjelpen", "This help"),
        Action::Phone => ("Tast kundens telefonnummer", "Type the customer's number"),
        Action::Enroll => (
            "Meld kunden inn i klubben",
            "Enrol the customer in the club",
        ),
        Action::Search => ("Søk etter vare på navn", "Search items by name"),
        Action::Quantity => (
            "Endre antall på valgt linje",
            "Change the selected quantity",
        ),
        Action::Discount => ("Rabatt på valgt linje", "Discount the selected line"),
        Action::Void => ("Slett valgt linje (også Del)", "Remove the line (also Del)"),
        Action::Pay => (
            "Send betaling til kundens Vipps",
            "Send the payment to their phone",
        ),
        Action::Capture => ("Trekk godkjent beløp", "Capture an approved payment"),
        Action::Release => (
            "Frigi godkjent reservasjon",
            "Release an approved reservation",
        ),
        Action::CancelPayment => ("Avbryt ventende betaling", "Cancel a waiting payment"),
        Action::Background => (
            "Vipps-betaling til/fra bakgrunn",
            "Vipps payment to/from background",
        ),
        Action::Recall => (
            "Hent betaling fra bakgrunnen",
            "Recall a payment from the background",
        ),
        Action::Refund => ("Refusjon av tidligere salg", "Refund an earlier sale"),
        Action::NewSale => ("Tøm og start ny kunde", "Clear and start the next sale"),
        Action::Quit => ("Avslutt kassen", "Quit the till"),
        Action::NoSale => (
            "Åpne skuffen uten salg (telles)",
            "Open the drawer, no sale",
        ),
        Action::InAppReceipt => (
            "Skriver borte: kvittering i app",
            "Printer away: receipt in app",
        ),
        Action::PrintCopy => (
            "Én kopi av kvitteringen (KOPI)",
            "The one copy of the receipt",
        ),
        Action::DemoScanMember => ("Demo: skann et medlems QR", "Demo: scan a member's QR"),
        Action::DemoScanGuest => ("Demo: skann en gjests QR", "Demo: scan a guest's QR"),
        Action::DemoScanProduct => ("Demo: skann en vare", "Demo: scan an item"),
        Action::DemoApprove => ("Demo: kunden godkjenner", "Demo: the customer approves"),
        Action::DemoReject => ("Demo: kunden avviser", "Demo: the customer rejects"),
        Action::PayCash => ("Betal kontant (F2–F5 sedler)", "Pay in cash (F2–F5 notes)"),
        Action::PayCard => (
            "Betal med kort på terminalen",
            "Pay by card on the terminal",
        ),
        Action::BackToBasket => ("Tilbake til kurven", "Back to the basket"),
        Action::IssueAgain => ("Lagre kvitteringen på nytt", "Store the receipt again"),
        Action::RefundNext => ("Neste tilbakebetaling", "The next refund"),
        Action::ParkBasket => ("Legg kurven til side", "Put the basket aside"),
        Action::ResumeBasket => ("Hent en parkert kurv", "Resume a parked basket"),
        Action::ReturnSale => ("Retur mot kvittering", "Return against a receipt"),
        Action::ReturnNoReceipt => ("Retur uten kvittering", "Return without a receipt"),
        Action::OpeningFloat => ("Vekslepenger ved dagens start", "The opening float"),
        Action::CashIn => ("Penger inn i skuffen", "Pay cash into the drawer"),
        Action::CashOut => ("Penger ut av skuffen", "Pay cash out of the drawer"),
        Action::CountCash => ("Tell kassen", "Count the drawer"),
        Action::CancelEnrol => return super::counter::action_help(lang, a),
        Action::SignOut => return super::books::action_help(lang, a),
    };
    pick(lang, nb, en)
}

/// Where a payment stands, in words.
pub fn step_name(lang: Language, step: &PayStep) -> &'static str {
    let (nb, en) = match step {
        PayStep::Journaling => ("Lagrer salget …", "Saving the sale…"),
        PayStep::Requesting => ("Sender til Vipps …", "Sending to Vipps…"),
        PayStep::Waiting => ("Venter på kunden …", "Waiting for the customer…"),
        PayStep::Authorized => ("Godkjent – F11 trekker", "Approved – F11 captures"),
        PayStep::Capturing => ("Trekker beløpet …", "Capturing…"),
        PayStep::Cancelling { release: false } => ("Avbryter …", "Cancelling…"),
        PayStep::Cancelling { release: true } => ("Frigir …", "Releasing…"),
        PayStep::Checking => ("Sjekker status …", "Checking the status…"),
    };
    pick(lang, nb, en)
}

/// A phone-number problem, as the cashier reads it while typing.
pub fn msisdn_error(lang: Language, e: &MsisdnError) -> String {
    match (lang, e) {
        (Language::Norwegian, MsisdnError::Empty) => "Ingen nummer".into(),
        (Language::Norwegian, MsisdnError::BadCharacter(c)) => {
            format!(
                "«{}» kan ikke stå i et nummer",
                super::clean(&c.to_string())
            )
        }
        (Language::Norwegian, MsisdnError::UnsupportedCountry(cc)) => format!(
            "Landkode +{} støttes ikke (bare +47, +45, +358)",
            super::clean(cc)
        ),
        (Language::Norwegian, MsisdnError::WrongLength { expected, got, .. }) => {
            format!("Skal ha {expected} sifre, har {got}")
        }
        (Language::Norwegian, MsisdnError::NotNorwegianMobile) => {
            "Norske mobilnumre starter med 4 eller 9".into()
        }
        (Language::Norwegian, MsisdnError::BadDanishPrefix) => {
            "Danske numre starter ikke med 0 eller 1".into()
        }
        (Language::Norwegian, MsisdnError::NotFinnishMobile) => {
            "Finske mobilnumre starter med 04 eller 050".into()
        }
        (_, e) => super::clean(&e.to_string()),
    }
}
