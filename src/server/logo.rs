//! The organization logo: uploaded through Settings (`POST /orgs/{slug}/logo`, a multipart form),
//! checked by decoding it, stored re-encoded as PNG and served from our own origin
//! (`GET /orgs/{slug}/logo`). An upload over the limit is refused from its `Content-Length`
//! before its body is read, and the body is cut off at the limit when it has none.

use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::auth;
use super::repo::orgs;
use super::state::AppState;
use crate::domain::settings::LOGO_MAX_BYTES;
use crate::error::AppError;

/// Longest side of a stored logo, in pixels (bigger images are scaled down).
const MAX_SIDE: u32 = 512;
/// Largest image accepted, in pixels a side, before decoding allocates for it.
const MAX_DECODE_SIDE: u32 = 8192;

/// Why an upload was refused: the code its redirect carries (`domain::settings::logo_refusal`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Over `LOGO_MAX_BYTES`.
    TooLarge,
    /// Not PNG, JPEG or WebP.
    NotImage,
    /// Claims a format but does not decode.
    Unreadable,
    /// No file.
    Empty,
}

impl Refusal {
    fn code(self) -> &'static str {
        match self {
            Refusal::TooLarge => "too_large",
            Refusal::NotImage => "not_image",
            Refusal::Unreadable => "unreadable",
            Refusal::Empty => "empty",
        }
    }
}

/// Checks `bytes` by decoding them (PNG, JPEG or WebP only, whatever the file is called) and
/// answers them re-encoded as PNG, scaled down to `MAX_SIDE`, with the size.
pub fn reencode(bytes: &[u8]) -> Result<(Vec<u8>, (u32, u32)), Refusal> {
    use image::{ImageFormat, ImageReader};
    if bytes.is_empty() {
        return Err(Refusal::Empty);
    }
    if bytes.len() > LOGO_MAX_BYTES {
        return Err(Refusal::TooLarge);
    }
    let format = image::guess_format(bytes).map_err(|_| Refusal::NotImage)?;
    if !matches!(format, ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP) {
        return Err(Refusal::NotImage);
    }
    let mut reader = ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_DECODE_SIDE);
    limits.max_image_height = Some(MAX_DECODE_SIDE);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let img = reader.decode().map_err(|_| Refusal::Unreadable)?;
    let img = if img.width() > MAX_SIDE || img.height() > MAX_SIDE {
        img.thumbnail(MAX_SIDE, MAX_SIDE)
    } else {
        img
    };
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), ImageFormat::Png)
        .map_err(|_| Refusal::Unreadable)?;
    Ok((out, (img.width(), img.height())))
}

fn settings_page(slug: &str, query: &str) -> Response {
    Redirect::to(&format!("/orgs/{slug}/settings?{query}#logo")).into_response()
}

/// `POST /orgs/{slug}/logo`: the Settings form's upload (field `logo`). Answers with a redirect
/// back to Settings that says what happened (`logo=saved`, or `logo_error=<code>`).
pub async fn upload(
    State(state): State<AppState>,
    session: Session,
    Path(slug): Path<String>,
    headers: HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let result = async {
        let caller = auth::session_caller(&state, &session).await?;
        let org = orgs::id_by_slug(&state.db, &slug)
            .await?
            .ok_or(AppError::NotFound)?;
        // Who may change it is known before anything of the file is read.
        caller
            .require(&state.db, org, crate::domain::role::Action::ManageSettings)
            .await?;
        // The form's other parts are a few hundred bytes; more than that over the limit is
        // refused without reading it.
        let declared = headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        if declared.is_some_and(|n| n > LOGO_MAX_BYTES + 16 * 1024) {
            return Ok(Err(Refusal::TooLarge));
        }
        let Ok(mut multipart) = multipart else {
            return Ok(Err(Refusal::Empty));
        };
        let mut file = Vec::new();
        while let Ok(Some(mut field)) = multipart.next_field().await {
            if field.name() != Some("logo") {
                continue;
            }
            // Read chunk by chunk and stop at the limit (the body limit of the route cuts the
            // stream off there too: an error while reading is an upload that was too large).
            loop {
                match field.chunk().await {
                    Ok(Some(chunk)) if file.len() + chunk.len() > LOGO_MAX_BYTES => {
                        return Ok(Err(Refusal::TooLarge))
                    }
                    Ok(Some(chunk)) => file.extend_from_slice(&chunk),
                    Ok(None) => break,
                    Err(_) => return Ok(Err(Refusal::TooLarge)),
                }
            }
        }
        let checked = tokio::task::spawn_blocking(move || reencode(&file))
            .await
            .map_err(|_| AppError::Internal)?;
        match checked {
            Ok((png, size)) => {
                crate::service::settings::set_logo(&state.db, &caller, org, &png, size).await?;
                Ok(Ok(()))
            }
            Err(r) => Ok(Err(r)),
        }
    }
    .await;
    match result {
        Ok(Ok(())) => settings_page(&slug, "logo=saved"),
        Ok(Err(refusal)) => settings_page(&slug, &format!("logo_error={}", refusal.code())),
        Err(AppError::Forbidden) => settings_page(&slug, "logo_error=forbidden"),
        Err(e) => (
            StatusCode::from_u16(e.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            e.to_string(),
        )
            .into_response(),
    }
}

/// `POST /orgs/{slug}/logo/remove`: the Settings form's Remove logo; back to Settings.
pub async fn remove(State(state): State<AppState>, session: Session, Path(slug): Path<String>) -> Response {
    let result = async {
        let caller = auth::session_caller(&state, &session).await?;
        let org = orgs::id_by_slug(&state.db, &slug)
            .await?
            .ok_or(AppError::NotFound)?;
        crate::service::settings::remove_logo(&state.db, &caller, org).await
    }
    .await;
    match result {
        Ok(()) => settings_page(&slug, "logo=removed"),
        Err(AppError::Forbidden) => settings_page(&slug, "logo_error=forbidden"),
        Err(e) => (
            StatusCode::from_u16(e.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            e.to_string(),
        )
            .into_response(),
    }
}

/// `GET /orgs/{slug}/logo`: the stored PNG, for those who may open the organization's
/// dashboard (`?v=` names the version, so a browser may keep it).
pub async fn serve(State(state): State<AppState>, session: Session, Path(slug): Path<String>) -> Response {
    let result = async {
        let caller = auth::session_caller(&state, &session).await?;
        let org = orgs::id_by_slug(&state.db, &slug)
            .await?
            .ok_or(AppError::NotFound)?;
        crate::service::settings::logo(&state.db, &caller, org).await
    }
    .await;
    match result {
        Ok(png) => (
            [
                (header::CONTENT_TYPE, "image/png"),
                (header::CACHE_CONTROL, "private, max-age=86400"),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            ],
            png,
        )
            .into_response(),
        // Someone who may not see the organization learns nothing about it.
        Err(AppError::Forbidden) | Err(AppError::Unauthorized) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => StatusCode::from_u16(e.status_code())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbaImage::from_pixel(w, h, image::Rgba([40, 80, 200, 255]));
        let mut out = Vec::new();
        image::DynamicImage::ImageRgba8(img)
            .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn a_real_image_is_kept_as_png_and_scaled_down() {
        let (out, size) = reencode(&png(64, 32)).unwrap();
        assert_eq!(size, (64, 32));
        assert_eq!(image::guess_format(&out).unwrap(), image::ImageFormat::Png);
        let (_, big) = reencode(&png(1024, 256)).unwrap();
        assert_eq!(big, (512, 128));
    }

    #[test]
    fn anything_else_is_refused_with_its_reason() {
        assert_eq!(reencode(b""), Err(Refusal::Empty));
        assert_eq!(
            reencode(b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
            Err(Refusal::NotImage)
        );
        assert_eq!(reencode(b"GIF89a\x01\x00\x01\x00"), Err(Refusal::NotImage));
        // A PNG signature with nothing behind it.
        let mut broken = png(8, 8);
        broken.truncate(30);
        assert_eq!(reencode(&broken), Err(Refusal::Unreadable));
        assert_eq!(reencode(&vec![0u8; LOGO_MAX_BYTES + 1]), Err(Refusal::TooLarge));
    }
}
