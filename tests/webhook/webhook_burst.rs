//! A burst of 1,000 concurrent signed deliveries (plus concurrent redeliveries) over loopback,
//! into a real SQLite file: every event stored exactly once and handed over exactly once.

use crate::webhook_support;

use kasse::webhook::WebhookEvent;
use std::collections::HashSet;
use std::time::Duration;
use webhook_support::*;

const EVENTS: usize = 1000;
const REDELIVERED: usize = 200;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_deliveries_are_each_stored_once() {
    let mut run = start(config(URL, Duration::from_secs(15 * 60)), EVENTS * 2).await;
    let client = http();
    let bodies: Vec<String> = (0..EVENTS)
        .map(|i| {
            event_body(
                &format!("pos-till1-{i:06}"),
                "AUTHORIZED",
                &format!("psp-{i}"),
            )
        })
        .collect();
    let mut tasks = tokio::task::JoinSet::new();
    // Redeliveries race their originals.
    for body in bodies.iter().chain(bodies.iter().take(REDELIVERED)) {
        let (client, body) = (client.clone(), body.clone());
        let url = run.url(PATH);
        tasks.spawn(async move {
            let h = kasse::webhook::sign(
                &kasse::webhook::RegisteredUrl::parse(URL).unwrap(),
                &kasse::secret::Secret::new(SECRET),
                &now_date(),
                body.as_bytes(),
            );
            client
                .post(url)
                .header("x-ms-date", h.x_ms_date)
                .header("x-ms-content-sha256", h.x_ms_content_sha256)
                .header("authorization", h.authorization)
                .body(body)
                .send()
                .await
                .map(|r| r.status().as_u16())
        });
    }
    let mut statuses = Vec::new();
    while let Some(r) = tasks.join_next().await {
        statuses.push(r.unwrap().unwrap());
    }
    assert_eq!(statuses.len(), EVENTS + REDELIVERED);
    assert!(
        statuses.iter().all(|s| *s == 200),
        "{:?}",
        statuses.iter().filter(|s| **s != 200).collect::<Vec<_>>()
    );
    assert_eq!(run.sink.count(), EVENTS as i64);

    // Every answer came after its event was stored, so the channel already holds them all.
    let mut seen = HashSet::new();
    while let Ok(e) = run.rx.try_recv() {
        let WebhookEvent::Payment(p) = e else {
            panic!("unexpected event")
        };
        assert!(seen.insert(p.reference), "handed over twice");
    }
    assert_eq!(seen.len(), EVENTS);
    run.stop().await.unwrap();
}
