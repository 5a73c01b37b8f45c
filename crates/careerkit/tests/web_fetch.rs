//! Fetching job pages over real HTTP from a server on 127.0.0.1.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use careerkit::web::{fetch_job_page, FetchOptions};
use careerkit::ErrorKind;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Serves each accepted connection with the response `route` gives for its request path.
async fn serve(route: fn(&str) -> (u16, &'static str, String)) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                let n = socket.read(&mut buf).await.unwrap_or(0);
                let request = String::from_utf8_lossy(&buf[..n]);
                let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
                let (status, extra_header, body) = route(&path);
                let response = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n{extra_header}\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(response.as_bytes()).await;
            });
        }
    });
    base
}

fn routes(path: &str) -> (u16, &'static str, String) {
    match path {
        "/job" => (
            200,
            "",
            "<html><head><title>Careers</title></head><body><nav>Home</nav><main><h1>Site Reliability Engineer</h1>\
             <p>Requirements:</p><ul><li>Kubernetes</li><li>Terraform</li></ul></main><footer>Imprint</footer></body></html>"
                .to_string(),
        ),
        "/old" => (301, "Location: /job\r\n", String::new()),
        "/huge" => (200, "", "x".repeat(200_000)),
        _ => (404, "", "not here".to_string()),
    }
}

#[tokio::test]
async fn fetches_a_page_and_keeps_only_its_main_text() {
    let base = serve(routes).await;
    let page = fetch_job_page(&format!("{base}/old"), &FetchOptions::default())
        .await
        .unwrap();
    assert_eq!(page.url, format!("{base}/job"));
    assert_eq!(
        page.text,
        "Site Reliability Engineer\nRequirements:\n- Kubernetes\n- Terraform"
    );
    assert!(!page.from_structured_data);
}

#[tokio::test]
async fn http_errors_and_oversized_pages_are_typed_errors() {
    let base = serve(routes).await;
    let missing = fetch_job_page(&format!("{base}/missing"), &FetchOptions::default())
        .await
        .unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::Network);
    assert!(missing.to_string().contains("404"), "{missing}");
    let small = FetchOptions {
        max_bytes: 10_000,
        ..FetchOptions::default()
    };
    let huge = fetch_job_page(&format!("{base}/huge"), &small)
        .await
        .unwrap_err();
    assert!(huge.to_string().contains("larger than"), "{huge}");
}

#[tokio::test]
async fn non_http_urls_are_refused_without_a_request() {
    let err = fetch_job_page("file:///etc/passwd", &FetchOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Network);
}
