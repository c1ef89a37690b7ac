//! The till's webhook sink commits deliveries that arrive together in one transaction: every
//! delivery is answered only once its row is in the SQLite file, and duplicates stay duplicates,
//! also inside one batch.

use kasse::runtime::StoreSink;
use kasse::store::Store;
use kasse::webhook::EventSink;
use std::sync::{Arc, Barrier, Mutex};

#[test]
fn concurrent_deliveries_are_all_durable_and_deduplicated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("till.sqlite");
    let sink = Arc::new(StoreSink::new(Arc::new(Mutex::new(
        Store::open(&path).unwrap(),
    ))));
    const THREADS: usize = 16;
    const EACH: usize = 20;
    let start = Arc::new(Barrier::new(THREADS));
    let workers: Vec<_> = (0..THREADS)
        .map(|t| {
            let (sink, start) = (sink.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                let mut answers = Vec::new();
                for i in 0..EACH {
                    // Every key twice: once from this thread, once from its neighbour.
                    for owner in [t, (t + 1) % THREADS] {
                        let key = format!("epayment:ref-{owner}-{i}:AUTHORIZED:psp");
                        answers.push((key.clone(), sink.persist(&key, key.as_bytes()).unwrap()));
                    }
                }
                answers
            })
        })
        .collect();
    let answers: Vec<(String, bool)> = workers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    assert_eq!(answers.len(), THREADS * EACH * 2);
    let new = answers.iter().filter(|(_, fresh)| *fresh).count();
    assert_eq!(new, THREADS * EACH, "each key is new exactly once");
    for owner in 0..THREADS {
        for i in 0..EACH {
            let key = format!("epayment:ref-{owner}-{i}:AUTHORIZED:psp");
            let firsts = answers.iter().filter(|(k, f)| *k == key && *f).count();
            assert_eq!(firsts, 1, "{key}");
        }
    }
    // Read back through a second connection: what was answered is on disk.
    let rows = Store::open(&path).unwrap().webhook_events().unwrap();
    assert_eq!(rows.len(), THREADS * EACH);
}

#[test]
fn a_batch_insert_reports_duplicates_within_itself() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("till.sqlite")).unwrap();
    assert!(store.insert_webhook_events(&[("k1", &b"one"[..])]).unwrap()[0]);
    let fresh = store
        .insert_webhook_events(&[
            ("k1", &b"again"[..]),
            ("k2", &b"two"[..]),
            ("k2", &b"two again"[..]),
        ])
        .unwrap();
    assert_eq!(fresh, vec![false, true, false]);
    assert_eq!(store.webhook_events().unwrap().len(), 2);
}
