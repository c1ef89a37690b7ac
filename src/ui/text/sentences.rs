//! The sentences of the notice line: one per `till::Say`.

use super::{clean, pick};
use crate::config::Language;
use crate::domain::Unreadable;
use crate::till::{FailKind, Say};

/// The notice for `s` in `lang`. Text from outside (reasons, names) is cleaned here, so no
/// caller has to remember.
/// Why a scan was not understood, in the cashier's words.
fn unreadable(nb: bool, why: &Unreadable) -> String {
    let t = |n: &str, e: &str| if nb { n.to_string() } else { e.to_string() };
    match why {
        Unreadable::Empty => t("Tom skanning", "Empty scan"),
        Unreadable::CheckDigit { code, .. } => {
            let code = clean(code);
            if nb {
                format!(
                    "Feil kontrollsiffer i {code} – skann igjen (feillest eller skadet etikett)"
                )
            } else {
                format!("Wrong check digit in {code} – scan again (misread or damaged label)")
            }
        }
        Unreadable::NotGtin { shown, .. } => {
            let shown = clean(shown);
            if nb {
                format!("«{shown}» er ikke en strekkode for en vare")
            } else {
                format!("“{shown}” is not a product barcode")
            }
        }
        Unreadable::WebLink { .. } => t(
            "En nettlenke, ikke en Vipps- eller MobilePay-kode",
            "A web link, not a Vipps or MobilePay code",
        ),
        Unreadable::DamagedQr => t(
            "Vipps-koden er skadet – be kunden vise den på nytt",
            "The Vipps code is damaged – ask the customer to show it again",
        ),
        Unreadable::Neither { .. } => t(
            "Ukjent kode: verken kunde-QR eller varestrekkode",
            "Unknown code: neither a customer QR nor a product barcode",
        ),
    }
}

pub fn say(lang: Language, s: &Say) -> String {
    let nb = lang == Language::Norwegian;
    let l = |nb_text: &str, en_text: &str| pick(lang, nb_text, en_text).to_string();
    match s {
        Say::ScanUnknown(why) => unreadable(nb, why),
        Say::ReadingQr => l("Leser kundens QR-kode …", "Reading the customer's QR code…"),
        Say::QrFailed { reason, kind } => two(
            nb,
            "Kunne ikke lese QR-koden",
            "Could not read the QR code",
            &failure(nb, *kind, reason),
        ),
        Say::AlreadyIdentified => l(
            "Kunden er allerede registrert",
            "This customer is already identified",
        ),
        Say::LookupFailed { reason } => two(
            nb,
            "Medlemsoppslag feilet, salget fortsetter uten fordeler",
            "Member lookup failed, the sale goes on without club benefits",
            reason,
        ),
        Say::NotMemberHint => l(
            "Ikke medlem – F3 melder kunden inn i kundeklubben",
            "Not a member – F3 enrols the customer in the club",
        ),
        Say::MemberWelcome { name: Some(name) } => {
            let name = clean(name);
            pick(lang, "Velkommen, {}! (medlem)", "Welcome, {}! (member)").replace("{}", &name)
        }
        Say::MemberWelcome { name: None } => l("Medlem funnet", "Member found"),
        Say::CheckInFailed { reason } => two(nb, "Innsjekk feilet", "Check-in failed", reason),
        Say::ProductUnknown { code } => two(nb, "Ukjent vare", "Unknown item", code),
        Say::ProductLookupFailed { reason } => {
            two(nb, "Varesøk feilet", "Item lookup failed", reason)
        }
        Say::Added { name } => two(nb, "Lagt til", "Added", name),
        Say::Voided { name } => two(nb, "Slettet", "Removed", name),
        Say::BusyPaying => l(
            "Betaling pågår – vent, avbryt (Esc) eller parkér (F9)",
            "A payment is running – wait, cancel (Esc) or park it (F9)",
        ),
        Say::NeedCustomer => l(
            "Hvem betaler? Skann kundens QR-kode eller tast nummeret",
            "Who pays? Scan the customer's QR code or type the number",
        ),
        Say::EmptyBasket => l("Kurven er tom", "The basket is empty"),
        Say::BelowMinimum { minimum } => two(
            nb,
            "Beløpet er under minstebeløpet",
            "The amount is below the minimum",
            &minimum.to_string(),
        ),
        Say::BadQuantity => l("Ugyldig antall", "Not a valid quantity"),
        Say::BadDiscount => l(
            "Ugyldig rabatt – kroner (20 eller 19,90) eller prosent (10%), høyst linjens sum",
            "Not a valid discount – an amount (20 or 19,90) or percent (10%), at most the line",
        ),
        Say::ScanIgnoredInDialog => l(
            "Skanningen ble ikke tatt – fullfør eller lukk (Esc) feltet først",
            "Scan not taken – finish or close (Esc) the field first",
        ),
        Say::BasketRestored { lines } => format!(
            "{} ({lines} {})",
            l(
                "Kurven fra forrige økt er hentet tilbake, ikke betalt",
                "The basket from the last session is back, not paid"
            ),
            l("linjer", "lines"),
        ),
        Say::MissingWeight { name } => format!(
            "{} {}",
            clean(name),
            l(
                "mangler vekt – vei varen og skriv gram (F5)",
                "has no weight – weigh it and type the grams (F5)"
            )
        ),
        Say::AboveMaximum { maximum } => format!(
            "{} {maximum}",
            l(
                "Beløpet er over det Vipps tar i én betaling:",
                "The amount is above what Vipps takes in one payment:"
            )
        ),
        Say::RefundUnanswered { amount } => format!(
            "{} {amount} {}",
            l("En refusjon på", "A refund of"),
            l(
                "fikk aldri svar – den sendes på nytt, uendret (Vipps gjør den bare én gang)",
                "never got an answer – it is sent again unchanged (Vipps makes it once only)"
            ),
        ),
        Say::NothingToRefund => l(
            "Vipps viser ingenting igjen å refundere på salget",
            "Vipps shows nothing left to refund on this sale",
        ),
        Say::RefundCheckFailed { reason, kind } => two(
            nb,
            "Fikk ikke sjekket salget hos Vipps – ingen refusjon sendt",
            "Could not check the sale with Vipps – no refund sent",
            &failure(nb, *kind, reason),
        ),
        Say::EnrolStartFailed { reason, kind } => two(
            nb,
            "Innmeldingen kunne ikke starte",
            "Could not start the enrolment",
            &failure(nb, *kind, reason),
        ),
        Say::EnrolDenied => l(
            "Kunden takket nei til kundeklubben",
            "The customer declined to join",
        ),
        Say::EnrolExpired => l("Innmeldingen gikk ut på tid", "The enrolment timed out"),
        Say::EnrolFailed { reason } => {
            two(nb, "Innmeldingen feilet", "The enrolment failed", reason)
        }
        Say::Enrolled { name: Some(name) } => {
            let name = clean(name);
            pick(lang, "{} er nå medlem!", "{} is now a member!").replace("{}", &name)
        }
        Say::Enrolled { name: None } => l("Kunden er nå medlem!", "The customer is now a member!"),
        Say::SaleNotSaved { reason } => two(
            nb,
            "Salget ble ikke lagret, ingen betaling sendt",
            "The sale was not saved, no payment sent",
            reason,
        ),
        Say::PaymentRefused { reason, kind } => two(
            nb,
            "Betalingen ble avvist",
            "The payment request was refused",
            &failure(nb, *kind, reason),
        ),
        Say::VippsDown { kind } => match kind {
            FailKind::RateLimited => l(
                "Vipps ber oss vente litt – ingenting er trukket. F8 prøver igjen",
                "Vipps asks us to wait a moment – nothing was charged. F8 tries again",
            ),
            _ => l(
                "Vipps svarer ikke – ingenting er trukket. F8 prøver igjen",
                "Vipps is not answering – nothing was charged. F8 tries again",
            ),
        },
        Say::NoAnswerChecking => l(
            "Intet svar fra Vipps – sjekker status …",
            "No answer from Vipps – checking the status…",
        ),
        Say::Rejected => l(
            "Kunden avbrøt betalingen – kurven er beholdt",
            "The customer rejected the payment – the basket is kept",
        ),
        Say::Expired => l(
            "Betalingen gikk ut på tid – kurven er beholdt",
            "The payment request expired – the basket is kept",
        ),
        Say::CancelledOk => l("Betalingen er avbrutt", "The payment was cancelled"),
        Say::ReservationReleased => l(
            "Reservasjonen er frigitt – ingenting trukket",
            "The reservation was released – nothing captured",
        ),
        Say::ApprovedBeforeCancel => l(
            "Kunden rakk å godkjenne – trekk (F11) eller frigi (Esc)",
            "The customer approved first – capture (F11) or release (Esc)",
        ),
        Say::CancelFailed { reason, kind } => two(
            nb,
            "Avbryting feilet",
            "Cancel failed",
            &failure(nb, *kind, reason),
        ),
        Say::CapturedPart { captured, total } => format!(
            "{} {captured} {} {total} – {}",
            l("Bare", "Only"),
            l("av", "of"),
            l("F11 trekker resten", "F11 captures the rest")
        ),
        Say::CaptureFailed { reason, kind } => two(
            nb,
            "Trekk feilet, prøv F11 igjen",
            "Capture failed, try F11 again",
            &failure(nb, *kind, reason),
        ),
        Say::AuthorizedConfirm => l(
            "Godkjent av kunden – F11 trekker beløpet",
            "Approved by the customer – F11 captures",
        ),
        Say::Paid { total } => {
            let total = total.to_string();
            pick(lang, "Betalt {} – takk!", "Paid {} – thank you!").replace("{}", &total)
        }
        Say::BackgroundPaid { receipt, total } => format!(
            "{} {} {} {total}",
            l("Parkert salg", "Parked sale"),
            clean(receipt),
            l("betalt:", "paid:"),
        ),
        Say::BackgroundFailed { receipt } => format!(
            "{} {} {}",
            l("Parkert salg", "Parked sale"),
            clean(receipt),
            l(
                "ble ikke betalt – kurven ligger under F9",
                "was not paid – its basket is under F9"
            ),
        ),
        Say::FailedRecalled { receipt } => format!(
            "{} {} {}",
            l("Kurven fra salg", "The basket of sale"),
            clean(receipt),
            l(
                "er tilbake – F8 prøver igjen, F12 tømmer",
                "is back – F8 tries again, F12 clears"
            ),
        ),
        Say::MovedToBackground { receipt } => format!(
            "{} {} {}",
            l("Salg", "Sale"),
            clean(receipt),
            l(
                "er parkert – klar for neste kunde",
                "parked – ready for the next customer"
            ),
        ),
        Say::NothingToRecall => l("Ingen parkerte salg", "No parked sales"),
        Say::FinishFirst => l(
            "Gjør ferdig eller tøm salget på skjermen først",
            "Finish or clear the sale on screen first",
        ),
        Say::SaleNotFound { reason } => two(nb, "Fant ikke salget", "Sale not found", reason),
        Say::RefundTooMuch { max } => two(
            nb,
            "Ugyldig beløp, høyst",
            "Not a valid amount, at most",
            &max.to_string(),
        ),
        Say::Refunding => l("Refunderer …", "Refunding…"),
        Say::RefundedOk { amount, receipt } => format!(
            "{} {amount} ({})",
            l("Refundert", "Refunded"),
            clean(receipt)
        ),
        Say::RefundFailed { reason, kind } => two(
            nb,
            "Refusjon feilet",
            "Refund failed",
            &failure(nb, *kind, reason),
        ),
        Say::Recovered { count } => format!(
            "{} {count} {}",
            l("Gjenopprettet", "Recovered"),
            l(
                "uavsluttede salg etter omstart",
                "unfinished sale(s) after a restart"
            ),
        ),
        Say::ScannerLost { reason } => two(nb, "Skanneren er borte", "Scanner lost", reason),
        Say::ScannerNoise { message } => two(nb, "Uleselig skanning", "Unreadable scan", message),
        Say::ScannerConnected { name } => two(nb, "Skanner tilkoblet", "Scanner connected", name),
        Say::ApiTrouble { reason } => two(
            nb,
            "Problemer med å nå Vipps",
            "Trouble reaching Vipps",
            reason,
        ),
        Say::PrinterAway { reason, waiting } => format!(
            "{} ({waiting} {}): {}",
            l("Skriveren er borte", "Printer away"),
            l("venter", "waiting"),
            clean(reason).trim(),
        ),
        Say::PrinterBack => l(
            "Skriveren er tilbake: ventende kvitteringer skrives ut",
            "Printer back: waiting receipts are printing",
        ),
        Say::DrawerOpened => l("Kasseskuffen er åpnet", "Cash drawer opened"),
        Say::DrawerFailed { reason } => two(
            nb,
            "Kasseskuffen åpnet seg ikke",
            "The cash drawer did not open",
            reason,
        ),
        Say::ReceiptNotPrinted { reason } => two(
            nb,
            "Kvitteringen kan ikke skrives ut (salget er i orden)",
            "The receipt cannot be printed (the sale is fine)",
            reason,
        ),
        Say::CopyPrinted => l("Kopien skrives ut", "The copy is printing"),
        Say::CopyAlreadyMade => l(
            "Kvitteringen har allerede en kopi – bare én kopi er tillatt",
            "The receipt has its copy already – only one copy is allowed",
        ),
        Say::CopyFailed { reason } => two(
            nb,
            "Kopien ble ikke skrevet ut",
            "The copy was not printed",
            &clean(reason),
        ),
        Say::InAppReceipt => l(
            "Kunden har kvitteringen i Vipps-appen; papirkvitteringen skrives ikke",
            "The customer has the receipt in the Vipps app; no paper receipt",
        ),
        Say::DemoNothingPending => l(
            "Ingenting å svare på i telefonen",
            "Nothing on the phone to answer",
        ),
        Say::StillOwed { owed } => format!("{} {owed}", l("Igjen å betale:", "Still owed:")),
        Say::BadCashAmount { unit } => format!(
            "{} {unit}",
            l(
                "Ugyldig kontantbeløp – må gå opp i",
                "Not a valid cash amount – must be a multiple of"
            )
        ),
        Say::BadTenderAmount { max } => two(
            nb,
            "Ugyldig beløp, høyst",
            "Not a valid amount, at most",
            &max.to_string(),
        ),
        Say::PartsPaid => l(
            "Noe er allerede betalt – gjør ferdig betalingen",
            "Part of it is paid already – finish the payment",
        ),
        Say::IssueFailed { reason } => two(
            nb,
            "Kvitteringen ble ikke lagret – trykk Enter for å prøve igjen",
            "The receipt was not stored – press Enter to try again",
            reason,
        ),
        Say::Issued {
            receipt,
            total,
            change,
        } => {
            let head = format!(
                "{} {total} – {} {}",
                l("Betalt", "Paid"),
                l("kvittering", "receipt"),
                clean(receipt)
            );
            if change.minor > 0 {
                format!("{head} – {} {change}", l("vekslepenger", "change"))
            } else {
                format!("{head} – {}", l("takk!", "thank you!"))
            }
        }
        Say::ReturnIssued { receipt, total } => format!(
            "{} {} – {total}",
            l("Returkvittering", "Return receipt"),
            clean(receipt)
        ),
        Say::BadReceiptQuery => l(
            "Tast kvitteringsnummeret eller skann koden på kvitteringen",
            "Type the receipt number or scan the code on the receipt",
        ),
        Say::ReceiptNotFound => l("Fant ingen slik kvittering", "No such receipt"),
        Say::AlreadyReturned => l(
            "Denne kvitteringen er allerede returnert",
            "This receipt was already returned",
        ),
        Say::ReceiptLookupFailed { reason } => two(
            nb,
            "Kunne ikke slå opp kvitteringen",
            "Could not look up the receipt",
            reason,
        ),
        Say::ReceiptUnreadable => l(
            "Kvitteringen kan ikke leses – kontakt support",
            "The receipt cannot be read – contact support",
        ),
        Say::NothingPicked => l(
            "Velg minst én linje (mellomrom)",
            "Pick at least one line (space)",
        ),
        Say::ReturnStarted => l(
            "Retur: trykk Enter for hver tilbakebetaling",
            "Return: press Enter for each refund",
        ),
        Say::NoReturnWithoutReceipt => l(
            "Butikken tillater ikke retur uten kvittering",
            "The shop does not allow returns without a receipt",
        ),
        Say::BasketParked { id } => format!("{} {id}", l("Kurv parkert:", "Basket parked:")),
        Say::BasketResumed { id } => format!("{} {id}", l("Kurv hentet:", "Basket resumed:")),
        Say::BadDrawerAmount => l("Ugyldig beløp", "Not a valid amount"),
        Say::NeedReason => l(
            "Skriv en grunn (Tab bytter felt)",
            "Type a reason (Tab switches field)",
        ),
        Say::FloatCounted { amount } => {
            format!("{} {amount}", l("Vekslepenger talt inn:", "Opening float:"))
        }
        Say::CashMoved { amount } => format!("{} {amount}", l("Skuffen:", "Drawer:")),
        Say::Counted {
            counted,
            expected,
            difference,
        } => format!(
            "{} {counted}, {} {expected}, {} {difference}",
            l("Telt", "Counted"),
            l("forventet", "expected"),
            l("differanse", "difference"),
        ),
        Say::PartWithoutReceipt { reference, amount } => format!(
            "{} {amount} ({}) {}",
            l("Vipps-del betalt:", "Vipps part paid:"),
            clean(reference),
            l(
                "– salget ble avbrutt av en omstart; gjør opp resten manuelt",
                "– the sale was cut off by a restart; settle the rest by hand"
            ),
        ),
        Say::NewReference => l(
            "Referansen var brukt før – sendt på nytt med ny referanse",
            "The reference was used before – sent again with a new one",
        ),
        Say::WeighedNoStep { .. } | Say::WeightFromLabel { .. } => super::counter::say(lang, s),
        Say::CustomerChanged { .. } | Say::EnrolCancelled => super::counter::say(lang, s),
        Say::KeyedDropped | Say::OpenPriceAsk { .. } => super::counter::say(lang, s),
        Say::BadOpenPrice => super::counter::say(lang, s),
        Say::ZReportMissing => super::books::z_missing_reminder(lang).to_string(),
    }
}

/// `"<fixed text>: <cleaned outside text>"`, or just the fixed text when nothing came.
/// Why a call failed, in the cashier's words; the API's own text only when nothing better is
/// known (it is in the log either way).
fn failure(nb: bool, kind: FailKind, detail: &str) -> String {
    let t = |n: &str, e: &str| if nb { n.to_string() } else { e.to_string() };
    match kind {
        FailKind::CannotPay => t(
            "dette nummeret kan ikke betale med Vipps MobilePay",
            "this number cannot pay with Vipps MobilePay",
        ),
        FailKind::PushNotAllowed => t(
            "salgsenheten har ikke lov til å sende betaling til telefonen (5080) – kontakt Vipps MobilePay",
            "this sales unit may not push payments (5080) – contact Vipps MobilePay",
        ),
        FailKind::OldApp => t(
            "kundens app er for gammel – be kunden oppdatere",
            "the customer's app is too old – ask them to update it",
        ),
        FailKind::NotLoginUser => t(
            "nummeret kan ikke brukes med Vipps-innlogging",
            "this number cannot use Vipps Login",
        ),
        FailKind::Timeout => t("Vipps svarte ikke i tide", "Vipps did not answer in time"),
        FailKind::Unreachable => t("får ikke kontakt med Vipps", "cannot reach Vipps"),
        FailKind::RateLimited => t(
            "for mange forsøk – vent litt og prøv igjen",
            "too many attempts – wait a moment and try again",
        ),
        FailKind::ServerError => t("feil hos Vipps – prøv igjen", "an error at Vipps – try again"),
        FailKind::Other => detail.to_string(),
    }
}

fn two(nb: bool, nb_text: &str, en_text: &str, outside: &str) -> String {
    let fixed = if nb { nb_text } else { en_text };
    let outside = clean(outside);
    let outside = outside.trim();
    if outside.is_empty() {
        fixed.to_string()
    } else {
        format!("{fixed}: {outside}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Currency, Money};

    #[test]
    fn api_failures_are_told_in_the_cashiers_language() {
        let refused = Say::PaymentRefused {
            reason: "Vipps answered 400: Customer not found [error code 7010]".into(),
            kind: FailKind::CannotPay,
        };
        let nb = say(Language::Norwegian, &refused);
        assert_eq!(
            nb,
            "Betalingen ble avvist: dette nummeret kan ikke betale med Vipps MobilePay"
        );
        assert!(!nb.contains("Customer not found"));
        let other = Say::RefundFailed {
            reason: "Vipps answered 400: Refund exceeds captured".into(),
            kind: FailKind::Other,
        };
        assert!(say(Language::English, &other).ends_with("Refund exceeds captured"));
    }

    #[test]
    fn outside_text_is_cleaned_in_both_languages() {
        let s = Say::Added {
            name: "Caps\u{1b}[2J\u{7}".into(),
        };
        assert_eq!(say(Language::Norwegian, &s), "Lagt til: Caps");
        assert_eq!(say(Language::English, &s), "Added: Caps");
    }

    #[test]
    fn amounts_use_the_market_format() {
        let s = Say::Paid {
            total: Money::new(12990, Currency::Nok),
        };
        assert_eq!(say(Language::Norwegian, &s), "Betalt kr 129,90 – takk!");
        assert_eq!(say(Language::English, &s), "Paid kr 129,90 – thank you!");
    }

    #[test]
    fn an_empty_reason_leaves_no_dangling_colon() {
        let s = Say::EnrolFailed { reason: " ".into() };
        assert_eq!(say(Language::Norwegian, &s), "Innmeldingen feilet");
    }
}
