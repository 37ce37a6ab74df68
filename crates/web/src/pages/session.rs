//! Signing in and out of the staff pages, the session cookie, the language choice, and the
//! checks every posted form passes: same origin, and this session's form token (CSRF).

use super::forms::{FormData, FormError};
use super::{PageError, render, render_with};
use crate::AppState;
use crate::i18n::Tr;
use askama::Template;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{FromRequest, FromRequestParts, Multipart, Path, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use huixiang_domain::{Actor, Lang, Rejection};
use huixiang_service::{LoginInput, Upload};
use serde::Deserialize;

/// The session cookie: an opaque random id; the database holds only its hash.
pub const SESSION_COOKIE: &str = "hx_session";
/// The reader's language (`zh` or `en`); Simplified Chinese when absent.
pub const LANG_COOKIE: &str = "hx_lang";

/// The signed-in member of staff behind a page request.
pub struct StaffPage {
    pub actor: Actor,
    /// This session's form token, put into every form the page renders.
    pub csrf: String,
    pub t: Tr,
    /// The path (and query) of the page, to come back to after switching language.
    pub here: String,
}

/// The value of cookie `name` in the request, if any.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The language of a page: `?lang=` first, then the language cookie, else Chinese.
pub fn lang_of_request(query: Option<&str>, headers: &HeaderMap) -> Lang {
    let from_query = query.and_then(|q| {
        q.split('&')
            .find_map(|pair| pair.strip_prefix("lang="))
            .map(|v| v.starts_with("en"))
    });
    let from_cookie = || cookie(headers, LANG_COOKIE).map(|v| v == "en");
    match from_query.or_else(from_cookie) {
        Some(true) => Lang::En,
        _ => Lang::Zh,
    }
}

impl FromRequestParts<AppState> for StaffPage {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let t = Tr(lang_of_request(parts.uri.query(), &parts.headers));
        let here = parts
            .uri
            .path_and_query()
            .map_or("/workbench".into(), |p| p.as_str().to_owned());
        let next = if parts.method == axum::http::Method::GET {
            here.clone()
        } else {
            "/workbench".into()
        };
        let sign_in = || PageError::SignIn { next: next.clone() };
        let id = cookie(&parts.headers, SESSION_COOKIE).ok_or_else(sign_in)?;
        match state.service.session_user(id).await {
            Ok(user) => Ok(StaffPage {
                actor: user.actor,
                csrf: user.csrf_token,
                t,
                here,
            }),
            Err(huixiang_service::ServiceError::Rejected(Rejection::Unauthenticated)) => {
                Err(sign_in())
            }
            Err(e) => Err(e.into()),
        }
    }
}

/// A form posted from a staff page: same origin, signed in, with this session's form token.
/// A `multipart/form-data` form brings its files along.
pub struct Posted {
    pub page: StaffPage,
    pub form: FormData,
    pub files: Vec<Upload>,
}

impl FromRequest<AppState> for Posted {
    type Rejection = PageError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        same_origin(&parts.headers)?;
        let page = StaffPage::from_request_parts(&mut parts, state).await?;
        let (form, files) = read_posted(Request::from_parts(parts, body), state).await?;
        let given = form.value("_csrf");
        if !constant_time_eq(given.as_bytes(), page.csrf.as_bytes()) {
            return Err(Rejection::CsrfFailed.into());
        }
        let mut form = form;
        form.0.retain(|(k, _)| k != "_csrf");
        Ok(Posted { page, form, files })
    }
}

/// A form posted from a public page: same origin, no session (R2).
pub struct PublicPosted {
    pub form: FormData,
    pub files: Vec<Upload>,
}

impl FromRequest<AppState> for PublicPosted {
    type Rejection = PageError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        same_origin(req.headers())?;
        let (form, files) = read_posted(req, state).await?;
        Ok(PublicPosted { form, files })
    }
}

/// The fields of a posted form, and its files when it is `multipart/form-data` (a file input
/// left empty sends no file).
async fn read_posted(req: Request, state: &AppState) -> Result<(FormData, Vec<Upload>), PageError> {
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !multipart {
        return Ok((read_form(req, state).await?, Vec::new()));
    }
    let too_large = |e: axum::extract::multipart::MultipartError| -> PageError {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            Rejection::PayloadTooLarge.into()
        } else {
            Rejection::MalformedRequest {
                detail: e.body_text(),
            }
            .into()
        }
    };
    let mut parts =
        Multipart::from_request(req, state)
            .await
            .map_err(|e| Rejection::MalformedRequest {
                detail: e.body_text(),
            })?;
    let mut form = FormData::default();
    let mut files = Vec::new();
    while let Some(field) = parts.next_field().await.map_err(too_large)? {
        let name = field.name().unwrap_or_default().to_owned();
        match field.file_name().map(str::to_owned) {
            Some(file_name) => {
                let bytes = field.bytes().await.map_err(too_large)?;
                if !bytes.is_empty() {
                    files.push(Upload {
                        name: file_name,
                        bytes: bytes.to_vec(),
                    });
                }
            }
            None => form.0.push((name, field.text().await.map_err(too_large)?)),
        }
    }
    Ok((form, files))
}

async fn read_form(req: Request, state: &AppState) -> Result<FormData, PageError> {
    match Form::<Vec<(String, String)>>::from_request(req, state).await {
        Ok(Form(pairs)) => Ok(FormData(pairs)),
        Err(FormRejection::BytesRejection(_)) => Err(Rejection::PayloadTooLarge.into()),
        Err(e) => Err(Rejection::MalformedRequest {
            detail: e.body_text(),
        }
        .into()),
    }
}

/// Refuses a form a browser says came from another site. Browsers send `Sec-Fetch-Site` and
/// `Origin` with every form post; programs that send neither still need the form token.
fn same_origin(headers: &HeaderMap) -> Result<(), Rejection> {
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    if let Some(site) = text("sec-fetch-site")
        && !matches!(site, "same-origin" | "none")
    {
        return Err(Rejection::CsrfFailed);
    }
    if let Some(origin) = text("origin") {
        let origin_host = origin.split_once("://").map(|(_, host)| host);
        let host = text("host");
        if origin_host.is_none() || origin_host != host {
            return Err(Rejection::CsrfFailed);
        }
    }
    Ok(())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Where to go after signing in or switching language: a path on this site, nothing else.
pub fn local_path(next: Option<&str>) -> String {
    match next {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') => p.to_owned(),
        _ => "/workbench".to_owned(),
    }
}

fn set_cookie(state: &AppState, name: &str, value: &str, max_age: Option<i64>) -> HeaderValue {
    let secure = if state.web.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let age = max_age.map_or(String::new(), |s| format!("; Max-Age={s}"));
    let text = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax{age}{secure}");
    HeaderValue::from_str(&text).unwrap_or(HeaderValue::from_static(""))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    t: Tr,
    next: String,
    username: String,
    error: Option<FormError>,
}

#[derive(Deserialize)]
pub struct NextParam {
    next: Option<String>,
}

pub async fn login_page(
    headers: HeaderMap,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
    Query(q): Query<NextParam>,
) -> Result<Response, PageError> {
    let t = Tr(lang_of_request(raw.as_deref(), &headers));
    render(&LoginPage {
        t,
        next: local_path(q.next.as_deref()),
        username: String::new(),
        error: None,
    })
}

/// Signs in: a new session id every time (any session the browser had is ended).
pub async fn login_submit(
    State(state): State<AppState>,
    req: Request,
) -> Result<Response, PageError> {
    let t = Tr(lang_of_request(req.uri().query(), req.headers()));
    same_origin(req.headers())?;
    let old = cookie(req.headers(), SESSION_COOKIE).map(str::to_owned);
    let address =
        crate::extract::ClientAddr::of((req.extensions(), req.headers()), state.web.behind_proxy).0;
    let form = read_form(req, &state).await?;
    let input = LoginInput {
        username: form.get("username"),
        password: form.get("password"),
        address,
    };
    let next = local_path(form.get("next").as_deref());
    match state.service.open_session(input, old.as_deref()).await {
        Ok(session) => {
            let mut response = Redirect::to(&next).into_response();
            response.headers_mut().insert(
                header::SET_COOKIE,
                set_cookie(&state, SESSION_COOKIE, &session.id, None),
            );
            Ok(response)
        }
        Err(huixiang_service::ServiceError::Rejected(r)) => {
            let status = super::status_of(r.kind());
            render_with(
                status,
                &LoginPage {
                    t,
                    next,
                    username: form.value("username").to_owned(),
                    error: Some(FormError::new(&r, t.0)),
                },
            )
        }
        Err(e) => Err(e.into()),
    }
}

/// Signs out: the session ends in the database and the cookie is cleared.
pub async fn logout_submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    _posted: Posted,
) -> Result<Response, PageError> {
    if let Some(id) = cookie(&headers, SESSION_COOKIE) {
        state.service.close_session(id).await?;
    }
    let mut response = Redirect::to("/login").into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        set_cookie(&state, SESSION_COOKIE, "", Some(0)),
    );
    Ok(response)
}

#[derive(Deserialize)]
pub struct BackParam {
    back: Option<String>,
}

/// Chooses the language of the pages (`zh` or `en`) and goes back where the reader was.
pub async fn language_switch(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<BackParam>,
) -> Response {
    let lang = if code == "en" { "en" } else { "zh" };
    let mut response = Redirect::to(&local_path(q.back.as_deref())).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        set_cookie(&state, LANG_COOKIE, lang, Some(365 * 24 * 3600)),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_path(Some("/complaints/1")), "/complaints/1");
        assert_eq!(local_path(Some("//evil.example")), "/workbench");
        assert_eq!(local_path(Some("https://evil.example")), "/workbench");
        assert_eq!(local_path(Some("/\\evil")), "/workbench");
        assert_eq!(local_path(None), "/workbench");
    }

    #[test]
    fn cross_site_posts_are_refused() {
        let mut h = HeaderMap::new();
        h.insert("host", HeaderValue::from_static("127.0.0.1:8080"));
        assert!(same_origin(&h).is_ok());
        h.insert("origin", HeaderValue::from_static("http://127.0.0.1:8080"));
        assert!(same_origin(&h).is_ok());
        h.insert("sec-fetch-site", HeaderValue::from_static("same-origin"));
        assert!(same_origin(&h).is_ok());
        h.insert("origin", HeaderValue::from_static("http://evil.example"));
        assert_eq!(same_origin(&h), Err(Rejection::CsrfFailed));
        h.insert("origin", HeaderValue::from_static("http://127.0.0.1:8080"));
        h.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert_eq!(same_origin(&h), Err(Rejection::CsrfFailed));
    }
}
