//! Webhooks API calls and the register command's logic, with an in-test registration store.

use crate::client_support;

use client_support::*;
use kasse::secret::Secret;
use kasse::vipps::cli::{delete_registration, ensure_registered, RegistrationStore};
use kasse::vipps::{VippsError, EVENTS};
use serde_json::json;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};

const URL: &str = "https://pos.example.com/vipps/webhooks?store=oslo-1";

/// Vipps's side: registrations in memory, answering as the Webhooks spec says.
#[derive(Default)]
struct Remote {
    regs: Vec<(String, String, Vec<String>)>,
    next: usize,
}

async fn webhooks_server(remote: Arc<Mutex<Remote>>) -> Server {
    start(with_token(move |s, _| {
        let mut r = remote.lock().unwrap();
        match (s.method.as_str(), s.path.as_str()) {
            ("GET", "/webhooks/v1/webhooks") => Reply::json(
                200,
                json!({"webhooks": r.regs.iter().map(|(id, url, ev)| json!({"id":id,"url":url,"events":ev})).collect::<Vec<_>>()}),
            ),
            ("POST", "/webhooks/v1/webhooks") => {
                let body = s.json();
                r.next += 1;
                let id = format!("00000000-0000-0000-0000-{:012}", r.next);
                let events = body["events"].as_array().unwrap().iter().map(|e| e.as_str().unwrap().to_string()).collect();
                r.regs.push((id.clone(), body["url"].as_str().unwrap().to_string(), events));
                Reply::json(201, json!({"id": id, "secret": format!("secret-{}", r.next)}))
            }
            ("DELETE", p) => {
                let id = p.trim_start_matches("/webhooks/v1/webhooks/");
                let before = r.regs.len();
                r.regs.retain(|(i, _, _)| i != id);
                if r.regs.len() < before {
                    Reply::empty(204)
                } else {
                    Reply::problem(404, json!({"title":"Not Found","status":404,"traceId":"t"}))
                }
            }
            _ => Reply::empty(404),
        }
    }))
    .await
}

#[derive(Default)]
struct MemStore(Mutex<Vec<(String, String, Secret)>>);

impl RegistrationStore for MemStore {
    type Error = Infallible;
    fn save(
        &self,
        id: &str,
        url: &str,
        events: &[String],
        secret: &Secret,
    ) -> Result<(), Infallible> {
        assert_eq!(events.len(), EVENTS.len());
        self.0
            .lock()
            .unwrap()
            .push((id.into(), url.into(), secret.clone()));
        Ok(())
    }
    fn all(&self) -> Result<Vec<(String, String, Secret)>, Infallible> {
        Ok(self.0.lock().unwrap().clone())
    }
    fn remove(&self, id: &str) -> Result<(), Infallible> {
        self.0.lock().unwrap().retain(|(i, _, _)| i != id);
        Ok(())
    }
}

#[tokio::test]
async fn register_list_delete_calls() {
    let remote = Arc::new(Mutex::new(Remote::default()));
    let server = webhooks_server(remote.clone()).await;
    let c = client(&server);
    let events: Vec<String> = EVENTS.iter().map(|e| e.to_string()).collect();
    let new = c.register_webhook(URL, &events).await.unwrap();
    assert_eq!(new.secret.expose(), "secret-1");
    assert!(!format!("{new:?}").contains("secret-1"));
    let list = c.list_webhooks().await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].url, URL);
    c.delete_webhook(&new.id).await.unwrap();
    assert!(c.list_webhooks().await.unwrap().is_empty());
    let e = c.delete_webhook(&new.id).await.unwrap_err();
    assert_eq!(e.status(), Some(404));
    assert!(matches!(
        c.delete_webhook("../x").await,
        Err(VippsError::Invalid(_))
    ));

    let post = &server.to("POST", "/webhooks/v1/webhooks")[0];
    assert_platform_headers(post, "token-0");
    assert_eq!(post.json(), json!({"url": URL, "events": EVENTS}));
    assert_eq!(post.header("idempotency-key"), None);
    assert_platform_headers(&server.to("GET", "/webhooks/v1/webhooks")[0], "token-0");
    assert_platform_headers(
        &server.to("DELETE", &format!("/webhooks/v1/webhooks/{}", new.id))[0],
        "token-0",
    );
    assert_eq!(EVENTS.len(), 8);
    assert!(EVENTS.contains(&"login.merchant-initiated.ping.v1"));
}

#[tokio::test]
async fn ensure_registered_keeps_one_we_hold_and_cleans_up_the_rest() {
    let remote = Arc::new(Mutex::new(Remote::default()));
    {
        let mut r = remote.lock().unwrap();
        let all: Vec<String> = EVENTS.iter().map(|e| e.to_string()).collect();
        // Our URL, secret lost; our URL, events missing; somebody else's URL.
        r.regs.push(("lost-1".into(), URL.into(), all.clone()));
        r.regs
            .push(("partial-2".into(), URL.into(), vec![EVENTS[0].into()]));
        r.regs.push((
            "other-3".into(),
            "https://other.example.com/hook".into(),
            all,
        ));
        r.next = 10;
    }
    let server = webhooks_server(remote.clone()).await;
    let c = client(&server);
    let store = MemStore::default();
    // A secret held for a registration Vipps has since dropped, and one for partial-2.
    store
        .save(
            "gone-9",
            URL,
            &EVENTS.map(String::from),
            &Secret::new("old"),
        )
        .unwrap();
    store
        .save(
            "partial-2",
            URL,
            &EVENTS.map(String::from),
            &Secret::new("p"),
        )
        .unwrap();

    let out = ensure_registered(&c, &store, URL).await.unwrap();
    assert_eq!(out.forgotten, ["gone-9"]);
    assert_eq!(out.deleted, ["lost-1", "partial-2"]);
    assert!(out.kept.is_empty());
    let new_id = out.registered.clone().unwrap();
    let held = store.all().unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].0, new_id);
    assert_eq!(held[0].2.expose(), "secret-11");
    let ids: Vec<String> = remote
        .lock()
        .unwrap()
        .regs
        .iter()
        .map(|r| r.0.clone())
        .collect();
    assert_eq!(ids, ["other-3".to_string(), new_id.clone()]);

    // Running it again changes nothing.
    let again = ensure_registered(&c, &store, URL).await.unwrap();
    assert_eq!(again.kept, std::slice::from_ref(&new_id));
    assert_eq!(again.registered, None);
    assert!(again.deleted.is_empty() && again.forgotten.is_empty());

    delete_registration(&c, &store, &new_id).await.unwrap();
    assert!(store.all().unwrap().is_empty());
    assert_eq!(remote.lock().unwrap().regs.len(), 1);
}

#[tokio::test]
async fn the_cli_commands_refuse_demo_mode_and_say_what_is_missing() {
    let demo = kasse::config::Config::demo();
    for e in [
        kasse::vipps::cli::webhooks_register(&demo)
            .await
            .unwrap_err(),
        kasse::vipps::cli::webhooks_list(&demo).await.unwrap_err(),
        kasse::vipps::cli::webhooks_delete(&demo, "x")
            .await
            .unwrap_err(),
    ] {
        assert!(e.to_string().contains("demo"), "{e}");
    }

    let remote = Arc::new(Mutex::new(Remote::default()));
    let server = webhooks_server(remote.clone()).await;
    let text = format!(
        "environment = \"test\"\n[vipps]\nbase_url = \"{}\"\nclient_id = \"{CLIENT_ID}\"\n\
         client_secret = \"{CLIENT_SECRET}\"\nsubscription_key = \"{SUB_KEY}\"\nmsn = \"{MSN}\"\n",
        server.url
    );
    let cfg = kasse::config::Config::from_str_with(&text, None, &|_| None).unwrap();
    let e = kasse::vipps::cli::webhooks_register(&cfg)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("public_url"), "{e}");
    kasse::vipps::cli::webhooks_list(&cfg).await.unwrap();
    assert_eq!(server.to("GET", "/webhooks/v1/webhooks").len(), 1);
}
