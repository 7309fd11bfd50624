//! The inbox's events across instances: each instance `NOTIFY`s what it stored on one
//! channel and `LISTEN`s to it, so a clerk's app connected to either instance hears of a
//! request the other received, and idle job runners wake for new jobs. An instance hears its
//! own notifications too, so an event is delivered locally only through the channel.

use std::sync::mpsc;
use std::time::Duration;

const CHANNEL: &str = "ipdocs_office_events";

/// Sends events to every instance (this one included).
pub struct EventBus {
    outgoing: mpsc::Sender<String>,
}

impl EventBus {
    /// Starts the threads that send and listen, each on a connection of its own (reopened
    /// when it fails); `heard` gets each event's payload.
    pub fn start(url: &str, heard: impl Fn(String) + Send + 'static) -> std::io::Result<EventBus> {
        let (outgoing, queue) = mpsc::channel::<String>();
        let sender_url = url.to_owned();
        std::thread::Builder::new()
            .name("ipdocs-notify".into())
            .spawn(move || send_all(&sender_url, &queue))?;
        let url = url.to_owned();
        std::thread::Builder::new()
            .name("ipdocs-listen".into())
            .spawn(move || loop {
                if let Err(e) = listen(&url, &heard) {
                    tracing::warn!(error = %e, "the event channel failed; listening again");
                }
                std::thread::sleep(Duration::from_secs(1));
            })?;
        Ok(EventBus { outgoing })
    }

    pub fn send(&self, payload: String) {
        let _ = self.outgoing.send(payload);
    }
}

fn send_all(url: &str, queue: &mpsc::Receiver<String>) {
    let mut client: Option<postgres::Client> = None;
    for payload in queue {
        if client.as_ref().is_none_or(postgres::Client::is_closed) {
            client = postgres::Client::connect(url, postgres::NoTls).ok();
        }
        let sent = match client.as_mut() {
            Some(c) => c
                .execute("SELECT pg_notify($1, $2)", &[&CHANNEL, &payload])
                .map(|_| ())
                .map_err(|e| e.to_string()),
            None => Err("no connection".to_owned()),
        };
        if let Err(e) = sent {
            // The event is lost for the other instances; their apps still read the inbox
            // every 15 s and their job runners every 30 s.
            tracing::warn!(error = %e, "an event could not be sent to the other instances");
        }
    }
}

fn listen(url: &str, heard: &impl Fn(String)) -> Result<(), postgres::Error> {
    let mut client = postgres::Client::connect(url, postgres::NoTls)?;
    client.batch_execute(&format!("LISTEN {CHANNEL}"))?;
    let mut notifications = client.notifications();
    let mut incoming = notifications.blocking_iter();
    while let Some(notification) = fallible_iterator::FallibleIterator::next(&mut incoming)? {
        heard(notification.payload().to_owned());
    }
    Ok(())
}
