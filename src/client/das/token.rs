//! Access tokens for DAS calls: from a private key (client assertions signed on the
//! platform — a non-extractable WebCrypto key in the browser, a `p256` key natively —
//! tokens cached until shortly before `expires_in`, one refresh in flight at a time) or
//! from the host application's callback.

use crate::das::{auth, errors, DasConfig};
use crate::error::{Error, ErrorKind, Result};
use crate::platform::Platform;
use crate::transport::{DefaultPlatform, ReadAs, Transport};
use futures_util::future::{FutureExt, LocalBoxFuture, Shared};
use std::cell::RefCell;
use std::rc::Rc;

/// Supplies a bearer token from the host application (so no private key lives in the page).
pub type TokenCallback = Rc<dyn Fn() -> LocalBoxFuture<'static, Result<String>>>;

pub enum TokenSource<P: Platform = DefaultPlatform> {
    /// The office's key, as the platform takes it ([`crate::transport::PrivateKey`] in the
    /// browser, [`crate::transport::NativeKey`] natively).
    PrivateKey(P::KeyMaterial),
    Callback(TokenCallback),
}

type Refresh<P> =
    Shared<LocalBoxFuture<'static, Result<(auth::AccessToken, <P as Platform>::SigningKey)>>>;

pub struct Tokens<P: Platform> {
    config: DasConfig,
    transport: Transport<P>,
    source: RefCell<TokenSource<P>>,
    cached: RefCell<Option<auth::AccessToken>>,
    in_flight: RefCell<Option<Refresh<P>>>,
}

impl<P: Platform> Tokens<P> {
    pub fn new(config: DasConfig, transport: Transport<P>, source: TokenSource<P>) -> Tokens<P> {
        Tokens {
            config,
            transport,
            source: RefCell::new(source),
            cached: RefCell::default(),
            in_flight: RefCell::default(),
        }
    }

    /// The `Authorization` header value for the next call.
    pub async fn authorization(&self) -> Result<String> {
        let callback = match &*self.source.borrow() {
            TokenSource::Callback(callback) => Some(callback.clone()),
            TokenSource::PrivateKey(_) => None,
        };
        if let Some(callback) = callback {
            return callback().await.and_then(|token| {
                crate::secret::validate_header_value("access token", &token)
                    .map_err(|e| Error::new(ErrorKind::Auth, e.message().to_owned()))?;
                Ok(format!("Bearer {token}"))
            });
        }
        let now = P::now_ms();
        if let Some(token) = self.cached.borrow().as_ref().filter(|t| t.is_fresh(now)) {
            return Ok(token.header_value());
        }
        let refresh = self.refresh().await?;
        Ok(refresh.header_value())
    }

    /// Forgets the cached token (after a 401).
    pub fn invalidate(&self) {
        self.cached.borrow_mut().take();
    }

    /// Fetches a token, sharing one request (key import included) between concurrent
    /// callers. No `RefCell` borrow is held across an await.
    async fn refresh(&self) -> Result<auth::AccessToken> {
        let shared = {
            let mut in_flight = self.in_flight.borrow_mut();
            in_flight
                .get_or_insert_with(|| {
                    let key = self.key_to_import();
                    let (config, transport) = (self.config.clone(), self.transport);
                    async move {
                        let key = P::import_key(key).await?;
                        let token = fetch_token(config, transport, key.clone()).await?;
                        Ok((token, key))
                    }
                    .boxed_local()
                    .shared()
                })
                .clone()
        };
        let result = shared.await;
        self.in_flight.borrow_mut().take();
        let (token, key) = result?;
        // Keep the key ready to sign; wipe what it was made from.
        let mut source = self.source.borrow_mut();
        if let TokenSource::PrivateKey(material) = &mut *source {
            P::wipe(material);
        }
        *source = TokenSource::PrivateKey(P::imported(key));
        *self.cached.borrow_mut() = Some(token.clone());
        Ok(token)
    }

    /// A copy of the key as given, for the import inside the shared refresh.
    fn key_to_import(&self) -> P::KeyMaterial {
        match &*self.source.borrow() {
            TokenSource::PrivateKey(material) => material.clone(),
            TokenSource::Callback(_) => unreachable!("callbacks do not sign"),
        }
    }
}

/// Signs a fresh client assertion and exchanges it for a token. A transient failure (the
/// endpoint down, rate limited, unreachable) is tried again by the client's retry policy,
/// each time with a new assertion: an assertion is single-use, so the request itself is
/// never resent.
async fn fetch_token<P: Platform>(
    config: DasConfig,
    transport: Transport<P>,
    key: P::SigningKey,
) -> Result<auth::AccessToken> {
    transport
        .retrying(true, None, async |_| {
            exchange_assertion(&config, transport, &key).await
        })
        .await
}

async fn exchange_assertion<P: Platform>(
    config: &DasConfig,
    transport: Transport<P>,
    key: &P::SigningKey,
) -> Result<auth::AccessToken> {
    let now_ms = P::now_ms();
    let input = auth::assertion_signing_input(config, now_ms / 1000, &P::random_hex(16)?);
    let signature = P::sign_es256(key, input.as_bytes()).await?;
    let assertion = auth::assemble_assertion(&input, &signature)?;
    let request = auth::token_request(config, &assertion);
    let reply = transport
        .send_as(&request, ReadAs::Text, None, |head, body, _| {
            errors::token_error(head, body)
        })
        .await?;
    auth::parse_token_response(&reply.head, reply.text(), now_ms)
}
