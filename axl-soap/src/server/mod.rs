//! The AXL server (feature `server`): a sans-IO-style [`Dispatcher`] over your
//! [`AxlService`], an axum [`router`], an accept loop ([`serve`]) and an in-memory
//! directory ([`MemoryDirectory`]).
//!
//! ```
//! use std::sync::Arc;
//! use std::time::Instant;
//! use axl_soap::server::{http, Access, Dispatcher, MemoryDirectory, ServerConfig};
//!
//! let directory = MemoryDirectory::default();
//! directory.add_app_user("axladmin", "secret", Access::ReadWrite);
//! let dispatcher = Dispatcher::new(Arc::new(directory), ServerConfig::default());
//!
//! // ciscoaxl's first request: GET /axl/ with Basic auth must answer 200.
//! let probe = http::Request::get("/axl/")
//!     .header("authorization", "Basic YXhsYWRtaW46c2VjcmV0") // axladmin:secret
//!     .body(bytes::Bytes::new())?;
//! # #[allow(clippy::disallowed_methods)]
//! let now = Instant::now(); // the dispatcher never reads the clock itself
//! let response = futures_lite_block_on(dispatcher.handle(now, probe));
//! assert_eq!(response.status(), 200);
//!
//! // To serve it: `serve(listener, Some(tls_config), router(Arc::new(dispatcher)), shutdown)`.
//! # fn futures_lite_block_on<F: std::future::Future>(f: F) -> F::Output {
//! #     let mut f = std::pin::pin!(f);
//! #     let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
//! #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod dictionary;
mod dispatch;
mod memory;
mod query;
mod service;
mod sql;
mod throttle;
mod transport;

/// The `http` crate, re-exported so that requests for [`Dispatcher::handle`] use the
/// same version.
pub use ::http;
pub use dispatch::{Dispatcher, ServerConfig, AXL_STATUS_PAGE};
pub use memory::MemoryDirectory;
pub use service::{Access, AxlResult, AxlService, CallContext};
pub use throttle::{ThrottleConfig, WriteThrottle};
pub use transport::{router, serve, SHUTDOWN_GRACE};
