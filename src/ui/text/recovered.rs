//! What start-up recovery did, one line per sale or refund (`till::Recovered`).

use super::clean;
use crate::config::Language;
use crate::till::{MoneyMoved, Recovered, Recovery};

/// The line for one recovered sale or refund, led by its receipt number or reference. The
/// reason from outside (an API or database error) goes to the log where it arose, not here: the
/// cashier reads one sentence in the till's language.
pub fn recovered(lang: Language, r: &Recovered) -> String {
    let l = |forms: [&str; 4]| lang.pick(forms).to_string();
    let text = match &r.note {
        Recovery::WasCaptured => l([
            "var betalt og trukket; avsluttet",
            "was paid and captured; closed",
            "var betalt og hævet; afsluttet",
            "oli maksettu ja veloitettu; suljettu",
        ]),
        Recovery::Capturing => l([
            "godkjent mens kassen var nede; trekkes nå",
            "approved while the till was down; being captured now",
            "godkendt mens kassen var nede; hæves nu",
            "hyväksytty kassan ollessa poissa päältä; veloitetaan nyt",
        ]),
        Recovery::AwaitingCapture => l([
            "godkjent; venter på at du trekker eller frigir den (F9 henter den)",
            "approved; waiting for you to capture or release it (F9 recalls it)",
            "godkendt; venter på at du hæver eller frigiver den (F9 henter den)",
            "hyväksytty; odottaa veloitusta tai vapautusta (F9 hakee sen)",
        ]),
        Recovery::Watching => l([
            "venter fortsatt på kunden; følges i bakgrunnen (F9)",
            "still waiting for the customer; watching it (F9)",
            "venter stadig på kunden; følges i baggrunden (F9)",
            "odottaa yhä asiakasta; seurataan taustalla (F9)",
        ]),
        Recovery::WatchingUnreachable { .. } => l([
            "Vipps kan ikke spørres nå; følges i bakgrunnen, ingenting trukket ennå",
            "cannot ask Vipps now; watching it in the background, nothing charged yet",
            "MobilePay kan ikke spørges nu; følges i baggrunden, intet hævet endnu",
            "MobilePaylta ei voi nyt kysyä; seurataan taustalla, mitään ei ole vielä veloitettu",
        ]),
        Recovery::DidNotPay => l([
            "kunden betalte ikke; avsluttet, ingenting trukket",
            "the customer did not pay; closed, nothing charged",
            "kunden betalte ikke; afsluttet, intet hævet",
            "asiakas ei maksanut; suljettu, mitään ei veloitettu",
        ]),
        Recovery::NeverArrived => l([
            "betalingsforespørselen nådde aldri Vipps; avsluttet, ingenting trukket",
            "the payment request never reached Vipps; closed, nothing charged",
            "betalingsanmodningen nåede aldrig MobilePay; afsluttet, intet hævet",
            "maksupyyntö ei koskaan tullut MobilePayhin; suljettu, mitään ei veloitettu",
        ]),
        Recovery::NoCustomer => l([
            "åpen, men uten lagret kunde; sjekk den i portalen",
            "open, but no customer is stored with it; check it in the portal",
            "åben, men uden gemt kunde; tjek den i portalen",
            "auki, mutta asiakasta ei ole tallennettu; tarkista se portaalista",
        ]),
        Recovery::Cancelled => l([
            "avbrytingen du ba om er sendt og gjort; ingenting trukket",
            "the cancel you asked for is sent and done; nothing charged",
            "annulleringen du bad om er sendt og gennemført; intet hævet",
            "pyytämäsi peruutus on lähetetty ja tehty; mitään ei veloitettu",
        ]),
        Recovery::Released => l([
            "reservasjonen er gitt tilbake; ingenting trukket",
            "the reservation is given back; nothing charged",
            "reservationen er frigivet; intet hævet",
            "varaus on vapautettu; mitään ei veloitettu",
        ]),
        Recovery::CapturedBeforeCancel => l([
            "var allerede trukket før avbrytingen; refunder om kunden skal ha pengene igjen",
            "was already captured before the cancel; refund it if the customer is to be paid back",
            "var allerede hævet før annulleringen; refundér hvis kunden skal have pengene igen",
            "oli jo veloitettu ennen peruutusta; hyvitä, jos asiakas saa rahat takaisin",
        ]),
        Recovery::CancelFailed { .. } => l([
            "avbrytingen gikk ikke gjennom; prøves igjen ved neste start, trekkes aldri",
            "the cancel did not go through; tried again at the next start, never captured",
            "annulleringen gik ikke igennem; prøves igen ved næste start, hæves aldrig",
            "peruutus ei mennyt läpi; yritetään uudelleen seuraavalla käynnistyksellä, ei veloiteta koskaan",
        ]),
        Recovery::RefundDone { amount } => lang.pick([
            format!("en avbrutt refusjon på {amount} er gjort"),
            format!("an interrupted refund of {amount} is done"),
            format!("en afbrudt refusion på {amount} er gennemført"),
            format!("keskeytynyt {amount} hyvitys on tehty"),
        ]),
        Recovery::RefundNotSaved { amount, .. } => lang.pick([
            format!("refusjon på {amount} gjort hos Vipps, ikke lagret her"),
            format!("refund of {amount} done at Vipps, not saved here"),
            format!("refusion på {amount} gennemført hos MobilePay, ikke gemt her"),
            format!("{amount} hyvitys tehty MobilePayssa, ei tallennettu tänne"),
        ]),
        Recovery::RefundUnconfirmed { amount, .. } => lang.pick([
            format!("en avbrutt refusjon på {amount} kan ikke bekreftes nå; sendes igjen ved neste start"),
            format!("an interrupted refund of {amount} cannot be confirmed now; it is sent again at the next start"),
            format!("en afbrudt refusion på {amount} kan ikke bekræftes nu; sendes igen ved næste start"),
            format!("keskeytynyttä {amount} hyvitystä ei voi nyt vahvistaa; se lähetetään uudelleen seuraavalla käynnistyksellä"),
        ]),
        Recovery::RefundRefused { amount, .. } => lang.pick([
            format!("en avbrutt refusjon på {amount} ble avvist; ingenting refundert"),
            format!("an interrupted refund of {amount} was refused; nothing refunded"),
            format!("en afbrudt refusion på {amount} blev afvist; intet refunderet"),
            format!("keskeytynyt {amount} hyvitys hylättiin; mitään ei hyvitetty"),
        ]),
        Recovery::RefundUnreadable => l([
            "en refusjon ble avbrutt og journalen kan ikke leses; sjekk den i portalen",
            "a refund was interrupted and its journal entry cannot be read; check it in the portal",
            "en refusion blev afbrudt og journalen kan ikke læses; tjek den i portalen",
            "hyvitys keskeytyi eikä sen lokimerkintää voi lukea; tarkista se portaalista",
        ]),
    };
    format!("{}: {text}", clean(&r.what))
}

/// Whether the customer's money moved, the first thing said about each recovered sale.
pub fn money_moved(lang: Language, m: MoneyMoved) -> &'static str {
    lang.pick(match m {
        MoneyMoved::Taken => [
            "Penger trukket",
            "Money taken",
            "Penge hævet",
            "Rahat veloitettu",
        ],
        MoneyMoved::NotTaken => [
            "Ingen penger trukket",
            "No money taken",
            "Ingen penge hævet",
            "Rahaa ei veloitettu",
        ],
        MoneyMoved::Open => [
            "Ikke avgjort ennå",
            "Not settled yet",
            "Ikke afgjort endnu",
            "Ei vielä ratkaistu",
        ],
        MoneyMoved::PaidBack => [
            "Penger betalt tilbake",
            "Money paid back",
            "Penge betalt tilbage",
            "Rahat palautettu",
        ],
        MoneyMoved::NotPaidBack => [
            "Ingenting betalt tilbake",
            "Nothing paid back",
            "Intet betalt tilbage",
            "Mitään ei palautettu",
        ],
    })
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
        let said = recovered(Language::English, &hostile);
        assert!(!said.contains('\u{1b}') && !said.contains("boom"), "{said}");
    }
}
