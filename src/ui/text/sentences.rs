//! The sentences of the notice line: one per `till::Say`, in bokmål, English, Danish and
//! Finnish side by side. Names and codes from outside are shown cleaned; error reasons from an
//! API, the database or a device are not: they are in English (or worse) and the runtime has
//! logged them where they arose, so the cashier reads one sentence in the till's language.

use super::clean;
use crate::config::Language;
use crate::domain::Unreadable;
use crate::till::{FailKind, Say};

/// Why a scan was not understood, in the cashier's words.
fn unreadable(lang: Language, why: &Unreadable) -> String {
    let l = |forms: [&str; 4]| lang.pick(forms).to_string();
    match why {
        Unreadable::Empty => l(["Tom skanning", "Empty scan", "Tom scanning", "Tyhjä luku"]),
        Unreadable::CheckDigit { code, .. } => {
            let code = clean(code);
            lang.pick([
                format!("Feil kontrollsiffer i {code} – skann igjen (feillest eller skadet etikett)"),
                format!("Wrong check digit in {code} – scan again (misread or damaged label)"),
                format!("Forkert kontrolciffer i {code} – scan igen (fejllæst eller beskadiget etiket)"),
                format!("Väärä tarkistenumero koodissa {code} – lue uudelleen (virheluku tai vaurioitunut tarra)"),
            ])
        }
        Unreadable::NotGtin { shown, .. } => {
            let shown = clean(shown);
            lang.pick([
                format!("«{shown}» er ikke en strekkode for en vare"),
                format!("“{shown}” is not a product barcode"),
                format!("»{shown}« er ikke en stregkode for en vare"),
                format!("”{shown}” ei ole tuotteen viivakoodi"),
            ])
        }
        Unreadable::WebLink { .. } => l([
            "En nettlenke, ikke en Vipps- eller MobilePay-kode",
            "A web link, not a Vipps or MobilePay code",
            "Et weblink, ikke en MobilePay- eller Vipps-kode",
            "Verkkolinkki, ei MobilePay- tai Vipps-koodi",
        ]),
        Unreadable::DamagedQr => l([
            "Vipps-koden er skadet – be kunden vise den på nytt",
            "The Vipps code is damaged – ask the customer to show it again",
            "MobilePay-koden er beskadiget – bed kunden vise den igen",
            "MobilePay-koodi on vaurioitunut – pyydä asiakasta näyttämään se uudelleen",
        ]),
        Unreadable::Neither { .. } => l([
            "Ukjent kode: verken kunde-QR eller varestrekkode",
            "Unknown code: neither a customer QR nor a product barcode",
            "Ukendt kode: hverken kunde-QR eller vare-stregkode",
            "Tuntematon koodi: ei asiakkaan QR- eikä tuotteen viivakoodi",
        ]),
    }
}

/// The notice for `s` in `lang`. Text from outside (names, codes) is cleaned here, so no
/// caller has to remember.
pub fn say(lang: Language, s: &Say) -> String {
    let l = |forms: [&str; 4]| lang.pick(forms).to_string();
    // A sentence and a cause in the cashier's words: "<sentence>: <cause>".
    let why =
        |forms: [&str; 4], kind: FailKind| format!("{}: {}", lang.pick(forms), failure(lang, kind));
    match s {
        Say::ScanUnknown(u) => unreadable(lang, u),
        Say::WeighedNoStep { .. } | Say::WeightFromLabel { .. } => super::counter::say(lang, s),
        Say::CustomerChanged { .. } | Say::EnrolCancelled => super::counter::say(lang, s),
        Say::KeyedDropped | Say::OpenPriceAsk { .. } => super::counter::say(lang, s),
        Say::BadOpenPrice => super::counter::say(lang, s),
        Say::ZReportMissing => super::books::z_missing_reminder(lang).to_string(),
        Say::ReportTaken { .. } | Say::ZAlreadyTaken | Say::ReportFailed { .. } => {
            super::books::say(lang, s)
        }
        Say::ReadingQr => l([
            "Leser kundens QR-kode …",
            "Reading the customer's QR code…",
            "Læser kundens QR-kode …",
            "Luetaan asiakkaan QR-koodia …",
        ]),
        Say::QrFailed { kind, .. } => why(
            [
                "Kunne ikke lese QR-koden",
                "Could not read the QR code",
                "Kunne ikke læse QR-koden",
                "QR-koodia ei voitu lukea",
            ],
            *kind,
        ),
        Say::AlreadyIdentified => l([
            "Kunden er allerede registrert",
            "This customer is already identified",
            "Kunden er allerede registreret",
            "Asiakas on jo tunnistettu",
        ]),
        Say::LookupFailed { .. } => l([
            "Medlemsoppslag feilet, salget fortsetter uten fordeler",
            "Member lookup failed, the sale goes on without club benefits",
            "Medlemsopslag mislykkedes, salget fortsætter uden fordele",
            "Jäsenhaku epäonnistui, myynti jatkuu ilman etuja",
        ]),
        Say::NotMemberHint => l([
            "Ikke medlem – F3 melder kunden inn i kundeklubben",
            "Not a member – F3 enrols the customer in the club",
            "Ikke medlem – F3 melder kunden ind i kundeklubben",
            "Ei jäsen – F3 liittää asiakkaan kanta-asiakaskerhoon",
        ]),
        Say::MemberWelcome { name: Some(name) } => {
            let name = clean(name);
            lang.pick([
                format!("Velkommen, {name}! (medlem)"),
                format!("Welcome, {name}! (member)"),
                format!("Velkommen, {name}! (medlem)"),
                format!("Tervetuloa, {name}! (jäsen)"),
            ])
        }
        Say::MemberWelcome { name: None } => l([
            "Medlem funnet",
            "Member found",
            "Medlem fundet",
            "Jäsen löytyi",
        ]),
        Say::ProductUnknown { code } => two(
            lang,
            ["Ukjent vare", "Unknown item", "Ukendt vare", "Tuntematon tuote"],
            code,
        ),
        Say::ProductLookupFailed { .. } => l([
            "Varesøk feilet – prøv igjen",
            "Item lookup failed – try again",
            "Varesøgning mislykkedes – prøv igen",
            "Tuotehaku epäonnistui – yritä uudelleen",
        ]),
        Say::Added { name } => two(lang, ["Lagt til", "Added", "Tilføjet", "Lisätty"], name),
        Say::Voided { name } => two(lang, ["Slettet", "Removed", "Slettet", "Poistettu"], name),
        Say::BusyPaying => l([
            "Betaling pågår – vent, avbryt (Esc) eller parkér (F9)",
            "A payment is running – wait, cancel (Esc) or park it (F9)",
            "Betaling i gang – vent, annullér (Esc) eller parkér (F9)",
            "Maksu käynnissä – odota, peru (Esc) tai pysäköi (F9)",
        ]),
        Say::NeedCustomer => l([
            "Hvem betaler? Skann kundens QR-kode eller tast nummeret",
            "Who pays? Scan the customer's QR code or type the number",
            "Hvem betaler? Scan kundens QR-kode eller tast nummeret",
            "Kuka maksaa? Lue asiakkaan QR-koodi tai näppäile numero",
        ]),
        Say::EmptyBasket => l([
            "Kurven er tom",
            "The basket is empty",
            "Kurven er tom",
            "Ostoskori on tyhjä",
        ]),
        Say::BelowMinimum { minimum } => lang.pick([
            format!("Beløpet er under minstebeløpet: {minimum}"),
            format!("The amount is below the minimum: {minimum}"),
            format!("Beløbet er under minimumsbeløbet: {minimum}"),
            format!("Summa on alle vähimmäissumman: {minimum}"),
        ]),
        Say::BadQuantity => l([
            "Ugyldig antall",
            "Not a valid quantity",
            "Ugyldigt antal",
            "Virheellinen määrä",
        ]),
        Say::BadDiscount => l([
            "Ugyldig rabatt – kroner (20 eller 19,90) eller prosent (10%), høyst linjens sum",
            "Not a valid discount – an amount (20 or 19,90) or percent (10%), at most the line",
            "Ugyldig rabat – kroner (20 eller 19,90) eller procent (10%), højst linjens beløb",
            "Virheellinen alennus – summa (20 tai 19,90) tai prosentti (10%), enintään rivin summa",
        ]),
        Say::ScanIgnoredInDialog => l([
            "Skanningen ble ikke tatt – fullfør eller lukk (Esc) feltet først",
            "Scan not taken – finish or close (Esc) the field first",
            "Scanningen blev ikke taget – udfyld eller luk (Esc) feltet først",
            "Lukua ei otettu – täytä tai sulje (Esc) kenttä ensin",
        ]),
        Say::BasketRestored { lines } => lang.pick([
            format!("Kurven fra forrige økt er hentet tilbake, ikke betalt ({lines} linjer)"),
            format!("The basket from the last session is back, not paid ({lines} lines)"),
            format!("Kurven fra sidste session er hentet tilbage, ikke betalt ({lines} linjer)"),
            format!("Edellisen istunnon ostoskori on palautettu, maksamatta ({lines} riviä)"),
        ]),
        Say::MissingWeight { name } => {
            let name = clean(name);
            lang.pick([
                format!("{name} mangler vekt – vei varen og skriv gram (F5)"),
                format!("{name} has no weight – weigh it and type the grams (F5)"),
                format!("{name} mangler vægt – vej varen og skriv gram (F5)"),
                format!("{name}: paino puuttuu – punnitse tuote ja kirjoita grammat (F5)"),
            ])
        }
        Say::AboveMaximum { maximum } => lang.pick([
            format!("Beløpet er over det Vipps tar i én betaling: {maximum}"),
            format!("The amount is above what Vipps takes in one payment: {maximum}"),
            format!("Beløbet er over, hvad MobilePay tager i én betaling: {maximum}"),
            format!("Summa ylittää MobilePayn yhden maksun rajan: {maximum}"),
        ]),
        Say::RefundUnanswered { amount } => lang.pick([
            format!("En refusjon på {amount} fikk aldri svar – den sendes på nytt, uendret (Vipps gjør den bare én gang)"),
            format!("A refund of {amount} never got an answer – it is sent again unchanged (Vipps makes it once only)"),
            format!("En refusion på {amount} fik aldrig svar – den sendes igen, uændret (MobilePay gennemfører den kun én gang)"),
            format!("{amount} hyvitykseen ei tullut vastausta – se lähetetään uudelleen muuttamattomana (MobilePay tekee sen vain kerran)"),
        ]),
        Say::NothingToRefund => l([
            "Vipps viser ingenting igjen å refundere på salget",
            "Vipps shows nothing left to refund on this sale",
            "MobilePay viser intet tilbage at refundere på salget",
            "MobilePayn mukaan myynnistä ei ole enää hyvitettävää",
        ]),
        Say::RefundCheckFailed { kind, .. } => why(
            [
                "Fikk ikke sjekket salget hos Vipps – ingen refusjon sendt",
                "Could not check the sale with Vipps – no refund sent",
                "Kunne ikke tjekke salget hos MobilePay – ingen refusion sendt",
                "Myyntiä ei voitu tarkistaa MobilePaysta – hyvitystä ei lähetetty",
            ],
            *kind,
        ),
        Say::EnrolStartFailed { kind, .. } => why(
            [
                "Innmeldingen kunne ikke starte",
                "Could not start the enrolment",
                "Indmeldelsen kunne ikke starte",
                "Liittymistä ei voitu aloittaa",
            ],
            *kind,
        ),
        Say::EnrolDenied => l([
            "Kunden takket nei til kundeklubben",
            "The customer declined to join",
            "Kunden takkede nej til kundeklubben",
            "Asiakas kieltäytyi liittymästä",
        ]),
        Say::EnrolExpired => l([
            "Innmeldingen gikk ut på tid",
            "The enrolment timed out",
            "Indmeldelsen udløb",
            "Liittymisen aika loppui",
        ]),
        Say::EnrolFailed { .. } => l([
            "Innmeldingen feilet",
            "The enrolment failed",
            "Indmeldelsen mislykkedes",
            "Liittyminen epäonnistui",
        ]),
        Say::Enrolled { name: Some(name) } => {
            let name = clean(name);
            lang.pick([
                format!("{name} er nå medlem!"),
                format!("{name} is now a member!"),
                format!("{name} er nu medlem!"),
                format!("{name} on nyt jäsen!"),
            ])
        }
        Say::Enrolled { name: None } => l([
            "Kunden er nå medlem!",
            "The customer is now a member!",
            "Kunden er nu medlem!",
            "Asiakas on nyt jäsen!",
        ]),
        Say::SaleNotSaved { .. } => l([
            "Salget ble ikke lagret, ingen betaling sendt",
            "The sale was not saved, no payment sent",
            "Salget blev ikke gemt, ingen betaling sendt",
            "Myyntiä ei tallennettu, maksua ei lähetetty",
        ]),
        Say::PaymentRefused { kind, .. } => why(
            [
                "Betalingen ble avvist",
                "The payment request was refused",
                "Betalingen blev afvist",
                "Maksu hylättiin",
            ],
            *kind,
        ),
        Say::VippsDown { kind } => match kind {
            FailKind::RateLimited => l([
                "Vipps ber oss vente litt – ingenting er trukket. F8 prøver igjen",
                "Vipps asks us to wait a moment – nothing was charged. F8 tries again",
                "MobilePay beder os vente lidt – intet er hævet. F8 prøver igen",
                "MobilePay pyytää odottamaan hetken – mitään ei veloitettu. F8 yrittää uudelleen",
            ]),
            _ => l([
                "Vipps svarer ikke – ingenting er trukket. F8 prøver igjen",
                "Vipps is not answering – nothing was charged. F8 tries again",
                "MobilePay svarer ikke – intet er hævet. F8 prøver igen",
                "MobilePay ei vastaa – mitään ei veloitettu. F8 yrittää uudelleen",
            ]),
        },
        Say::NoAnswerChecking => l([
            "Intet svar fra Vipps – sjekker status …",
            "No answer from Vipps – checking the status…",
            "Intet svar fra MobilePay – tjekker status …",
            "MobilePay ei vastannut – tarkistetaan tilaa …",
        ]),
        Say::Rejected => l([
            "Kunden avbrøt betalingen – kurven er beholdt",
            "The customer rejected the payment – the basket is kept",
            "Kunden afviste betalingen – kurven er bevaret",
            "Asiakas hylkäsi maksun – ostoskori säilyy",
        ]),
        Say::Expired => l([
            "Betalingen gikk ut på tid – kurven er beholdt",
            "The payment request expired – the basket is kept",
            "Betalingen udløb – kurven er bevaret",
            "Maksupyyntö vanheni – ostoskori säilyy",
        ]),
        Say::CancelledOk => l([
            "Betalingen er avbrutt",
            "The payment was cancelled",
            "Betalingen er annulleret",
            "Maksu on peruttu",
        ]),
        Say::ReservationReleased => l([
            "Reservasjonen er frigitt – ingenting trukket",
            "The reservation was released – nothing captured",
            "Reservationen er frigivet – intet hævet",
            "Varaus on vapautettu – mitään ei veloitettu",
        ]),
        Say::ApprovedBeforeCancel => l([
            "Kunden rakk å godkjenne – trekk (F11) eller frigi (Esc)",
            "The customer approved first – capture (F11) or release (Esc)",
            "Kunden nåede at godkende – hæv (F11) eller frigiv (Esc)",
            "Asiakas ehti hyväksyä – veloita (F11) tai vapauta (Esc)",
        ]),
        Say::CancelFailed { kind, .. } => why(
            [
                "Avbryting feilet",
                "Cancel failed",
                "Annullering mislykkedes",
                "Peruutus epäonnistui",
            ],
            *kind,
        ),
        Say::CapturedPart { captured, total } => lang.pick([
            format!("Bare {captured} av {total} – F11 trekker resten"),
            format!("Only {captured} of {total} – F11 captures the rest"),
            format!("Kun {captured} af {total} – F11 hæver resten"),
            format!("Vain {captured} / {total} – F11 veloittaa loput"),
        ]),
        Say::CaptureFailed { kind, .. } => why(
            [
                "Trekk feilet, prøv F11 igjen",
                "Capture failed, try F11 again",
                "Hævning mislykkedes, prøv F11 igen",
                "Veloitus epäonnistui, yritä F11 uudelleen",
            ],
            *kind,
        ),
        Say::AuthorizedConfirm => l([
            "Godkjent av kunden – F11 trekker beløpet",
            "Approved by the customer – F11 captures",
            "Godkendt af kunden – F11 hæver beløbet",
            "Asiakas hyväksyi – F11 veloittaa summan",
        ]),
        Say::BackgroundPaid { receipt, total } => {
            let receipt = clean(receipt);
            lang.pick([
                format!("Parkert salg {receipt} betalt: {total}"),
                format!("Parked sale {receipt} paid: {total}"),
                format!("Parkeret salg {receipt} betalt: {total}"),
                format!("Pysäköity myynti {receipt} maksettu: {total}"),
            ])
        }
        Say::BackgroundFailed { receipt } => {
            let receipt = clean(receipt);
            lang.pick([
                format!("Parkert salg {receipt} ble ikke betalt – kurven ligger under F9"),
                format!("Parked sale {receipt} was not paid – its basket is under F9"),
                format!("Parkeret salg {receipt} blev ikke betalt – kurven ligger under F9"),
                format!("Pysäköityä myyntiä {receipt} ei maksettu – ostoskori on F9:n takana"),
            ])
        }
        Say::FailedRecalled { receipt } => {
            let receipt = clean(receipt);
            lang.pick([
                format!("Kurven fra salg {receipt} er tilbake – F8 prøver igjen, F12 tømmer"),
                format!("The basket of sale {receipt} is back – F8 tries again, F12 clears"),
                format!("Kurven fra salg {receipt} er tilbage – F8 prøver igen, F12 tømmer"),
                format!("Myynnin {receipt} ostoskori on palannut – F8 yrittää uudelleen, F12 tyhjentää"),
            ])
        }
        Say::MovedToBackground { receipt } => {
            let receipt = clean(receipt);
            lang.pick([
                format!("Salg {receipt} er parkert – klar for neste kunde"),
                format!("Sale {receipt} parked – ready for the next customer"),
                format!("Salg {receipt} er parkeret – klar til næste kunde"),
                format!("Myynti {receipt} pysäköity – valmis seuraavalle asiakkaalle"),
            ])
        }
        Say::NothingToRecall => l([
            "Ingen parkerte salg",
            "No parked sales",
            "Ingen parkerede salg",
            "Ei pysäköityjä myyntejä",
        ]),
        Say::FinishFirst => l([
            "Gjør ferdig eller tøm salget på skjermen først",
            "Finish or clear the sale on screen first",
            "Gør salget på skærmen færdigt eller tøm det først",
            "Vie näytön myynti loppuun tai tyhjennä se ensin",
        ]),
        Say::RefundTooMuch { max } => lang.pick([
            format!("Ugyldig beløp, høyst {max}"),
            format!("Not a valid amount, at most {max}"),
            format!("Ugyldigt beløb, højst {max}"),
            format!("Virheellinen summa, enintään {max}"),
        ]),
        Say::Refunding => l(["Refunderer …", "Refunding…", "Refunderer …", "Hyvitetään …"]),
        Say::RefundedOk { amount, receipt } => {
            let receipt = clean(receipt);
            lang.pick([
                format!("Refundert {amount} ({receipt})"),
                format!("Refunded {amount} ({receipt})"),
                format!("Refunderet {amount} ({receipt})"),
                format!("Hyvitetty {amount} ({receipt})"),
            ])
        }
        Say::RefundFailed { kind, .. } => why(
            [
                "Refusjon feilet",
                "Refund failed",
                "Refusion mislykkedes",
                "Hyvitys epäonnistui",
            ],
            *kind,
        ),
        Say::Recovered { count } => lang.pick([
            format!("Gjenopprettet {count} uavsluttede salg etter omstart"),
            format!("Recovered {count} unfinished sale(s) after a restart"),
            format!("Genoprettede {count} uafsluttede salg efter genstart"),
            format!("Palautettiin {count} keskeneräistä myyntiä uudelleenkäynnistyksen jälkeen"),
        ]),
        Say::ScannerLost { .. } => l([
            "Skanneren er borte – sjekk kabelen",
            "Scanner lost – check the cable",
            "Scanneren er væk – tjek kablet",
            "Lukija on irti – tarkista kaapeli",
        ]),
        Say::ScannerNoise { .. } => l([
            "Uleselig skanning – skann igjen",
            "Unreadable scan – scan again",
            "Ulæselig scanning – scan igen",
            "Lukukelvoton luku – lue uudelleen",
        ]),
        Say::ScannerConnected { name } => two(
            lang,
            [
                "Skanner tilkoblet",
                "Scanner connected",
                "Scanner tilsluttet",
                "Lukija yhdistetty",
            ],
            name,
        ),
        Say::PrinterAway { waiting, .. } => lang.pick([
            format!("Skriveren er borte ({waiting} venter) – sjekk papir, strøm og kabel"),
            format!("Printer away ({waiting} waiting) – check paper, power and cable"),
            format!("Printeren er væk ({waiting} venter) – tjek papir, strøm og kabel"),
            format!("Tulostin poissa ({waiting} odottaa) – tarkista paperi, virta ja kaapeli"),
        ]),
        Say::PrinterBack => l([
            "Skriveren er tilbake: ventende kvitteringer skrives ut",
            "Printer back: waiting receipts are printing",
            "Printeren er tilbage: ventende kvitteringer udskrives",
            "Tulostin palasi: odottavat kuitit tulostetaan",
        ]),
        Say::DrawerOpened => l([
            "Kasseskuffen er åpnet",
            "Cash drawer opened",
            "Kasseskuffen er åbnet",
            "Kassalaatikko avattu",
        ]),
        Say::DrawerFailed { .. } => l([
            "Kasseskuffen åpnet seg ikke",
            "The cash drawer did not open",
            "Kasseskuffen åbnede ikke",
            "Kassalaatikko ei auennut",
        ]),
        Say::CopyPrinted => l([
            "Kopien skrives ut",
            "The copy is printing",
            "Kopien udskrives",
            "Kopio tulostuu",
        ]),
        Say::CopyAlreadyMade => l([
            "Kvitteringen har allerede en kopi – bare én kopi er tillatt",
            "The receipt has its copy already – only one copy is allowed",
            "Kvitteringen har allerede en kopi – kun én kopi er tilladt",
            "Kuitista on jo kopio – vain yksi kopio on sallittu",
        ]),
        Say::CopyFailed { .. } => l([
            "Kopien ble ikke skrevet ut",
            "The copy was not printed",
            "Kopien blev ikke udskrevet",
            "Kopiota ei tulostettu",
        ]),
        Say::InAppReceipt => l([
            "Kunden har kvitteringen i Vipps-appen; papirkvitteringen skrives ikke",
            "The customer has the receipt in the Vipps app; no paper receipt",
            "Kunden har kvitteringen i MobilePay-appen; papirkvitteringen udskrives ikke",
            "Asiakkaalla on kuitti MobilePay-sovelluksessa; paperikuittia ei tulosteta",
        ]),
        Say::DemoNothingPending => l([
            "Ingenting å svare på i telefonen",
            "Nothing on the phone to answer",
            "Intet at svare på i telefonen",
            "Puhelimessa ei ole vastattavaa",
        ]),
        Say::StillOwed { owed } => lang.pick([
            format!("Igjen å betale: {owed}"),
            format!("Still owed: {owed}"),
            format!("Mangler at betale: {owed}"),
            format!("Maksettavaa jäljellä: {owed}"),
        ]),
        Say::BadCashAmount { unit } => lang.pick([
            format!("Ugyldig kontantbeløp – må gå opp i {unit}"),
            format!("Not a valid cash amount – must be a multiple of {unit}"),
            format!("Ugyldigt kontantbeløb – skal gå op i {unit}"),
            format!("Virheellinen käteissumma – oltava {unit} monikerta"),
        ]),
        Say::BadTenderAmount { max } => lang.pick([
            format!("Ugyldig beløp, høyst {max}"),
            format!("Not a valid amount, at most {max}"),
            format!("Ugyldigt beløb, højst {max}"),
            format!("Virheellinen summa, enintään {max}"),
        ]),
        Say::PartsPaid => l([
            "Noe er allerede betalt – gjør ferdig betalingen",
            "Part of it is paid already – finish the payment",
            "Noget er allerede betalt – gør betalingen færdig",
            "Osa on jo maksettu – vie maksu loppuun",
        ]),
        Say::IssueFailed { .. } => l([
            "Kvitteringen ble ikke lagret – trykk Enter for å prøve igjen",
            "The receipt was not stored – press Enter to try again",
            "Kvitteringen blev ikke gemt – tryk Enter for at prøve igen",
            "Kuittia ei tallennettu – yritä uudelleen painamalla Enter",
        ]),
        Say::Issued {
            receipt,
            total,
            change,
        } => {
            let receipt = clean(receipt);
            if change.minor > 0 {
                lang.pick([
                    format!("Betalt {total} – kvittering {receipt} – vekslepenger {change}"),
                    format!("Paid {total} – receipt {receipt} – change {change}"),
                    format!("Betalt {total} – kvittering {receipt} – byttepenge {change}"),
                    format!("Maksettu {total} – kuitti {receipt} – vaihtoraha {change}"),
                ])
            } else {
                lang.pick([
                    format!("Betalt {total} – kvittering {receipt} – takk!"),
                    format!("Paid {total} – receipt {receipt} – thank you!"),
                    format!("Betalt {total} – kvittering {receipt} – tak!"),
                    format!("Maksettu {total} – kuitti {receipt} – kiitos!"),
                ])
            }
        }
        Say::ReturnIssued { receipt, total } => {
            let receipt = clean(receipt);
            lang.pick([
                format!("Returkvittering {receipt} – {total}"),
                format!("Return receipt {receipt} – {total}"),
                format!("Returkvittering {receipt} – {total}"),
                format!("Palautuskuitti {receipt} – {total}"),
            ])
        }
        Say::BadReceiptQuery => l([
            "Tast kvitteringsnummeret eller skann koden på kvitteringen",
            "Type the receipt number or scan the code on the receipt",
            "Tast kvitteringsnummeret eller scan koden på kvitteringen",
            "Näppäile kuitin numero tai lue kuitin koodi",
        ]),
        Say::ReceiptNotFound => l([
            "Fant ingen slik kvittering",
            "No such receipt",
            "Ingen sådan kvittering fundet",
            "Kuittia ei löytynyt",
        ]),
        Say::AlreadyReturned => l([
            "Denne kvitteringen er allerede returnert",
            "This receipt was already returned",
            "Denne kvittering er allerede returneret",
            "Tämä kuitti on jo palautettu",
        ]),
        Say::ReceiptLookupFailed { .. } => l([
            "Kunne ikke slå opp kvitteringen – prøv igjen",
            "Could not look up the receipt – try again",
            "Kunne ikke slå kvitteringen op – prøv igen",
            "Kuittia ei voitu hakea – yritä uudelleen",
        ]),
        Say::ReceiptUnreadable => l([
            "Kvitteringen kan ikke leses – kontakt support",
            "The receipt cannot be read – contact support",
            "Kvitteringen kan ikke læses – kontakt support",
            "Kuittia ei voi lukea – ota yhteyttä tukeen",
        ]),
        Say::NothingPicked => l([
            "Velg minst én linje (mellomrom)",
            "Pick at least one line (space)",
            "Vælg mindst én linje (mellemrum)",
            "Valitse vähintään yksi rivi (välilyönti)",
        ]),
        Say::ReturnStarted => l([
            "Retur: trykk Enter for hver tilbakebetaling",
            "Return: press Enter for each refund",
            "Retur: tryk Enter for hver tilbagebetaling",
            "Palautus: paina Enter jokaisen palautuksen kohdalla",
        ]),
        Say::NoReturnWithoutReceipt => l([
            "Butikken tillater ikke retur uten kvittering",
            "The shop does not allow returns without a receipt",
            "Butikken tillader ikke retur uden kvittering",
            "Myymälä ei salli palautusta ilman kuittia",
        ]),
        Say::BasketParked { id } => lang.pick([
            format!("Kurv parkert: {id}"),
            format!("Basket parked: {id}"),
            format!("Kurv parkeret: {id}"),
            format!("Ostoskori pysäköity: {id}"),
        ]),
        Say::BasketResumed { id } => lang.pick([
            format!("Kurv hentet: {id}"),
            format!("Basket resumed: {id}"),
            format!("Kurv hentet: {id}"),
            format!("Ostoskori haettu: {id}"),
        ]),
        Say::BadDrawerAmount => l([
            "Ugyldig beløp",
            "Not a valid amount",
            "Ugyldigt beløb",
            "Virheellinen summa",
        ]),
        Say::NeedReason => l([
            "Skriv en grunn (Tab bytter felt)",
            "Type a reason (Tab switches field)",
            "Skriv en årsag (Tab skifter felt)",
            "Kirjoita syy (Tab vaihtaa kenttää)",
        ]),
        Say::FloatCounted { amount } => lang.pick([
            format!("Vekslepenger talt inn: {amount}"),
            format!("Opening float: {amount}"),
            format!("Byttepenge talt ind: {amount}"),
            format!("Vaihtokassa laskettu: {amount}"),
        ]),
        Say::CashMoved { amount } => lang.pick([
            format!("Skuffen: {amount}"),
            format!("Drawer: {amount}"),
            format!("Skuffen: {amount}"),
            format!("Laatikko: {amount}"),
        ]),
        Say::Counted {
            counted,
            expected,
            difference,
        } => lang.pick([
            format!("Telt {counted}, forventet {expected}, differanse {difference}"),
            format!("Counted {counted}, expected {expected}, difference {difference}"),
            format!("Talt {counted}, forventet {expected}, difference {difference}"),
            format!("Laskettu {counted}, odotettu {expected}, erotus {difference}"),
        ]),
        Say::PartWithoutReceipt { reference, amount } => {
            let reference = clean(reference);
            lang.pick([
                format!("Vipps-del betalt: {amount} ({reference}) – salget ble avbrutt av en omstart; gjør opp resten manuelt"),
                format!("Vipps part paid: {amount} ({reference}) – the sale was cut off by a restart; settle the rest by hand"),
                format!("MobilePay-del betalt: {amount} ({reference}) – salget blev afbrudt af en genstart; gør resten op manuelt"),
                format!("MobilePay-osuus maksettu: {amount} ({reference}) – uudelleenkäynnistys katkaisi myynnin; hoida loput käsin"),
            ])
        }
        Say::NewReference => l([
            "Referansen var brukt før – sendt på nytt med ny referanse",
            "The reference was used before – sent again with a new one",
            "Referencen var brugt før – sendt igen med en ny reference",
            "Viite oli jo käytetty – lähetetty uudelleen uudella viitteellä",
        ]),
    }
}

/// Why a call failed, in the cashier's words. The API's own text never reaches the screen:
/// `runtime::convert::failure` has logged it with its trace id.
fn failure(lang: Language, kind: FailKind) -> &'static str {
    lang.pick(match kind {
        FailKind::CannotPay => [
            "dette nummeret kan ikke betale med Vipps MobilePay",
            "this number cannot pay with Vipps MobilePay",
            "dette nummer kan ikke betale med MobilePay",
            "tällä numerolla ei voi maksaa MobilePaylla",
        ],
        FailKind::PushNotAllowed => [
            "salgsenheten har ikke lov til å sende betaling til telefonen (5080) – kontakt Vipps MobilePay",
            "this sales unit may not push payments (5080) – contact Vipps MobilePay",
            "salgsenheden må ikke sende betalinger til telefonen (5080) – kontakt Vipps MobilePay",
            "myyntipiste ei saa lähettää maksuja puhelimeen (5080) – ota yhteyttä Vipps MobilePayhin",
        ],
        FailKind::OldApp => [
            "kundens app er for gammel – be kunden oppdatere",
            "the customer's app is too old – ask them to update it",
            "kundens app er for gammel – bed kunden opdatere den",
            "asiakkaan sovellus on liian vanha – pyydä päivittämään se",
        ],
        FailKind::NotLoginUser => [
            "nummeret kan ikke brukes med Vipps-innlogging",
            "this number cannot use Vipps Login",
            "nummeret kan ikke bruges med MobilePay-login",
            "numeroa ei voi käyttää MobilePay-kirjautumiseen",
        ],
        FailKind::Timeout => [
            "Vipps svarte ikke i tide",
            "Vipps did not answer in time",
            "MobilePay svarede ikke i tide",
            "MobilePay ei vastannut ajoissa",
        ],
        FailKind::Unreachable => [
            "får ikke kontakt med Vipps",
            "cannot reach Vipps",
            "kan ikke få kontakt med MobilePay",
            "MobilePayhin ei saada yhteyttä",
        ],
        FailKind::RateLimited => [
            "for mange forsøk – vent litt og prøv igjen",
            "too many attempts – wait a moment and try again",
            "for mange forsøg – vent lidt og prøv igen",
            "liian monta yritystä – odota hetki ja yritä uudelleen",
        ],
        FailKind::ServerError => [
            "feil hos Vipps – prøv igjen",
            "an error at Vipps – try again",
            "fejl hos MobilePay – prøv igen",
            "virhe MobilePayssa – yritä uudelleen",
        ],
        FailKind::Other => [
            "Vipps sa nei (grunnen står i loggen)",
            "Vipps said no (the reason is in the log)",
            "MobilePay sagde nej (årsagen står i loggen)",
            "MobilePay kieltäytyi (syy on lokissa)",
        ],
    })
}

/// `"<fixed text>: <cleaned outside text>"`, or just the fixed text when nothing came. Only
/// for names and codes (a product, a scanner), never for error reasons.
fn two(lang: Language, forms: [&str; 4], outside: &str) -> String {
    let fixed = lang.pick(forms);
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
        // The API's own words stay in the log, in every language.
        for lang in Language::ALL {
            assert!(!say(lang, &other).contains("Refund exceeds"), "{lang:?}");
        }
        assert_eq!(
            say(Language::Danish, &other),
            "Refusion mislykkedes: MobilePay sagde nej (årsagen står i loggen)"
        );
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
        let most = |minor, currency| Say::RefundTooMuch {
            max: Money::new(minor, currency),
        };
        let nok = most(12990, Currency::Nok);
        assert_eq!(
            say(Language::Norwegian, &nok),
            "Ugyldig beløp, høyst kr 129,90"
        );
        assert_eq!(
            say(Language::English, &nok),
            "Not a valid amount, at most kr 129,90"
        );
        let dkk = most(239_900, Currency::Dkk);
        assert_eq!(
            say(Language::Danish, &dkk),
            "Ugyldigt beløb, højst 2.399,00 kr."
        );
        let eur = most(239_900, Currency::Eur);
        assert_eq!(
            say(Language::Finnish, &eur),
            "Virheellinen summa, enintään 2 399,00 €"
        );
    }

    #[test]
    fn an_empty_name_leaves_no_dangling_colon() {
        let s = Say::Added { name: " ".into() };
        assert_eq!(say(Language::Norwegian, &s), "Lagt til");
    }
}
