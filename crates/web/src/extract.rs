//! Extractors whose failures are named rejections, never axum's plain-text defaults.

use crate::AppState;
use crate::error::ApiError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use huixiang_domain::{Actor, ComplaintId, Rejection};
use serde::de::DeserializeOwned;

/// A JSON body. Malformed JSON, a wrong type or a missing content type is `malformed_request`;
/// too large a body is `payload_too_large`.
pub struct Body<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Body(value)),
            Err(JsonRejection::BytesRejection(_)) => Err(Rejection::PayloadTooLarge.into()),
            Err(e) => Err(Rejection::MalformedRequest {
                detail: e.body_text(),
            }
            .into()),
        }
    }
}

/// Query parameters, with the same treatment.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| Query(q.0))
            .map_err(|e| {
                Rejection::MalformedRequest {
                    detail: e.body_text(),
                }
                .into()
            })
    }
}

/// The `{id}` of a complaint in the path; an id that is not a UUID names no complaint.
pub struct CaseId(pub ComplaintId);

impl<S: Send + Sync> FromRequestParts<S> for CaseId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let axum::extract::Path(raw) =
            axum::extract::Path::<String>::from_request_parts(parts, state)
                .await
                .map_err(|_| ApiError::from(Rejection::ComplaintNotFound))?;
        raw.parse()
            .map(|id| CaseId(ComplaintId(id)))
            .map_err(|_| Rejection::ComplaintNotFound.into())
    }
}

/// The member of staff behind the request's bearer token.
pub struct Staff(pub Actor);

/// The raw bearer token of the request, if any.
pub fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer(parts).ok_or(Rejection::Unauthenticated)?;
        Ok(Staff(state.service.authenticate(token).await?))
    }
}

/// The language the caller asked for (see [`crate::error::lang_of`]).
pub struct ReqLang(pub huixiang_domain::Lang);

impl<S: Send + Sync> FromRequestParts<S> for ReqLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ReqLang(crate::error::lang_of(
            parts.uri.query(),
            &parts.headers,
        )))
    }
}

/// The client's network address, when the server knows it: the peer of the connection, or —
/// behind a reverse proxy the operator vouches for (`--behind-proxy`) — the address the proxy
/// appended last to `X-Forwarded-For` (what the proxy itself saw; earlier entries are the
/// client's own claims). Login and public limits count per this address.
pub struct ClientAddr(pub Option<String>);

impl ClientAddr {
    pub fn of(
        parts: (&axum::http::Extensions, &axum::http::HeaderMap),
        behind_proxy: bool,
    ) -> Self {
        let (extensions, headers) = parts;
        let forwarded = behind_proxy
            .then(|| {
                headers
                    .get_all("x-forwarded-for")
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .flat_map(|v| v.split(','))
                    .map(str::trim)
                    .rfind(|a| a.parse::<std::net::IpAddr>().is_ok())
                    .map(str::to_owned)
            })
            .flatten();
        ClientAddr(forwarded.or_else(|| {
            extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|info| info.0.ip().to_string())
        }))
    }
}

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr::of(
            (&parts.extensions, &parts.headers),
            state.web.behind_proxy,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_address_comes_from_the_proxy_only_when_told() {
        let mut extensions = axum::http::Extensions::new();
        let peer: std::net::SocketAddr =
            "127.0.0.1:5000".parse().unwrap_or(([0, 0, 0, 0], 0).into());
        extensions.insert(axum::extract::ConnectInfo(peer));
        let mut headers = axum::http::HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            axum::http::HeaderValue::from_static("1.2.3.4, not-an-ip, 203.0.113.7"),
        );
        let of = |headers: &axum::http::HeaderMap, proxy| {
            ClientAddr::of((&extensions, headers), proxy).0
        };
        let claim = "a client's claim is ignored";
        assert_eq!(of(&headers, false).as_deref(), Some("127.0.0.1"), "{claim}");
        assert_eq!(of(&headers, true).as_deref(), Some("203.0.113.7"));
        headers.clear();
        assert_eq!(of(&headers, true).as_deref(), Some("127.0.0.1"));
    }
}
