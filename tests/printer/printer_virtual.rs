//! Receipts through virtual printers: a loopback TCP "network printer" and a pseudo-terminal
//! "serial printer", both decoding the ESC/POS stream back to text and styles. The decoded
//! receipts are snapshots; the printer going away mid-day is run end to end through the
//! printer task and the real SQLite queue.

// The "serial printer" is a pseudo-terminal opened with libc: unsafe FFI, test-only.
#![allow(unsafe_code)]

use kasse::domain::{
    CashierTag, Currency, IssuedReceipt, OrgNumber, Quantity, ReceiptKind, ReceiptLine, ReturnOf,
    Tender, TenderKind,
};
use kasse::printer::decode::{decode, Printed};
use kasse::printer::task::{PrinterEvent, PrinterSetup};
use kasse::printer::{
    deliver, find_profile, receipt_document, spawn_printer, Device, Print, PrintJob, PrinterState,
    ShopFacts, Timeouts,
};
use kasse::store::Store;
use std::ffi::CStr;
use std::fs::File;
use std::io::Read;
use std::os::fd::FromRawFd;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};

/// Generous: the machine may be busy; nothing here asserts on speed.
const WAIT: Duration = Duration::from_secs(20);

fn shop() -> ShopFacts {
    ShopFacts {
        name: "Bakeriet på hjørnet".into(),
        org_number: Some(OrgNumber::parse("974760673").unwrap()),
        vat_registered: true,
        address: vec!["Storgata 1".into(), "0155 Oslo".into()],
    }
}

fn line(
    name: &str,
    qty: Quantity,
    unit: i64,
    discount: i64,
    total: i64,
    vat_bp: u16,
) -> ReceiptLine {
    // VAT included: excl = total / (1 + rate), rounded to the øre.
    let excl = (total as i128 * 10_000 / (10_000 + vat_bp as i128)) as i64;
    ReceiptLine {
        gtin: "7038010121005".into(),
        name: name.into(),
        quantity: qty,
        unit_price: unit,
        discount,
        total,
        excl,
        tax: total - excl,
        vat_bp,
    }
}

fn base(kind: ReceiptKind, number: u64) -> IssuedReceipt {
    IssuedReceipt {
        kind,
        training: false,
        number,
        pos_id: "till1".into(),
        cashier: Some(CashierTag {
            id: "7".into(),
            name: "Kari Nordmann".into(),
        }),
        // 2025-12-01 23:00 UTC = 2 December, 00:00 in Oslo.
        issued_at: 1_764_630_000,
        utc_offset_min: 60,
        currency: Currency::Nok,
        lines: vec![
            line("Grovbrød", Quantity::Pieces(2), 4_990, 0, 9_980, 1_500),
            line(
                "Blåbærsyltetøy",
                Quantity::Pieces(1),
                5_490,
                1_000,
                4_490,
                1_500,
            ),
            line(
                "Kaffi filter 250 g ekstra lang namn på varen",
                Quantity::Pieces(1),
                8_900,
                0,
                8_900,
                2_500,
            ),
        ],
        tenders: vec![],
        rounding: 0,
        customer: None,
        member: false,
        return_of: None,
    }
}

/// 233,70: cash 250,00 handed over for 234,00 with 0,30 rounding, change 16,00.
fn cash_sale() -> IssuedReceipt {
    let mut r = base(ReceiptKind::Sale, 41);
    r.tenders = vec![Tender {
        kind: TenderKind::Cash {
            tendered: 25_000,
            change: 1_600,
        },
        amount: 23_400,
    }];
    r.rounding = 30;
    r.check().unwrap();
    r
}

fn split_sale() -> IssuedReceipt {
    let mut r = base(ReceiptKind::Sale, 42);
    r.tenders = vec![
        Tender {
            kind: TenderKind::Vipps {
                reference: "till1-a1b2-000042".into(),
            },
            amount: 13_370,
        },
        Tender {
            kind: TenderKind::Card {
                note: Some("**** 1234".into()),
            },
            amount: 10_000,
        },
    ];
    r.customer = Some("+47 ••• •• 567".into());
    r.member = true;
    r.check().unwrap();
    r
}

fn return_receipt() -> IssuedReceipt {
    let mut r = base(ReceiptKind::Return, 3);
    r.lines.truncate(1);
    for l in &mut r.lines {
        l.total = -l.total;
        l.excl = -l.excl;
        l.tax = -l.tax;
    }
    r.tenders = vec![Tender {
        kind: TenderKind::Cash {
            tendered: -9_980,
            change: 0,
        },
        amount: -9_980,
    }];
    r.return_of = Some(ReturnOf {
        pos_id: "till1".into(),
        number: 41,
    });
    r.check().unwrap();
    r
}

fn training() -> IssuedReceipt {
    let mut r = split_sale();
    r.training = true;
    r.number = 5;
    r
}

/// A network printer on loopback: every connection's bytes, decoded as one job. It answers
/// DLE EOT with the status bytes it is given (printer, offline cause, paper).
struct TcpPrinter {
    port: u16,
    jobs: UnboundedReceiver<Vec<u8>>,
    status: Arc<Mutex<[u8; 3]>>,
    task: tokio::task::JoinHandle<()>,
}

const STATUS_OK: [u8; 3] = [0x12, 0x12, 0x12];
const STATUS_PAPER_OUT: [u8; 3] = [0x1a, 0x32, 0x72];

async fn tcp_printer(port: u16) -> TcpPrinter {
    let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, jobs) = unbounded_channel();
    let status = Arc::new(Mutex::new(STATUS_OK));
    let st = status.clone();
    let task = tokio::spawn(async move {
        loop {
            let Ok((conn, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(serve(conn, tx.clone(), st.clone()));
        }
    });
    TcpPrinter {
        port,
        jobs,
        status,
        task,
    }
}

async fn serve(
    mut conn: tokio::net::TcpStream,
    tx: UnboundedSender<Vec<u8>>,
    status: Arc<Mutex<[u8; 3]>>,
) {
    let mut all = Vec::new();
    let mut buf = [0u8; 4096];
    // Where the search for status requests goes on; a request split across reads waits.
    let mut scan = 0;
    loop {
        let n = match conn.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        all.extend_from_slice(&buf[..n]);
        while scan + 3 <= all.len() {
            if all[scan] == 0x10 && all[scan + 1] == 0x04 {
                let s = *status.lock().unwrap();
                let answer = match all[scan + 2] {
                    1 => s[0],
                    2 => s[1],
                    _ => s[2],
                };
                let _ = conn.write_all(&[answer]).await;
                scan += 3;
            } else {
                scan += 1;
            }
        }
    }
    // A connection that only asked for status printed nothing.
    let printed: Vec<u8> = strip_status(&all);
    if !printed.is_empty() {
        let _ = tx.send(printed);
    }
}

fn strip_status(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == 0x10 && bytes.get(i + 1) == Some(&0x04) && i + 2 < bytes.len() {
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

impl TcpPrinter {
    fn device(&self) -> Device {
        Device::parse(&format!("tcp://127.0.0.1:{}", self.port)).unwrap()
    }

    async fn next_job(&mut self) -> Vec<u8> {
        tokio::time::timeout(WAIT, self.jobs.recv())
            .await
            .expect("the printer got a job in time")
            .expect("printer running")
    }

    fn stop(self) -> u16 {
        self.task.abort();
        self.port
    }
}

async fn print_tcp(r: &IssuedReceipt, print: Print, profile: &str) -> String {
    let mut printer = tcp_printer(0).await;
    let profile = find_profile(profile).unwrap();
    let bytes = kasse::printer::escpos::encode(&receipt_document(r, &shop(), print), &profile);
    deliver(&printer.device(), &profile, &bytes, Timeouts::default())
        .await
        .unwrap();
    let got = printer.next_job().await;
    assert_eq!(got, bytes, "the printer got the stream whole");
    let decoded = decode(&got);
    assert_eq!(decoded.cuts(), 1);
    assert!(!decoded
        .items
        .iter()
        .any(|i| matches!(i, Printed::Unknown(_))));
    decoded.render()
}

#[tokio::test]
async fn a_cash_sale_prints_every_field() {
    let out = print_tcp(&cash_sale(), Print::Original, "generic-58").await;
    for want in [
        "Salgskvittering",
        "Org.nr. 974 760 673 MVA",
        "Dato 02.12.2025",
        "Kl. 00:00:00",
        "Kvittering nr.",
        "Kasserer",
        "Blåbærsyltetøy",
        "Øreavrunding",
        "Veksel",
    ] {
        assert!(out.contains(want), "{want} missing in\n{out}");
    }
    insta::assert_snapshot!("cash_sale_58mm", out);
}

#[tokio::test]
async fn a_split_tender_names_each_tender_and_the_vipps_transaction() {
    let out = print_tcp(&split_sale(), Print::Original, "generic-80").await;
    assert!(out.contains("Trans.-id: till1-a1b2-000042"), "{out}");
    insta::assert_snapshot!("split_tender_80mm", out);
}

#[tokio::test]
async fn a_return_is_a_returkvittering_with_negative_amounts() {
    let out = print_tcp(&return_receipt(), Print::Original, "generic-80").await;
    assert!(
        out.contains("Returkvittering") && out.contains("-99,80"),
        "{out}"
    );
    insta::assert_snapshot!("return_80mm", out);
}

/// The marking must print at least 50 % larger than the amounts: double size (2x2) against
/// the amounts' normal size.
fn marking_is_double(out: &str, mark: &str) {
    let marks: Vec<&str> = out.lines().filter(|l| l.ends_with(mark)).collect();
    assert_eq!(marks.len(), 2, "top and bottom: {out}");
    assert!(marks.iter().all(|l| l.starts_with("B2x2^")), "{out}");
    let total = out.lines().find(|l| l.contains("Totalt NOK")).unwrap();
    assert!(
        total.starts_with("B    |"),
        "amounts in normal size: {total}"
    );
}

#[tokio::test]
async fn a_copy_is_marked_kopi_in_double_size() {
    let out = print_tcp(&cash_sale(), Print::Copy, "generic-80").await;
    marking_is_double(&out, "|KOPI");
    insta::assert_snapshot!("copy_80mm", out);
}

#[tokio::test]
async fn a_training_receipt_is_marked_in_double_size() {
    let out = print_tcp(&training(), Print::Original, "generic-80").await;
    // In double size the marking takes three lines of 24 columns, at the top and the bottom.
    let marks: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("Treningskvittering"))
        .collect();
    assert_eq!(marks, ["B2x2^|Treningskvittering -"; 2], "{out}");
    assert_eq!(
        out.matches("B2x2^|IKKJE KVITTERING FOR\n").count(),
        2,
        "{out}"
    );
    assert_eq!(out.matches("B2x2^|KJØP\n").count(), 2, "{out}");
    insta::assert_snapshot!("training_80mm", out);
}

#[tokio::test]
async fn wpc1252_prints_norwegian_letters_and_the_en_dash() {
    let out = print_tcp(&training(), Print::Original, "epson-tm-t88").await;
    // WPC1252 has the en dash; PC865 falls back to "-".
    assert!(out.contains("|Treningskvittering –\n"), "{out}");
    assert!(out.contains("Blåbærsyltetøy"));
}

struct Pty {
    master: File,
    slave: PathBuf,
}

fn pty() -> Pty {
    // SAFETY: plain libc calls on a descriptor this function owns; every result is checked
    // before the next call uses it, and the name buffer is NUL-terminated by ptsname_r.
    unsafe {
        let fd = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY);
        assert!(fd >= 0, "posix_openpt failed");
        let master = File::from_raw_fd(fd);
        assert_eq!(libc::grantpt(fd), 0, "grantpt");
        assert_eq!(libc::unlockpt(fd), 0, "unlockpt");
        let mut name = [0 as libc::c_char; 128];
        assert_eq!(libc::ptsname_r(fd, name.as_mut_ptr(), name.len()), 0);
        let slave = PathBuf::from(CStr::from_ptr(name.as_ptr()).to_str().unwrap());
        Pty { master, slave }
    }
}

#[tokio::test]
async fn a_serial_printer_on_a_pseudo_terminal_gets_the_receipt_and_the_drawer_pulse() {
    let Pty { mut master, slave } = pty();
    // Keep one slave descriptor open, so the master never sees the line hang up between the
    // printer's open and close.
    let _hold = File::options().read(true).write(true).open(&slave).unwrap();
    let reader = std::thread::spawn(move || {
        let mut got = Vec::new();
        let mut buf = [0u8; 1024];
        while decode(&got).cuts() < 1 || decode(&got).drawer_kicks() < 1 {
            match master.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
        got
    });
    let profile = find_profile("epson-tm-t88").unwrap();
    let mut doc = receipt_document(&cash_sale(), &shop(), Print::Original);
    doc.drawer();
    let bytes = kasse::printer::escpos::encode(&doc, &profile);
    let device = Device::parse(&format!("serial:{}@19200", slave.display())).unwrap();
    // No status on a pty: nothing answers, the profile's status is switched off.
    let mut quiet = profile.clone();
    quiet.status = false;
    deliver(&device, &quiet, &bytes, Timeouts::default())
        .await
        .unwrap();
    let got = tokio::task::spawn_blocking(move || reader.join().unwrap())
        .await
        .unwrap();
    assert_eq!(got, bytes, "the serial line passed the stream unchanged");
    let decoded = decode(&got);
    assert!(decoded.text().contains("Blåbærsyltetøy"));
    assert!(decoded
        .render()
        .contains("== drawer pin 2, 50 ms on, 500 ms off =="));
    insta::assert_snapshot!("cash_sale_serial_tm_t88", decoded.render());
}

fn setup(device: Device, profile: &str) -> PrinterSetup {
    PrinterSetup {
        device,
        profile: find_profile(profile).unwrap(),
        shop: shop(),
        timeouts: Timeouts::default(),
        max_retry: Duration::from_millis(300),
        status_every: None,
    }
}

async fn until<F: Fn(&PrinterEvent) -> bool>(
    rx: &mut UnboundedReceiver<PrinterEvent>,
    want: F,
) -> PrinterEvent {
    tokio::time::timeout(WAIT, async {
        loop {
            let e = rx.recv().await.expect("printer task running");
            if want(&e) {
                return e;
            }
        }
    })
    .await
    .expect("the printer task said it in time")
}

#[tokio::test]
async fn the_printer_going_away_mid_day_loses_no_receipt_and_prints_it_once_as_original() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("till.sqlite");
    let store = Arc::new(Mutex::new(Store::open(&db).unwrap()));
    let mut printer = tcp_printer(0).await;
    let (tx, mut events) = unbounded_channel();
    let handle = spawn_printer(
        setup(printer.device(), "generic-80"),
        store.clone(),
        move |e| {
            let _ = tx.send(e);
        },
    );

    handle.print(PrintJob::Receipt {
        receipt: Box::new(cash_sale()),
        print: Print::Original,
    });
    let first = decode(&printer.next_job().await);
    assert!(first.text().contains("Salgskvittering"));
    until(&mut events, |e| {
        matches!(e, PrinterEvent::Printed { number: 41, .. })
    })
    .await;

    // The printer is switched off: the next sale's receipt waits, the till is told.
    let port = printer.stop();
    handle.print(PrintJob::Receipt {
        receipt: Box::new(split_sale()),
        print: Print::Original,
    });
    let away = until(&mut events, |e| {
        matches!(e, PrinterEvent::State(PrinterState::Away { .. }))
    })
    .await;
    let PrinterEvent::State(PrinterState::Away { waiting, .. }) = away else {
        unreachable!()
    };
    assert_eq!(waiting, 1);
    assert_eq!(store.lock().unwrap().waiting_prints().unwrap().len(), 1);

    // Back on the same address: the waiting receipt prints once, as the original.
    let mut printer = tcp_printer(port).await;
    handle.retry();
    let second = decode(&printer.next_job().await);
    assert!(second.text().contains("Trans.-id: till1-a1b2-000042"));
    assert!(!second.text().contains("KOPI"));
    until(&mut events, |e| {
        matches!(
            e,
            PrinterEvent::Printed {
                number: 42,
                print: Print::Original,
                ..
            }
        )
    })
    .await;
    until(&mut events, |e| {
        matches!(
            e,
            PrinterEvent::State(PrinterState::Ready { waiting: 0, .. })
        )
    })
    .await;
    let mut s = store.lock().unwrap();
    assert!(s.waiting_prints().unwrap().is_empty());
    assert_eq!(s.times_printed("till1", "42").unwrap(), 1);
    assert_eq!(s.times_printed("till1", "41").unwrap(), 1);
    drop(s);
    // Nothing else came: no second print of either.
    handle.retry();
    assert!(printer.jobs.try_recv().is_err());
}

#[tokio::test]
async fn paper_out_holds_the_receipt_until_paper_is_in_and_the_drawer_still_opens() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Mutex::new(
        Store::open(&dir.path().join("t.sqlite")).unwrap(),
    ));
    let mut printer = tcp_printer(0).await;
    *printer.status.lock().unwrap() = STATUS_PAPER_OUT;
    let (tx, mut events) = unbounded_channel();
    let handle = spawn_printer(
        setup(printer.device(), "epson-tm-t20"),
        store.clone(),
        move |e| {
            let _ = tx.send(e);
        },
    );
    handle.print(PrintJob::Receipt {
        receipt: Box::new(cash_sale()),
        print: Print::Original,
    });
    let away = until(&mut events, |e| {
        matches!(e, PrinterEvent::State(PrinterState::Away { .. }))
    })
    .await;
    assert!(format!("{away:?}").contains("paper out"), "{away:?}");

    handle.open_drawer(kasse::domain::DrawerReason::Sale);
    let kick = decode(&printer.next_job().await);
    assert_eq!(kick.drawer_kicks(), 1);
    assert_eq!(kick.cuts(), 0, "the drawer kick alone, no receipt");
    until(&mut events, |e| matches!(e, PrinterEvent::DrawerOpened(_))).await;

    *printer.status.lock().unwrap() = STATUS_OK;
    handle.retry();
    let job = decode(&printer.next_job().await);
    assert!(job.text().contains("Salgskvittering") && !job.text().contains("KOPI"));
    until(&mut events, |e| {
        matches!(e, PrinterEvent::Printed { number: 41, .. })
    })
    .await;
}

#[tokio::test]
async fn a_withdrawn_receipt_is_not_printed_when_the_printer_is_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Mutex::new(
        Store::open(&dir.path().join("w.sqlite")).unwrap(),
    ));
    let printer = tcp_printer(0).await;
    let device = printer.device();
    let port = printer.stop();
    let (tx, mut events) = unbounded_channel();
    let handle = spawn_printer(setup(device, "generic-80"), store.clone(), move |e| {
        let _ = tx.send(e);
    });
    handle.print(PrintJob::Receipt {
        receipt: Box::new(split_sale()),
        print: Print::Original,
    });
    until(&mut events, |e| {
        matches!(e, PrinterEvent::State(PrinterState::Away { .. }))
    })
    .await;
    // The customer takes the Vipps in-app receipt instead.
    handle.withdraw("till1".into(), "42".into());
    let mut printer = tcp_printer(port).await;
    handle.retry();
    until(&mut events, |e| {
        matches!(
            e,
            PrinterEvent::State(PrinterState::Ready { waiting: 0, .. })
        )
    })
    .await;
    assert!(printer.jobs.try_recv().is_err(), "nothing printed");
    assert_eq!(
        store.lock().unwrap().times_printed("till1", "42").unwrap(),
        0
    );
}

#[tokio::test]
async fn a_drawer_left_open_is_shown_when_the_printer_reports_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Mutex::new(
        Store::open(&dir.path().join("d.sqlite")).unwrap(),
    ));
    let printer = tcp_printer(0).await;
    // Printer status with the drawer switch (pin 3) high: open, for this profile.
    *printer.status.lock().unwrap() = [0x16, 0x12, 0x12];
    let (tx, mut events) = unbounded_channel();
    let mut s = setup(printer.device(), "epson-tm-t20");
    s.status_every = Some(Duration::from_millis(100));
    let _handle = spawn_printer(s, store, move |e| {
        let _ = tx.send(e);
    });
    until(&mut events, |e| {
        matches!(
            e,
            PrinterEvent::State(PrinterState::Ready {
                drawer_open: true,
                ..
            })
        )
    })
    .await;
    // Closed again: the watch says so.
    *printer.status.lock().unwrap() = STATUS_OK;
    until(&mut events, |e| {
        matches!(
            e,
            PrinterEvent::State(PrinterState::Ready {
                drawer_open: false,
                ..
            })
        )
    })
    .await;
}

/// A receipt speaks its market's language (the money it is in), not the cashier's screen: a
/// Danish shop's paper says "Moms" and "CVR-nr.", a Finnish one "ALV" and "Y-tunnus", and
/// neither carries the Norwegian words.
#[tokio::test]
async fn a_danish_and_a_finnish_receipt_print_their_own_words() {
    let mut dk = cash_sale();
    dk.currency = Currency::Dkk;
    let out = print_tcp(&dk, Print::Original, "generic-80").await;
    for want in [
        "Kvittering",
        "CVR-nr. 974 760 673",
        "Moms",
        "Kontant",
        "Byttepenge",
    ] {
        assert!(out.contains(want), "{want} missing:\n{out}");
    }
    for norwegian in ["Salgskvittering", "MVA", "Veksel", "Takk for handelen"] {
        assert!(
            !out.contains(norwegian),
            "{norwegian} on a Danish receipt:\n{out}"
        );
    }
    let mut fi = cash_sale();
    fi.currency = Currency::Eur;
    let out = print_tcp(&fi, Print::Copy, "generic-80").await;
    for want in [
        "Kuitti",
        "Y-tunnus",
        "ALV",
        "Käteinen",
        "Vaihtoraha",
        "KOPIO",
    ] {
        assert!(out.contains(want), "{want} missing:\n{out}");
    }
    assert!(!out.contains("MVA"), "{out}");
}
