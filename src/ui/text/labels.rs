//! Fixed words: headings, button names, key help, payment steps. Every text has its four
//! forms side by side (bokmål, English, Danish, Finnish), so a missing one does not compile.

use crate::config::Language;
use crate::domain::{Country, MsisdnError};
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
    RecoveredTitle,
    RecoveredAck,
    EnrolFailedNext,
    NoSuchSale,
    ConfirmZTitle,
    ConfirmZText,
    ReportScroll,
    BarKeyScroll,
}

/// The text for `what` in `lang`: bokmål, English, Danish, Finnish.
pub fn t(lang: Language, what: T) -> &'static str {
    lang.pick(match what {
        T::Basket => ["Kurv", "Basket", "Kurv", "Ostoskori"],
        T::Item => ["Vare", "Item", "Vare", "Tuote"],
        T::Qty => ["Antall", "Qty", "Antal", "Määrä"],
        T::UnitPrice => ["Pris", "Price", "Pris", "Hinta"],
        T::Discount => ["Rabatt", "Discount", "Rabat", "Alennus"],
        T::LineTotal => ["Sum", "Amount", "Beløb", "Summa"],
        T::Total => ["Totalt", "Total", "I alt", "Yhteensä"],
        T::Vat => ["MVA", "VAT", "Moms", "ALV"],
        T::VatOf => ["av", "of", "af", "summasta"],
        T::EmptyBasket => [
            "Kurven er tom – skann en vare eller søk med F4",
            "The basket is empty – scan an item or search with F4",
            "Kurven er tom – scan en vare eller søg med F4",
            "Ostoskori on tyhjä – lue tuote tai hae F4:llä",
        ],
        T::MoreLines => ["linjer til", "more lines", "linjer mere", "riviä lisää"],
        T::Customer => ["Kunde", "Customer", "Kunde", "Asiakas"],
        T::NoCustomer => [
            "Ingen kunde – skann kundens QR-kode eller trykk F2",
            "No customer – scan their QR code or press F2",
            "Ingen kunde – scan kundens QR-kode eller tryk F2",
            "Ei asiakasta – lue asiakkaan QR-koodi tai paina F2",
        ],
        T::Member => ["★ Medlem", "★ Member", "★ Medlem", "★ Jäsen"],
        T::NotMember => ["Ikke medlem", "Not a member", "Ikke medlem", "Ei jäsen"],
        T::LookingUp => ["Slår opp …", "Looking up…", "Slår op …", "Haetaan …"],
        T::MemberUnknown => [
            "Medlemskap ukjent",
            "Membership unknown",
            "Medlemskab ukendt",
            "Jäsenyys tuntematon",
        ],
        T::CheckinSending => [
            "Sjekker inn …",
            "Checking in…",
            "Tjekker ind …",
            "Kirjataan sisään …",
        ],
        T::CheckinSent => [
            "Innsjekket ✓",
            "Checked in ✓",
            "Tjekket ind ✓",
            "Kirjattu sisään ✓",
        ],
        T::CheckinFailed => [
            "Innsjekk feilet",
            "Check-in failed",
            "Indtjekning mislykkedes",
            "Sisäänkirjaus epäonnistui",
        ],
        T::EnrolHint => [
            "F3 = meld inn i klubben",
            "F3 = enrol in the club",
            "F3 = meld ind i klubben",
            "F3 = liitä kerhoon",
        ],
        T::Enrolment => [
            "Innmelding i kundeklubben",
            "Club enrolment",
            "Indmeldelse i kundeklubben",
            "Liittyminen kanta-asiakaskerhoon",
        ],
        T::EnrolCompare => [
            "Kunden skal se samme kode på telefonen:",
            "The customer must see this code on their phone:",
            "Kunden skal se samme kode på telefonen:",
            "Asiakkaan puhelimessa pitää näkyä sama koodi:",
        ],
        T::EnrolStarting => [
            "Sender forespørsel …",
            "Sending the request…",
            "Sender forespørgsel …",
            "Lähetetään pyyntöä …",
        ],
        T::EnrolWaiting => [
            "Venter på kunden",
            "Waiting for the customer",
            "Venter på kunden",
            "Odotetaan asiakasta",
        ],
        T::EnrolFailed => [
            "Innmeldingen mislyktes",
            "The enrolment failed",
            "Indmeldelsen mislykkedes",
            "Liittyminen epäonnistui",
        ],
        T::Payment => ["Betaling", "Payment", "Betaling", "Maksu"],
        T::ExpiresIn => ["Utløper om", "Expires in", "Udløber om", "Vanhenee"],
        T::Receipt => ["Kvittering", "Receipt", "Kvittering", "Kuitti"],
        T::ReceiptNo => [
            "Kvitteringsnr.",
            "Receipt no.",
            "Kvitteringsnr.",
            "Kuitin nro",
        ],
        T::Reference => ["Referanse", "Reference", "Reference", "Viite"],
        T::CustomerName => ["Kunde", "Customer", "Kunde", "Asiakas"],
        T::NextCustomer => [
            "Enter / neste skanning = neste kunde",
            "Enter / next scan = next customer",
            "Enter / næste scanning = næste kunde",
            "Enter / seuraava luku = seuraava asiakas",
        ],
        T::Parked => [
            "Parkerte salg",
            "Parked sales",
            "Parkerede salg",
            "Pysäköidyt myynnit",
        ],
        T::Recovered => ["Gjenopprettet", "Recovered", "Genoprettet", "Palautettu"],
        T::Phone => [
            "Kundens telefon (demo)",
            "Customer's phone (demo)",
            "Kundens telefon (demo)",
            "Asiakkaan puhelin (demo)",
        ],
        T::PhoneEmpty => [
            "Ingen forespørsler",
            "No requests",
            "Ingen forespørgsler",
            "Ei pyyntöjä",
        ],
        T::PhonePay => ["Betal", "Pay", "Betal", "Maksa"],
        T::PhoneLogin => [
            "Logg inn, kode",
            "Log in, code",
            "Log ind, kode",
            "Kirjaudu, koodi",
        ],
        T::PhoneAnswer => [
            "a = godkjenn  x = avvis",
            "a = approve  x = reject",
            "a = godkend  x = afvis",
            "a = hyväksy  x = hylkää",
        ],
        T::DemoScans => [
            "m = medlem  n = gjest  b = vare",
            "m = member  n = guest  b = item",
            "m = medlem  n = gæst  b = vare",
            "m = jäsen  n = vieras  b = tuote",
        ],
        T::Help => [
            "Hjelp – taster",
            "Help – keys",
            "Hjælp – taster",
            "Ohje – näppäimet",
        ],
        T::HelpClose => [
            "Trykk en tast for å lukke",
            "Press any key to close",
            "Tryk på en tast for at lukke",
            "Sulje painamalla mitä tahansa näppäintä",
        ],
        T::TooSmall => [
            "For lite vindu: minst 40×10",
            "Too small: need 40×10",
            "For lille vindue: mindst 40×10",
            "Liian pieni ikkuna: vähintään 40×10",
        ],
        T::Scanner => ["Skanner", "Scanner", "Scanner", "Lukija"],
        T::ScannerNone => ["ingen", "none", "ingen", "ei ole"],
        T::ScannerLost => ["frakoblet", "lost", "afbrudt", "irti"],
        T::Printer => ["Skriver", "Printer", "Printer", "Tulostin"],
        T::PrinterReady => ["klar", "ready", "klar", "valmis"],
        T::PrinterAway => ["borte", "away", "væk", "poissa"],
        T::PrinterDrawerOpen => ["skuff åpen", "drawer open", "skuffe åben", "laatikko auki"],
        T::PrinterPaperLow => ["lite papir", "paper low", "lidt papir", "paperi vähissä"],
        T::Webhooks => ["Webhooks", "Webhooks", "Webhooks", "Webhookit"],
        T::WebhooksLive => ["live", "live", "live", "käytössä"],
        T::WebhooksRetrying => [
            "port opptatt, prøver igjen om",
            "port busy, retrying in",
            "port optaget, prøver igen om",
            "portti varattu, uusi yritys",
        ],
        T::PollingOnly => ["kun polling", "polling only", "kun polling", "vain kysely"],
        T::Api => ["API", "API", "API", "API"],
        T::ApiOk => ["OK", "OK", "OK", "OK"],
        T::ClubOffline => [
            "klubb frakoblet",
            "club offline",
            "klub offline",
            "kerho ei yhteyttä",
        ],
        T::ApiDegraded => ["problemer", "trouble", "problemer", "ongelmia"],
        T::Till => ["Kasse", "Till", "Kasse", "Kassa"],
        T::PhoneTitle => [
            "Kundens telefonnummer",
            "Customer's phone number",
            "Kundens telefonnummer",
            "Asiakkaan puhelinnumero",
        ],
        T::PhonePrompt => ["Nummer", "Number", "Nummer", "Numero"],
        T::SearchTitle => [
            "Søk etter vare",
            "Search products",
            "Søg efter vare",
            "Hae tuotetta",
        ],
        T::SearchPrompt => ["Søk", "Search", "Søg", "Haku"],
        T::SaleLabel => ["Salg", "Sale", "Salg", "Myynti"],
        T::Amount => ["Beløp", "Amount", "Beløb", "Summa"],
        T::SearchHint => [
            "Skriv minst to tegn",
            "Type at least two characters",
            "Skriv mindst to tegn",
            "Kirjoita vähintään kaksi merkkiä",
        ],
        T::NoHits => ["Ingen treff", "No matches", "Ingen resultater", "Ei osumia"],
        T::QuantityTitle => [
            "Endre antall",
            "Change quantity",
            "Ret antal",
            "Muuta määrää",
        ],
        T::QuantityGrams => [
            "Vekt i gram",
            "Weight in grams",
            "Vægt i gram",
            "Paino grammoina",
        ],
        T::QuantityPieces => [
            "Antall stk (0 sletter)",
            "Pieces (0 removes)",
            "Antal stk. (0 sletter)",
            "Kappaleet (0 poistaa)",
        ],
        T::DiscountTitle => [
            "Rabatt på linjen",
            "Discount on the line",
            "Rabat på linjen",
            "Rivin alennus",
        ],
        T::DiscountHint => [
            "Kroner (20 eller 19,90) eller prosent (10%)",
            "Amount (20 or 19,90) or percent (10%)",
            "Kroner (20 eller 19,90) eller procent (10%)",
            "Summa (20 tai 19,90) tai prosentti (10%)",
        ],
        T::RefundFindTitle => [
            "Refusjon – finn salget",
            "Refund – find the sale",
            "Refusion – find salget",
            "Hyvitys – etsi myynti",
        ],
        T::RefundFindHint => [
            "Kvitteringsnummer eller referanse",
            "Receipt number or reference",
            "Kvitteringsnummer eller reference",
            "Kuitin numero tai viite",
        ],
        T::RefundAmountTitle => [
            "Refusjon – beløp",
            "Refund – amount",
            "Refusion – beløb",
            "Hyvitys – summa",
        ],
        T::Captured => ["Trukket", "Captured", "Hævet", "Veloitettu"],
        T::Refunded => ["Refundert", "Refunded", "Refunderet", "Hyvitetty"],
        T::AtMost => ["Høyst", "At most", "Højst", "Enintään"],
        T::RecallTitle => [
            "Hent parkert salg",
            "Recall a parked sale",
            "Hent parkeret salg",
            "Hae pysäköity myynti",
        ],
        T::NotPaid => ["ikke betalt", "not paid", "ikke betalt", "maksamatta"],
        T::RefundCheckingTitle => ["Refusjon", "Refund", "Refusion", "Hyvitys"],
        T::RefundChecking => [
            "Spør Vipps hva som er trukket og refundert …",
            "Asking Vipps what is captured and refunded…",
            "Spørger MobilePay, hvad der er hævet og refunderet …",
            "Kysytään MobilePaylta, mitä on veloitettu ja hyvitetty …",
        ],
        T::RefundConfirmTitle => ["Refundere?", "Refund?", "Refundere?", "Hyvitetäänkö?"],
        T::RefundConfirmText => [
            "Dette refunderes til kunden",
            "This goes back to the customer",
            "Dette refunderes til kunden",
            "Tämä hyvitetään asiakkaalle",
        ],
        T::RefundConfirmKeys => [
            "Enter / J = refunder    N = endre    Esc = avbryt",
            "Enter / Y = refund    N = change    Esc = cancel",
            "Enter / J = refunder    N = ret    Esc = fortryd",
            "Enter = hyvitä    N = muuta    Esc = peru",
        ],
        T::ConfirmQuantityTitle => [
            "Uvanlig mange?",
            "Unusually many?",
            "Usædvanligt mange?",
            "Epätavallisen monta?",
        ],
        T::ConfirmQuantityText => [
            "Så mange er uvanlig. Stemmer antallet / vekten?",
            "That is unusually many. Is the quantity / weight right?",
            "Så mange er usædvanligt. Passer antallet / vægten?",
            "Näin monta on epätavallista. Onko määrä / paino oikein?",
        ],
        T::ConfirmCancelTitle => [
            "Avbryte betalingen?",
            "Cancel the payment?",
            "Annullere betalingen?",
            "Perutaanko maksu?",
        ],
        T::ConfirmCancelText => [
            "Betalingsforespørselen på kundens telefon trekkes tilbake. Kurven blir stående.",
            "The request on the customer's phone is withdrawn. The basket stays.",
            "Betalingsanmodningen på kundens telefon trækkes tilbage. Kurven bliver stående.",
            "Maksupyyntö perutaan asiakkaan puhelimesta. Ostoskori säilyy.",
        ],
        T::ConfirmReleaseTitle => [
            "Frigi reservasjonen?",
            "Release the reservation?",
            "Frigive reservationen?",
            "Vapautetaanko varaus?",
        ],
        T::ConfirmReleaseText => [
            "Kunden har godkjent. Beløpet frigis og blir ikke trukket.",
            "The customer has approved. The amount is released and not captured.",
            "Kunden har godkendt. Beløbet frigives og bliver ikke hævet.",
            "Asiakas on hyväksynyt. Summa vapautetaan eikä sitä veloiteta.",
        ],
        T::ConfirmQuitBasketText => [
            "Kurven er ikke betalt. Den står klar igjen ved neste oppstart.",
            "The basket is not paid. It is back on screen at the next start.",
            "Kurven er ikke betalt. Den står klar igen ved næste opstart.",
            "Ostoskoria ei ole maksettu. Se on taas näytöllä seuraavalla käynnistyskerralla.",
        ],
        T::ConfirmQuitFailedText => [
            "Kurver fra parkerte salg som ikke ble betalt (F9) går tapt.",
            "Baskets of parked sales that were not paid (F9) are lost.",
            "Kurve fra parkerede salg, der ikke blev betalt (F9), går tabt.",
            "Maksamatta jääneiden pysäköityjen myyntien ostoskorit (F9) katoavat.",
        ],
        T::ConfirmQuitTitle => [
            "Avslutte kassen?",
            "Quit the till?",
            "Lukke kassen?",
            "Suljetaanko kassa?",
        ],
        T::ConfirmQuitText => [
            "Betalinger er fortsatt åpne. De gjøres ferdig ved neste oppstart.",
            "Payments are still open. They are finished at the next start.",
            "Betalinger er stadig åbne. De gøres færdige ved næste opstart.",
            "Maksuja on yhä auki. Ne viedään loppuun seuraavalla käynnistyskerralla.",
        ],
        T::ConfirmClearTitle => [
            "Tømme kurven?",
            "Clear the basket?",
            "Tømme kurven?",
            "Tyhjennetäänkö ostoskori?",
        ],
        T::ConfirmClearText => [
            "Alle varer og kunden fjernes fra skjermen.",
            "All items and the customer are removed.",
            "Alle varer og kunden fjernes fra skærmen.",
            "Kaikki tuotteet ja asiakas poistetaan näytöltä.",
        ],
        T::YesNo => [
            "Enter / J = ja    Esc = nei",
            "Enter / Y = yes    Esc = no",
            "Enter / J = ja    Esc = nej",
            "Enter = kyllä    Esc = ei",
        ],
        T::OkCancel => [
            "Enter = OK    Esc = avbryt",
            "Enter = OK    Esc = cancel",
            "Enter = OK    Esc = fortryd",
            "Enter = OK    Esc = peru",
        ],
        T::PickOkCancel => [
            "↑↓ velg    Enter = OK    Esc = avbryt",
            "↑↓ choose    Enter = OK    Esc = cancel",
            "↑↓ vælg    Enter = OK    Esc = fortryd",
            "↑↓ valitse    Enter = OK    Esc = peru",
        ],
        T::KeyArrows => [
            "Velg linje i kurven",
            "Select a basket line",
            "Vælg linje i kurven",
            "Valitse ostoskorin rivi",
        ],
        T::KeyPlusMinus => [
            "Ett stk mer / mindre",
            "One piece more / less",
            "Ét stk. mere / mindre",
            "Yksi kappale lisää / vähemmän",
        ],
        T::KeyEnter => [
            "Neste kunde (etter betaling)",
            "Next customer (after paying)",
            "Næste kunde (efter betaling)",
            "Seuraava asiakas maksun jälkeen",
        ],
        T::KeyEsc => [
            "Avbryt/frigi betaling, lukk",
            "Cancel/release payment, close",
            "Annullér/frigiv betaling, luk",
            "Peru/vapauta maksu, sulje",
        ],
        T::RecoveredTitle => [
            "Gjenopprettet etter omstart",
            "Recovered after a restart",
            "Genoprettet efter genstart",
            "Palautettu uudelleenkäynnistyksen jälkeen",
        ],
        T::RecoveredAck => [
            "Enter = lest",
            "Enter = read",
            "Enter = læst",
            "Enter = luettu",
        ],
        T::EnrolFailedNext => [
            "F3 prøver igjen; grunnen står i loggen",
            "F3 tries again; the reason is in the log",
            "F3 prøver igen; årsagen står i loggen",
            "F3 yrittää uudelleen; syy on lokissa",
        ],
        T::NoSuchSale => [
            "Fant ikke salget",
            "Sale not found",
            "Salget blev ikke fundet",
            "Myyntiä ei löytynyt",
        ],
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
        T::ConfirmZTitle | T::ConfirmZText | T::ReportScroll | T::BarKeyScroll => {
            return super::books::t(lang, what)
        }
    })
}

/// The short name on an action's button.
pub fn action_label(lang: Language, a: Action) -> &'static str {
    lang.pick(match a {
        Action::Help => ["Hjelp", "Help", "Hjælp", "Ohje"],
        Action::Phone => ["Telefon", "Phone", "Telefon", "Puhelin"],
        Action::Enroll => ["Meld inn", "Enrol", "Meld ind", "Liitä"],
        Action::Search => ["Søk", "Search", "Søg", "Haku"],
        Action::Quantity => ["Antall", "Qty", "Antal", "Määrä"],
        Action::Discount => ["Rabatt", "Discount", "Rabat", "Alennus"],
        Action::Void => ["Slett", "Void", "Slet", "Poista"],
        Action::Pay => ["Vipps", "Vipps", "MobilePay", "MobilePay"],
        Action::Capture => ["Trekk", "Capture", "Hæv", "Veloita"],
        Action::Release => ["Frigi", "Release", "Frigiv", "Vapauta"],
        Action::CancelPayment => ["Avbryt", "Cancel", "Annullér", "Peru"],
        Action::Background => ["Bakgrunn", "Background", "Baggrund", "Taustalle"],
        Action::Recall => [
            "Hent betaling",
            "Recall payment",
            "Hent betaling",
            "Hae maksu",
        ],
        Action::Refund => ["Refusjon", "Refund", "Refusion", "Hyvitys"],
        Action::NewSale => ["Ny kunde", "Next", "Ny kunde", "Uusi asiakas"],
        Action::Quit => ["Avslutt", "Quit", "Luk", "Lopeta"],
        Action::NoSale => ["Skuff", "Drawer", "Skuffe", "Laatikko"],
        Action::InAppReceipt => [
            "Kvittering i app",
            "Receipt in app",
            "Kvittering i app",
            "Kuitti sovellukseen",
        ],
        Action::PrintCopy => ["Kopi", "Copy", "Kopi", "Kopio"],
        Action::DemoScanMember => ["Medlem", "Member", "Medlem", "Jäsen"],
        Action::DemoScanGuest => ["Gjest", "Guest", "Gæst", "Vieras"],
        Action::DemoScanProduct => ["Vare", "Item", "Vare", "Tuote"],
        Action::DemoApprove => ["Godkjenn", "Approve", "Godkend", "Hyväksy"],
        Action::DemoReject => ["Avvis", "Reject", "Afvis", "Hylkää"],
        Action::PayCash => ["Kontant", "Cash", "Kontant", "Käteinen"],
        Action::PayCard => ["Kort", "Card", "Kort", "Kortti"],
        Action::BackToBasket => ["Tilbake", "Back", "Tilbage", "Takaisin"],
        Action::IssueAgain => [
            "Lagre kvittering",
            "Store receipt",
            "Gem kvittering",
            "Tallenna kuitti",
        ],
        Action::RefundNext => ["Tilbakebetal", "Pay back", "Tilbagebetal", "Palauta rahat"],
        Action::ParkBasket => ["Parkér kurv", "Park basket", "Parkér kurv", "Pysäköi kori"],
        Action::ResumeBasket => ["Hent kurv", "Resume basket", "Hent kurv", "Hae kori"],
        Action::ReturnSale => ["Retur", "Return", "Retur", "Palautus"],
        Action::ReturnNoReceipt => [
            "Retur u/kvitt.",
            "Return, no receipt",
            "Retur u/kvit.",
            "Palautus ilman kuittia",
        ],
        Action::OpeningFloat => ["Veksel", "Float", "Byttepenge", "Vaihtokassa"],
        Action::CashIn => ["Inn", "Pay in", "Ind", "Pano"],
        Action::CashOut => ["Ut", "Pay out", "Ud", "Otto"],
        Action::CountCash => ["Telling", "Count", "Optælling", "Laskenta"],
        Action::CancelEnrol => return super::counter::action_label(lang, a),
        Action::SignOut | Action::XReport | Action::ZReport => {
            return super::books::action_label(lang, a)
        }
    })
}

/// What an action does, for the help overlay.
pub fn action_help(lang: Language, a: Action) -> &'static str {
    lang.pick(match a {
        Action::Help => ["Denne hjelpen", "This help", "Denne hjælp", "Tämä ohje"],
        Action::Phone => [
            "Tast kundens telefonnummer",
            "Type the customer's number",
            "Tast kundens telefonnummer",
            "Näppäile asiakkaan numero",
        ],
        Action::Enroll => [
            "Meld kunden inn i klubben",
            "Enrol the customer in the club",
            "Meld kunden ind i klubben",
            "Liitä asiakas kerhoon",
        ],
        Action::Search => [
            "Søk etter vare på navn",
            "Search items by name",
            "Søg efter vare på navn",
            "Hae tuotetta nimellä",
        ],
        Action::Quantity => [
            "Endre antall på valgt linje",
            "Change the selected quantity",
            "Ret antal på valgt linje",
            "Muuta valitun rivin määrää",
        ],
        Action::Discount => [
            "Rabatt på valgt linje",
            "Discount the selected line",
            "Rabat på valgt linje",
            "Alennus valitulle riville",
        ],
        Action::Void => [
            "Slett valgt linje (også Del)",
            "Remove the line (also Del)",
            "Slet valgt linje (også Del)",
            "Poista valittu rivi (myös Del)",
        ],
        Action::Pay => [
            "Send betaling til kundens Vipps",
            "Send the payment to their phone",
            "Send betaling til MobilePay",
            "Lähetä maksupyyntö puhelimeen",
        ],
        Action::Capture => [
            "Trekk godkjent beløp",
            "Capture an approved payment",
            "Hæv godkendt beløb",
            "Veloita hyväksytty summa",
        ],
        Action::Release => [
            "Frigi godkjent reservasjon",
            "Release an approved reservation",
            "Frigiv godkendt reservation",
            "Vapauta hyväksytty varaus",
        ],
        Action::CancelPayment => [
            "Avbryt ventende betaling",
            "Cancel a waiting payment",
            "Annullér ventende betaling",
            "Peru odottava maksu",
        ],
        Action::Background => [
            "Vipps-betaling til/fra bakgrunn",
            "Park / unpark a Vipps payment",
            "MobilePay-betaling i baggrunden",
            "MobilePay-maksu taustalle/esiin",
        ],
        Action::Recall => [
            "Hent betaling fra bakgrunnen",
            "Bring back a parked payment",
            "Hent betaling fra baggrunden",
            "Hae maksu taustalta",
        ],
        Action::Refund => [
            "Refusjon av tidligere salg",
            "Refund an earlier sale",
            "Refusion af tidligere salg",
            "Hyvitä aiempi myynti",
        ],
        Action::NewSale => [
            "Tøm og start ny kunde",
            "Clear and start the next sale",
            "Tøm og start ny kunde",
            "Tyhjennä ja aloita uusi asiakas",
        ],
        Action::Quit => [
            "Avslutt kassen",
            "Quit the till",
            "Luk kassen",
            "Sulje kassa",
        ],
        Action::NoSale => [
            "Åpne skuffen uten salg (telles)",
            "Open the drawer, no sale",
            "Åbn skuffen uden salg (tælles)",
            "Avaa laatikko ilman myyntiä",
        ],
        Action::InAppReceipt => [
            "Skriver borte: kvittering i app",
            "Printer away: receipt in app",
            "Printer væk: kvittering i app",
            "Tulostin poissa: kuitti appiin",
        ],
        Action::PrintCopy => [
            "Én kopi av kvitteringen (KOPI)",
            "The one copy of the receipt",
            "Én kopi af kvitteringen (KOPI)",
            "Kuitin ainoa kopio (KOPIO)",
        ],
        Action::DemoScanMember => [
            "Demo: skann et medlems QR",
            "Demo: scan a member's QR",
            "Demo: scan et medlems QR",
            "Demo: lue jäsenen QR",
        ],
        Action::DemoScanGuest => [
            "Demo: skann en gjests QR",
            "Demo: scan a guest's QR",
            "Demo: scan en gæsts QR",
            "Demo: lue vieraan QR",
        ],
        Action::DemoScanProduct => [
            "Demo: skann en vare",
            "Demo: scan an item",
            "Demo: scan en vare",
            "Demo: lue tuote",
        ],
        Action::DemoApprove => [
            "Demo: kunden godkjenner",
            "Demo: the customer approves",
            "Demo: kunden godkender",
            "Demo: asiakas hyväksyy",
        ],
        Action::DemoReject => [
            "Demo: kunden avviser",
            "Demo: the customer rejects",
            "Demo: kunden afviser",
            "Demo: asiakas hylkää",
        ],
        Action::PayCash => [
            "Betal kontant (F2–F5 sedler)",
            "Pay in cash (F2–F5 notes)",
            "Betal kontant (F2–F5 sedler)",
            "Käteinen (F2–F5 setelit)",
        ],
        Action::PayCard => [
            "Betal med kort på terminalen",
            "Pay by card on the terminal",
            "Betal med kort på terminalen",
            "Maksa kortilla päätteellä",
        ],
        Action::BackToBasket => [
            "Tilbake til kurven",
            "Back to the basket",
            "Tilbage til kurven",
            "Takaisin ostoskoriin",
        ],
        Action::IssueAgain => [
            "Lagre kvitteringen på nytt",
            "Store the receipt again",
            "Gem kvitteringen igen",
            "Tallenna kuitti uudelleen",
        ],
        Action::RefundNext => [
            "Neste tilbakebetaling",
            "The next refund",
            "Næste tilbagebetaling",
            "Seuraava palautus",
        ],
        Action::ParkBasket => [
            "Legg kurven til side",
            "Put the basket aside",
            "Læg kurven til side",
            "Siirrä ostoskori sivuun",
        ],
        Action::ResumeBasket => [
            "Hent en parkert kurv",
            "Resume a parked basket",
            "Hent en parkeret kurv",
            "Hae pysäköity ostoskori",
        ],
        Action::ReturnSale => [
            "Retur mot kvittering",
            "Return against a receipt",
            "Retur mod kvittering",
            "Palautus kuittia vastaan",
        ],
        Action::ReturnNoReceipt => [
            "Retur uten kvittering",
            "Return without a receipt",
            "Retur uden kvittering",
            "Palautus ilman kuittia",
        ],
        Action::OpeningFloat => [
            "Vekslepenger ved dagens start",
            "The opening float",
            "Byttepenge ved dagens start",
            "Vaihtokassa päivän alussa",
        ],
        Action::CashIn => [
            "Penger inn i skuffen",
            "Pay cash into the drawer",
            "Penge ind i skuffen",
            "Rahaa laatikkoon",
        ],
        Action::CashOut => [
            "Penger ut av skuffen",
            "Pay cash out of the drawer",
            "Penge ud af skuffen",
            "Rahaa pois laatikosta",
        ],
        Action::CountCash => [
            "Tell kassen",
            "Count the drawer",
            "Tæl kassen",
            "Laske kassa",
        ],
        Action::CancelEnrol => return super::counter::action_help(lang, a),
        Action::SignOut | Action::XReport | Action::ZReport => {
            return super::books::action_help(lang, a)
        }
    })
}

/// Where a payment stands, in words.
pub fn step_name(lang: Language, step: &PayStep) -> &'static str {
    lang.pick(match step {
        PayStep::Journaling => [
            "Lagrer salget …",
            "Saving the sale…",
            "Gemmer salget …",
            "Tallennetaan myyntiä …",
        ],
        PayStep::Requesting => [
            "Sender til Vipps …",
            "Sending to Vipps…",
            "Sender til MobilePay …",
            "Lähetetään MobilePayhin …",
        ],
        PayStep::Waiting => [
            "Venter på kunden …",
            "Waiting for the customer…",
            "Venter på kunden …",
            "Odotetaan asiakasta …",
        ],
        PayStep::Authorized => [
            "Godkjent – F11 trekker",
            "Approved – F11 captures",
            "Godkendt – F11 hæver",
            "Hyväksytty – F11 veloittaa",
        ],
        PayStep::Capturing => [
            "Trekker beløpet …",
            "Capturing…",
            "Hæver beløbet …",
            "Veloitetaan …",
        ],
        PayStep::Cancelling { release: false } => {
            ["Avbryter …", "Cancelling…", "Annullerer …", "Perutaan …"]
        }
        PayStep::Cancelling { release: true } => {
            ["Frigir …", "Releasing…", "Frigiver …", "Vapautetaan …"]
        }
        PayStep::Checking => [
            "Sjekker status …",
            "Checking the status…",
            "Tjekker status …",
            "Tarkistetaan tilaa …",
        ],
    })
}

/// A phone-number problem, as the cashier reads it while typing.
pub fn msisdn_error(lang: Language, e: &MsisdnError) -> String {
    match e {
        MsisdnError::Empty => lang
            .pick(["Ingen nummer", "No number", "Intet nummer", "Ei numeroa"])
            .into(),
        MsisdnError::BadCharacter(c) => {
            let c = super::clean(&c.to_string());
            lang.pick([
                format!("«{c}» kan ikke stå i et nummer"),
                format!("“{c}” cannot be in a phone number"),
                format!("»{c}« kan ikke stå i et nummer"),
                format!("”{c}” ei käy puhelinnumeroon"),
            ])
        }
        MsisdnError::UnsupportedCountry(cc) => {
            let cc = super::clean(cc);
            let only = lang.pick([
                "bare +47, +45 og +358 kan brukes",
                "only +47, +45 and +358 can be used",
                "kun +47, +45 og +358 kan bruges",
                "vain +47, +45 ja +358 käyvät",
            ]);
            match foreign_country(cc.as_str()) {
                Some(names) => {
                    let name = lang.pick(names);
                    lang.pick([
                        format!("+{cc} er et {name} nummer – {only}"),
                        format!("+{cc} is a {name} number – {only}"),
                        format!("+{cc} er et {name} nummer – {only}"),
                        format!("+{cc} on {name} numero – {only}"),
                    ])
                }
                None => lang.pick([
                    format!("Landkode +{cc} støttes ikke – {only}"),
                    format!("Country code +{cc} is not supported – {only}"),
                    format!("Landekode +{cc} understøttes ikke – {only}"),
                    format!("Maatunnusta +{cc} ei tueta – {only}"),
                ]),
            }
        }
        MsisdnError::WrongLength {
            country,
            min,
            max,
            got,
        } => {
            let n = if min == max {
                min.to_string()
            } else {
                format!("{min}–{max}")
            };
            let finnish = *country == Country::Finland;
            let (adj_nb, adj_en, adj_fi) = match country {
                Country::Norway => ("norsk", "Norwegian", "Norjalaisessa"),
                Country::Denmark => ("dansk", "Danish", "Tanskalaisessa"),
                Country::Finland => ("finsk", "Finnish", "Suomalaisessa"),
            };
            let zero = |text: &'static str| if finnish { text } else { "" };
            lang.pick([
                format!(
                    "Et {adj_nb} nummer har {n} sifre{}, dette har {got}",
                    zero(" uten 0 foran")
                ),
                format!(
                    "A {adj_en} number has {n} digits{}, this one has {got}",
                    zero(" without the leading 0")
                ),
                format!(
                    "Et {adj_nb} nummer har {n} cifre{}, dette har {got}",
                    zero(" uden 0 foran")
                ),
                format!(
                    "{adj_fi} numerossa on {n} numeroa{}, tässä on {got}",
                    zero(" ilman alun nollaa")
                ),
            ])
        }
        MsisdnError::NotNorwegianMobile => lang
            .pick([
                "Norske mobilnumre starter med 4 eller 9",
                "Norwegian mobile numbers start with 4 or 9",
                "Norske mobilnumre starter med 4 eller 9",
                "Norjalaiset matkapuhelinnumerot alkavat 4:llä tai 9:llä",
            ])
            .into(),
        MsisdnError::BadDanishPrefix => lang
            .pick([
                "Danske numre starter ikke med 0 eller 1",
                "Danish numbers do not start with 0 or 1",
                "Danske numre starter ikke med 0 eller 1",
                "Tanskalaiset numerot eivät ala 0:lla tai 1:llä",
            ])
            .into(),
        MsisdnError::NotFinnishMobile => lang
            .pick([
                "Finske mobilnumre starter med 04 eller 050",
                "Finnish mobile numbers start with 04 or 050",
                "Finske mobilnumre starter med 04 eller 050",
                "Suomalaiset matkapuhelinnumerot alkavat 04 tai 050",
            ])
            .into(),
    }
}

/// The country a foreign calling code belongs to, as an adjective in the four languages (the
/// neighbours a Nordic shop meets; others are named by their code alone).
fn foreign_country(cc: &str) -> Option<[&'static str; 4]> {
    Some(match cc {
        "46" => ["svensk", "Swedish", "svensk", "ruotsalainen"],
        "49" => ["tysk", "German", "tysk", "saksalainen"],
        "44" => ["britisk", "British", "britisk", "brittiläinen"],
        "48" => ["polsk", "Polish", "polsk", "puolalainen"],
        "354" => ["islandsk", "Icelandic", "islandsk", "islantilainen"],
        "372" => ["estisk", "Estonian", "estisk", "virolainen"],
        "298" => ["færøysk", "Faroese", "færøsk", "färsaarelainen"],
        "299" => ["grønlandsk", "Greenlandic", "grønlandsk", "grönlantilainen"],
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Msisdn;

    #[test]
    fn a_swedish_number_is_named_swedish_with_its_own_code() {
        let e = Msisdn::parse("+46 70 123 45 67", Country::Norway).unwrap_err();
        let said: Vec<String> = Language::ALL.iter().map(|l| msisdn_error(*l, &e)).collect();
        assert_eq!(
            said,
            [
                "+46 er et svensk nummer – bare +47, +45 og +358 kan brukes",
                "+46 is a Swedish number – only +47, +45 and +358 can be used",
                "+46 er et svensk nummer – kun +47, +45 og +358 kan bruges",
                "+46 on ruotsalainen numero – vain +47, +45 ja +358 käyvät",
            ]
        );
    }

    #[test]
    fn the_finnish_length_rule_is_said_in_every_language() {
        let e = Msisdn::parse("040 1234", Country::Finland).unwrap_err();
        assert_eq!(
            msisdn_error(Language::Norwegian, &e),
            "Et finsk nummer har 7–10 sifre uten 0 foran, dette har 6"
        );
        assert_eq!(
            msisdn_error(Language::Finnish, &e),
            "Suomalaisessa numerossa on 7–10 numeroa ilman alun nollaa, tässä on 6"
        );
    }
}
