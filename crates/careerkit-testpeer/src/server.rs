//! The HTTP server: hyper on 127.0.0.1, on its own thread and runtime so sync tests, async
//! tests and other languages' tests (through the binary) all start it the same way.

use std::collections::{BTreeMap, VecDeque};
use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;

use bytes::Bytes;
use futures::StreamExt;
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tokio::sync::oneshot;

use crate::script::{Dialect, Script, Step};
use crate::wire::{self, Asked, Piece, Rendered};

type BoxError = Box<dyn std::error::Error + Send + Sync>;
type Body = UnsyncBoxBody<Bytes, BoxError>;

/// A request the peer received, for tests to assert on what was sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedRequest {
    /// `GET`, `POST`.
    pub method: String,
    /// The path, e.g. `/v1/chat/completions`.
    pub path: String,
    /// Headers, names lower-cased.
    pub headers: BTreeMap<String, String>,
    /// The JSON body; for multipart, an object of the fields (a file as
    /// `{"filename", "content_type", "bytes"}`); `null` when empty.
    pub body: Value,
}

struct Queue {
    dialect: Dialect,
    models: Vec<String>,
    steps: VecDeque<Step>,
    default: Option<Step>,
}

struct State {
    queue: Mutex<Queue>,
    requests: Mutex<Vec<RecordedRequest>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A test that panicked while holding the lock must not hide the other tests' results.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl State {
    fn next_step(&self) -> Option<(Step, Dialect)> {
        let mut queue = lock(&self.queue);
        let step = queue.steps.pop_front().or_else(|| queue.default.clone())?;
        let dialect = step.dialect.unwrap_or(queue.dialect);
        Some((step, dialect))
    }
}

/// A running peer; stops when dropped.
///
/// ```
/// use careerkit_testpeer::{Script, Step, TestPeer};
///
/// let peer = TestPeer::start(Script::new(vec![Step::text("Hello")])).unwrap();
/// assert!(peer.base_url().starts_with("http://127.0.0.1:"));
/// assert_eq!(peer.remaining_steps(), 1);
/// ```
pub struct TestPeer {
    addr: SocketAddr,
    state: Arc<State>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl TestPeer {
    /// Starts a peer on a free port.
    ///
    /// # Errors
    /// When the port cannot be bound or the runtime cannot start.
    pub fn start(script: Script) -> io::Result<Self> {
        Self::start_on(0, script)
    }

    /// Starts a peer on `port` (0 = any free port).
    ///
    /// # Errors
    /// When the port cannot be bound or the runtime cannot start.
    pub fn start_on(port: u16, script: Script) -> io::Result<Self> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", port))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let models = if script.models.is_empty() {
            vec!["test-model".to_string()]
        } else {
            script.models
        };
        let state = Arc::new(State {
            queue: Mutex::new(Queue {
                dialect: script.dialect,
                models,
                steps: script.steps.into(),
                default: script.default,
            }),
            requests: Mutex::new(Vec::new()),
        });
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (shutdown, stopped) = oneshot::channel();
        let served = state.clone();
        let thread = std::thread::Builder::new()
            .name("careerkit-testpeer".into())
            .spawn(move || runtime.block_on(serve(listener, served, stopped)))?;
        Ok(Self {
            addr,
            state,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT/v1`, the base URL an OpenAI client takes.
    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    /// Appends a step to the script.
    pub fn push(&self, step: Step) {
        lock(&self.state.queue).steps.push_back(step);
    }

    /// Steps not yet used.
    pub fn remaining_steps(&self) -> usize {
        lock(&self.state.queue).steps.len()
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.state.requests).clone()
    }

    /// The JSON bodies of the chat-completion requests received so far.
    pub fn chat_bodies(&self) -> Vec<Value> {
        self.requests()
            .into_iter()
            .filter(|r| r.path == "/v1/chat/completions")
            .map(|r| r.body)
            .collect()
    }

    /// Blocks until the server thread ends (the binary's main loop).
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            // A panicked server thread has nothing more to report.
            let _ = thread.join();
        }
    }
}

impl Drop for TestPeer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            // The server may already be gone; nothing to do then.
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

async fn serve(
    listener: std::net::TcpListener,
    state: Arc<State>,
    mut stopped: oneshot::Receiver<()>,
) {
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
        return;
    };
    loop {
        let accepted = tokio::select! {
            _ = &mut stopped => return,
            accepted = listener.accept() => accepted,
        };
        let Ok((stream, _)) = accepted else { continue };
        // Scripted SSE events must leave as they are produced.
        let _ = stream.set_nodelay(true);
        let state = state.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| handle(state.clone(), request));
            // A scripted reset ends the connection with an error; that is the point.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn handle(state: Arc<State>, request: Request<Incoming>) -> Result<Response<Body>, BoxError> {
    let method = request.method().to_string();
    let path = request.uri().path().to_string();
    let headers: BTreeMap<String, String> = request
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let content_type = headers.get("content-type").cloned().unwrap_or_default();
    let bytes = request.into_body().collect().await?.to_bytes();
    let body = if content_type.starts_with("multipart/form-data") {
        multipart_fields(&content_type, bytes).await?
    } else {
        serde_json::from_slice(&bytes).unwrap_or(Value::Null)
    };
    let rendered = match (method.as_str(), path.as_str()) {
        ("GET", "/_peer/requests") => {
            return Ok(json_response(200, &json!(lock(&state.requests).clone())))
        }
        ("POST", "/_peer/steps") => {
            let steps: Vec<Step> = match body {
                Value::Array(_) => serde_json::from_value(body)?,
                other => vec![serde_json::from_value(other)?],
            };
            lock(&state.queue).steps.extend(steps);
            return Ok(json_response(200, &json!({"ok": true})));
        }
        ("GET", "/v1/models") => {
            let models = lock(&state.queue).models.clone();
            return Ok(json_response(200, &wire::models(&models)));
        }
        ("POST", "/v1/chat/completions") => {
            let asked = asked(&body);
            record(&state, method, path, headers, body);
            match state.next_step() {
                Some((step, dialect)) => wire::chat(&step, dialect, &asked),
                None => wire::error_response(400, "test peer: script exhausted", None),
            }
        }
        ("POST", "/v1/audio/transcriptions") => {
            let format = body["response_format"]
                .as_str()
                .unwrap_or("json")
                .to_string();
            record(&state, method, path, headers, body);
            match state.next_step() {
                Some((step, _)) => wire::transcript(&step, &format),
                None => wire::error_response(400, "test peer: script exhausted", None),
            }
        }
        _ => wire::error_response(404, "test peer: no such route", None),
    };
    respond(rendered).await
}

fn record(
    state: &State,
    method: String,
    path: String,
    headers: BTreeMap<String, String>,
    body: Value,
) {
    lock(&state.requests).push(RecordedRequest {
        method,
        path,
        headers,
        body,
    });
}

fn asked(body: &Value) -> Asked {
    let prompt_chars = body["messages"]
        .as_array()
        .map(|messages| {
            messages
                .iter()
                .map(|m| m["content"].as_str().map_or(0, |c| c.chars().count()))
                .sum()
        })
        .unwrap_or(0);
    Asked {
        model: body["model"].as_str().unwrap_or("test-model").to_string(),
        stream: body["stream"].as_bool().unwrap_or(false),
        include_usage: body["stream_options"]["include_usage"]
            .as_bool()
            .unwrap_or(false),
        prompt_chars,
    }
}

async fn multipart_fields(content_type: &str, bytes: Bytes) -> Result<Value, BoxError> {
    let boundary = multer::parse_boundary(content_type)?;
    let stream = futures::stream::once(async move { Ok::<_, Infallible>(bytes) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut fields = serde_json::Map::new();
    while let Some(field) = multipart.next_field().await? {
        let name = field.name().unwrap_or_default().to_string();
        let filename = field.file_name().map(str::to_string);
        let field_type = field.content_type().map(|m| m.to_string());
        let data = field.bytes().await?;
        let value = match filename {
            Some(filename) => {
                json!({"filename": filename, "content_type": field_type, "bytes": data.len()})
            }
            None => Value::String(String::from_utf8_lossy(&data).into_owned()),
        };
        fields.insert(name, value);
    }
    Ok(Value::Object(fields))
}

fn json_response(status: u16, value: &Value) -> Response<Body> {
    let mut response = Response::new(full(Bytes::from(value.to_string())));
    *response.status_mut() = hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::OK);
    response.headers_mut().insert(
        "content-type",
        hyper::header::HeaderValue::from_static("application/json"),
    );
    response
}

fn full(bytes: Bytes) -> Body {
    Full::new(bytes)
        .map_err(|never| match never {})
        .boxed_unsync()
}

async fn respond(rendered: Rendered) -> Result<Response<Body>, BoxError> {
    if let Some(stall) = rendered.stall_before {
        tokio::time::sleep(stall).await;
    }
    if rendered.reset_before {
        return Err("scripted connection reset before the first byte".into());
    }
    let frames =
        futures::stream::unfold(VecDeque::from(rendered.pieces), |mut pieces| async move {
            loop {
                match pieces.pop_front()? {
                    Piece::Bytes(bytes) => return Some((Ok(Frame::data(bytes)), pieces)),
                    Piece::Sleep(duration) => tokio::time::sleep(duration).await,
                    Piece::Reset => {
                        // Pending lets hyper flush what was sent, and the client read it,
                        // before the connection drops.
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                        let err: BoxError = "scripted connection reset".into();
                        return Some((Err(err), VecDeque::new()));
                    }
                }
            }
        });
    let mut builder = Response::builder()
        .status(rendered.status)
        .header("content-type", rendered.content_type)
        .header("cache-control", "no-cache");
    for (name, value) in rendered.headers {
        builder = builder.header(name, value);
    }
    Ok(builder.body(StreamBody::new(frames.boxed()).boxed_unsync())?)
}
