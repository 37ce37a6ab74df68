//! A minimal browser for page tests: one cookie jar (the session cookie), no redirects
//! followed, forms posted with the page's form token and a same-origin `Origin` header.

use crate::{PASSWORD, TestApp};
use reqwest::StatusCode;

/// One person's browser on the staff pages.
pub struct WebClient {
    pub base: String,
    client: reqwest::Client,
    /// The session cookie (`name=value`), once signed in.
    pub session: Option<String>,
    /// The form token of the last page that had one.
    pub csrf: String,
    /// Extra cookies sent with every request (`hx_lang=en`, say).
    pub extra_cookies: Vec<String>,
}

/// A page as the server answered it.
pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub content_type: String,
    pub set_cookie: Vec<String>,
    pub body: String,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Page {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let body: String = self.body.chars().take(2000).collect();
        f.debug_struct("Page")
            .field("status", &self.status)
            .field("location", &self.location)
            .field("body", &body)
            .finish()
    }
}

impl Page {
    pub fn has(&self, text: &str) -> bool {
        self.body.contains(text)
    }

    /// The inline error shown beside input `field`, if any.
    pub fn field_error(&self, field: &str) -> Option<String> {
        let marker = format!("data-field=\"{field}\">");
        let start = self.body.find(&marker)? + marker.len();
        let end = self.body[start..].find('<')? + start;
        Some(self.body[start..end].to_owned())
    }
}

/// Percent-encodes one form value.
pub fn encode(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

impl WebClient {
    pub fn new(base: &str) -> Self {
        WebClient {
            base: base.to_owned(),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            session: None,
            csrf: String::new(),
            extra_cookies: Vec::new(),
        }
    }

    fn cookies(&self) -> String {
        self.session
            .iter()
            .chain(&self.extra_cookies)
            .cloned()
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn send(&mut self, request: reqwest::RequestBuilder) -> Page {
        let request = match self.cookies() {
            c if c.is_empty() => request,
            c => request.header("cookie", c),
        };
        let response = request.send().await.expect("request sent");
        let status = response.status();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let location = header("location");
        let content_type = header("content-type").unwrap_or_default();
        let set_cookie: Vec<String> = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_owned))
            .collect();
        for cookie in &set_cookie {
            let pair = cookie.split(';').next().unwrap_or("").to_owned();
            if pair.starts_with("hx_session=") {
                self.session = (pair != "hx_session=").then_some(pair);
            }
        }
        let bytes = response.bytes().await.expect("body read").to_vec();
        let body = String::from_utf8_lossy(&bytes).into_owned();
        if let Some(token) = body
            .split("name=\"_csrf\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
        {
            self.csrf = token.to_owned();
        }
        Page {
            status,
            location,
            content_type,
            set_cookie,
            body,
            bytes,
        }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let request = self.client.get(format!("{}{path}", self.base));
        self.send(request).await
    }

    /// Posts a form as a browser on this site would: the page's form token included.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let csrf = self.csrf.clone();
        let mut all: Vec<(&str, &str)> = vec![("_csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_exactly(path, &all, Some(&self.base.clone()))
            .await
    }

    /// Posts exactly `fields`, with `origin` as the `Origin` header (or none).
    pub async fn post_exactly(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        origin: Option<&str>,
    ) -> Page {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut request = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        self.send(request).await
    }

    /// Posts a `multipart/form-data` form with files (field, file name, bytes), as a browser on
    /// this site would: the page's form token included.
    pub async fn post_multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
    ) -> Page {
        let boundary = "----huixiang-test-boundary-7d3f";
        let mut body: Vec<u8> = Vec::new();
        let csrf = self.csrf.clone();
        for (name, value) in std::iter::once(("_csrf", csrf.as_str())).chain(fields.iter().copied())
        {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        for (name, file_name, bytes) in files {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let request = self
            .client
            .post(format!("{}{path}", self.base))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header("origin", self.base.clone())
            .body(body);
        self.send(request).await
    }

    /// Signs in on the login page; panics unless it succeeds.
    pub async fn sign_in(&mut self, username: &str) -> Page {
        let page = self
            .post_exactly(
                "/login",
                &[("username", username), ("password", PASSWORD)],
                None,
            )
            .await;
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "sign in {username}: {page:?}"
        );
        assert!(self.session.is_some(), "no session cookie");
        // Load a page so the form token is known.
        self.get("/workbench").await;
        page
    }
}

impl TestApp {
    /// A browser signed in to the staff pages as a seeded account.
    pub async fn web(&self, username: &str) -> WebClient {
        let mut client = WebClient::new(&self.base);
        client.sign_in(username).await;
        client
    }
}
