//! The whole till with a network printer on loopback: a Vipps sale's receipt reaches the
//! printer, the printer goes away mid-day and the next receipt waits (the sale is not held
//! up), comes back and the waiting receipt prints once, as the original; the no-sale key
//! kicks the drawer. Real core, effects, SQLite file, simulator and TCP.

use kasse::config::Config;
use kasse::printer::decode::{decode, Decoded};
use kasse::printer::PrinterState;
use kasse::runtime::Headless;
use kasse::sim::SimConfig;
use kasse::store::Store;
use kasse::till::{Action, Key, Membership, Msg, PayStep, Say};
use std::path::Path;
use std::time::Duration;
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};

/// Generous: the machine may be loaded; nothing here waits this long when things work.
const WAIT: Duration = Duration::from_secs(40);

struct Printer {
    port: u16,
    jobs: UnboundedReceiver<Vec<u8>>,
    task: tokio::task::JoinHandle<()>,
}

async fn printer(port: u16) -> Printer {
    let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, jobs) = unbounded_channel();
    let task = tokio::spawn(async move {
        while let Ok((mut conn, _)) = listener.accept().await {
            let tx = tx.clone();
            tokio::spawn(async move {
                let mut all = Vec::new();
                let _ = conn.read_to_end(&mut all).await;
                if !all.is_empty() {
                    let _ = tx.send(all);
                }
            });
        }
    });
    Printer { port, jobs, task }
}

impl Printer {
    async fn job(&mut self) -> Decoded {
        let bytes = tokio::time::timeout(WAIT, self.jobs.recv())
            .await
            .expect("a print job in time")
            .unwrap();
        decode(&bytes)
    }
}

fn config(dir: &Path, port: u16) -> Config {
    let text = format!(
        "language = \"en\"\n[shop]\nname = \"Bakeriet\"\norg_number = \"974760673\"\n\
         vat_registered = true\naddress = [\"Storgata 1\", \"0155 Oslo\"]\n\
         [database]\npath = \"{}\"\n[log]\nfile = \"{}\"\n\
         [printer]\ndevice = \"tcp://127.0.0.1:{port}\"\nprofile = \"generic-80\"\n",
        dir.join("till.sqlite").display(),
        dir.join("kasse.log").display()
    );
    Config::from_str_with(&text, None, &|_| None).unwrap()
}

/// A demo till with the virtual printer on loopback, once the printer answers.
async fn till_with_printer(dir: &Path) -> (Printer, Headless) {
    let p = printer(0).await;
    let mut t = Headless::start(&config(dir, p.port), SimConfig::default())
        .await
        .unwrap();
    assert!(t.run_until(WAIT, |s| ready(&s.status.printer)).await);
    (p, t)
}

/// A member's sale of two products, approved on the simulated phone, to the end.
async fn sale(t: &mut Headless) -> String {
    let reference = paid(t).await;
    t.handle(Msg::Action(Action::NewSale));
    reference
}

/// A member sale paid and its receipt on screen.
async fn paid(t: &mut Headless) -> String {
    let sim = t.edges.sim.clone().unwrap();
    let qr = sim.users()[0].qr_clear_text.clone();
    t.handle(Msg::Scan { payload: qr });
    assert!(
        t.run_until(WAIT, |s| matches!(
            s.customer.as_ref().map(|c| &c.membership),
            Some(Membership::Member { .. })
        ))
        .await
    );
    let products = t.edges.demo_products.clone();
    for p in &products[..2] {
        t.handle(Msg::Scan { payload: p.clone() });
    }
    assert!(t.run_until(WAIT, |s| s.basket.lines.len() == 2).await);
    t.handle(Msg::Action(Action::Pay));
    assert!(
        t.run_until(WAIT, |s| s
            .payment
            .as_ref()
            .is_some_and(|p| p.step == PayStep::Waiting))
            .await
    );
    let reference = t.state.payment.as_ref().unwrap().reference.clone();
    assert!(t.run_until(WAIT, |_| !sim.pending().is_empty()).await);
    sim.approve_payment(&reference).unwrap();
    assert!(
        t.run_until(WAIT, |s| s.done.is_some()).await,
        "sale not done"
    );
    reference
}

fn ready(s: &PrinterState) -> bool {
    matches!(s, PrinterState::Ready { waiting: 0, .. })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_printer_away_mid_day_holds_up_no_sale_and_loses_no_receipt() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = printer(0).await;
    let port = p.port;
    let mut t = Headless::start(&config(dir.path(), port), SimConfig::default())
        .await
        .unwrap();
    assert!(t.run_until(WAIT, |s| ready(&s.status.printer)).await);

    let first = sale(&mut t).await;
    let job = p.job().await;
    let text = job.text();
    assert!(text.contains("Salgskvittering"), "{text}");
    assert!(text.contains("Org.nr. 974 760 673 MVA"), "{text}");
    assert!(text.contains(&format!("Trans.-id: {first}")), "{text}");
    assert_eq!(job.cuts(), 1);

    // Switched off: the next sale still finishes; its receipt waits, the status bar says so.
    p.task.abort();
    drop(p);
    let second = sale(&mut t).await;
    assert!(
        t.run_until(WAIT, |s| matches!(
            s.status.printer,
            PrinterState::Away { waiting: 1, .. }
        ))
        .await,
        "printer not shown away: {:?}",
        t.state.status.printer
    );
    assert!(
        t.state.done.is_none(),
        "the till moved on to the next customer"
    );

    // Back: the waiting receipt prints by itself, once, as the original.
    let mut p = printer(port).await;
    let job = p.job().await;
    let text = job.text();
    assert!(text.contains(&format!("Trans.-id: {second}")), "{text}");
    assert!(!text.contains("KOPI"), "{text}");
    assert!(t.run_until(WAIT, |s| ready(&s.status.printer)).await);
    assert!(matches!(
        t.state.notice.as_ref().map(|n| &n.say),
        Some(Say::PrinterBack)
    ));
    let mut store = Store::open(&dir.path().join("till.sqlite")).unwrap();
    assert!(store.waiting_prints().unwrap().is_empty());

    // The no-sale key kicks the drawer, and nothing else prints.
    t.handle(Msg::Key(Key::Char('d')));
    let kick = p.job().await;
    assert_eq!((kick.drawer_kicks(), kick.cuts()), (1, 0));
    assert!(
        t.run_until(WAIT, |s| matches!(
            s.notice.as_ref().map(|n| &n.say),
            Some(Say::DrawerOpened)
        ))
        .await
    );
    assert!(p.jobs.try_recv().is_err(), "no receipt printed twice");
    t.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_copy_prints_marked_kopi_and_the_journal_keeps_it_to_one() {
    let dir = tempfile::tempdir().unwrap();
    let (mut p, mut t) = till_with_printer(dir.path()).await;
    paid(&mut t).await;
    let original = p.job().await;
    assert!(!original.text().contains("KOPI"));
    let issued = t.state.done.as_ref().unwrap().issued.clone();

    t.handle(Msg::Action(Action::PrintCopy));
    let copy = p.job().await;
    assert!(copy.text().contains("KOPI"), "{}", copy.text());
    assert!(
        t.run_until(WAIT, |s| matches!(
            s.notice.as_ref().map(|n| &n.say),
            Some(Say::CopyPrinted)
        ))
        .await
    );
    // In the electronic journal once; a second copy is not offered, and the journal would
    // refuse it after a restart too.
    let store = Store::open(&dir.path().join("till.sqlite")).unwrap();
    assert!(kasse::books::journal::copy_made(&store, &issued).unwrap());
    let next = kasse::domain::IssuedReceipt {
        number: issued.number + 1,
        ..issued.clone()
    };
    assert!(!kasse::books::journal::copy_made(&store, &next).unwrap());
    // A return receipt with the same number is another series: its copy is still to make.
    let ret = kasse::domain::IssuedReceipt {
        kind: kasse::domain::ReceiptKind::Return,
        ..issued.clone()
    };
    assert!(!kasse::books::journal::copy_made(&store, &ret).unwrap());
    // Not offered again for this receipt: the key does nothing.
    assert!(!kasse::till::available_actions(&t.state).contains(&Action::PrintCopy));
    t.stop().await;
}

/// The X and Z reports from the till's keys reach the printer whole, laid out for its paper,
/// and the screen shows the same report.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_x_and_z_reports_print_from_the_till() {
    let dir = tempfile::tempdir().unwrap();
    let (mut p, mut t) = till_with_printer(dir.path()).await;
    sale(&mut t).await;
    let _receipt = p.job().await;

    t.handle(Msg::Key(Key::Char('X')));
    let x = p.job().await;
    let text = x.text();
    assert!(text.contains("X REPORT 1"), "{text}");
    // A demo till is the training till: its sale is a training receipt, kept apart.
    assert!(text.contains("TRAINING MODE"), "{text}");
    assert!(text.contains("Sales (0)"), "{text}");
    assert!(text.contains("Training receipts (1)"), "{text}");
    assert!(text.contains("Grand totals (never reset)"), "{text}");
    assert_eq!(x.cuts(), 1, "the report is cut off the roll");
    // No line wider than the paper (generic-80: 48 columns).
    assert!(text.lines().all(|l| l.chars().count() <= 48), "{text}");
    assert!(
        t.run_until(WAIT, |s| matches!(
            s.notice.as_ref().map(|n| &n.say),
            Some(Say::ReportTaken { printed: true, .. })
        ))
        .await
    );
    t.handle(Msg::Key(Key::Enter));

    t.handle(Msg::Key(Key::Char('Z')));
    t.handle(Msg::Key(Key::Enter));
    let z = p.job().await;
    let text = z.text();
    assert!(text.contains("Z REPORT 1"), "{text}");
    assert!(text.contains("Training receipts (1)"), "{text}");
    assert!(text.contains("Grand totals (never reset)"), "{text}");
    assert_eq!(z.cuts(), 1);
    t.stop().await;
}
