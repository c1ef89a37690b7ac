//! What start-up recovery did, one line per sale or refund (`till::Recovered`).

use super::{clean, pick};
use crate::config::Language;
use crate::till::{Recovered, Recovery};

/// The line for one recovered sale or refund, led by its receipt number or reference.
pub fn recovered(lang: Language, r: &Recovered) -> String {
    let l = |nb: &str, en: &str| pick(lang, nb, en).to_string();
    let with = |nb: &str, en: &str, detail: &str| format!("{} ({})", l(nb, en), clean(detail));
    let text = match &r.note {
        Recovery::WasCaptured => l(
            "var betalt og trukket; avsluttet",
            "was paid and captured; closed",
        ),
        Recovery::Capturing => l(
            "godkjent mens kassen var nede; trekkes nå",
            "approved while the till was down; being captured now",
        ),
        Recovery::AwaitingCapture => l(
            "godkjent; venter på at du trekker eller frigir den (F9 henter den)",
            "approved; waiting for you to capture or release it (F9 recalls it)",
        ),
        Recovery::Watching => l(
            "venter fortsatt på kunden; følges i bakgrunnen (F9)",
            "still waiting for the customer; watching it (F9)",
        ),
        Recovery::WatchingUnreachable { reason } => with(
            "Vipps kan ikke spørres nå; følges i bakgrunnen",
            "cannot ask Vipps now; watching it in the background",
            reason,
        ),
        Recovery::DidNotPay => l(
            "kunden betalte ikke; avsluttet",
            "the customer did not pay; closed",
        ),
        Recovery::NeverArrived => l(
            "betalingsforespørselen nådde aldri Vipps; avsluttet, ingenting trukket",
            "the payment request never reached Vipps; closed, nothing charged",
        ),
        Recovery::NoCustomer => l(
            "åpen, men uten lagret kunde; sjekk den i portalen",
            "open, but no customer is stored with it; check it in the portal",
        ),
        Recovery::Cancelled => l(
            "avbrytingen du ba om er sendt og gjort; ingenting trukket",
            "the cancel you asked for is sent and done; nothing charged",
        ),
        Recovery::Released => l(
            "reservasjonen er gitt tilbake; ingenting trukket",
            "the reservation is given back; nothing charged",
        ),
        Recovery::CapturedBeforeCancel => l(
            "var allerede trukket før avbrytingen; refunder om kunden skal ha pengene igjen",
            "was already captured before the cancel; refund it if the customer is to be paid back",
        ),
        Recovery::CancelFailed { reason } => with(
            "avbrytingen gikk ikke gjennom; prøves igjen ved neste start, trekkes aldri",
            "the cancel did not go through; tried again at the next start, never captured",
            reason,
        ),
        Recovery::RefundDone { amount } => format!(
            "{} {amount} {}",
            l("en avbrutt refusjon på", "an interrupted refund of"),
            l("er gjort", "is done")
        ),
        Recovery::RefundNotSaved { amount, reason } => format!(
            "{} {amount} {} ({})",
            l("refusjon på", "refund of"),
            l(
                "gjort hos Vipps, ikke lagret her",
                "done at Vipps, not saved here"
            ),
            clean(reason)
        ),
        Recovery::RefundUnconfirmed { amount, reason } => format!(
            "{} {amount} {} ({})",
            l("en avbrutt refusjon på", "an interrupted refund of"),
            l(
                "kan ikke bekreftes nå; sendes igjen ved neste start",
                "cannot be confirmed now; it is sent again at the next start"
            ),
            clean(reason)
        ),
        Recovery::RefundRefused { amount, reason } => format!(
            "{} {amount} {} ({})",
            l("en avbrutt refusjon på", "an interrupted refund of"),
            l(
                "ble avvist; ingenting refundert",
                "was refused; nothing refunded"
            ),
            clean(reason)
        ),
        Recovery::RefundUnreadable => l(
            "en refusjon ble avbrutt og journalen kan ikke leses; sjekk den i portalen",
            "a refund was interrupted and its journal entry cannot be read; check it in the portal",
        ),
    };
    format!("{}: {text}", clean(&r.what))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_note_leads_with_its_receipt_and_has_both_languages() {
        let r = Recovered {
            what: "000030".into(),
            note: Recovery::AwaitingCapture,
        };
        let nb = recovered(Language::Norwegian, &r);
        let en = recovered(Language::English, &r);
        assert!(nb.starts_with("000030: ") && en.starts_with("000030: "));
        assert_ne!(nb, en);
        let hostile = Recovered {
            what: "x".into(),
            note: Recovery::CancelFailed {
                reason: "\u{1b}[2Jboom".into(),
            },
        };
        assert!(!recovered(Language::English, &hostile).contains('\u{1b}'));
    }
}
